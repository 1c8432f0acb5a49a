import { describe, expect, it } from "vitest";
import { describeChanges } from "#app/modules/plans/compare";
import { EMPTY_PLAN_CONTENT, type PlanContent } from "#app/modules/plans/schemas";

const v1: PlanContent = {
  ...EMPTY_PLAN_CONTENT,
  periodFrom: "2022-08-01",
  periodTo: "2023-08-31",
  diagnosis: { ...EMPTY_PLAN_CONTENT.diagnosis, waitingList: 18, placesByType: { pl_protected_supported_flat: 24 } },
  goals: [
    { id: "g-move", title: "Przejście 30 mieszkańców", description: "" },
    { id: "g-staff", title: "Przygotowanie kadry", description: "" },
  ],
  actions: [
    {
      id: "a-flats",
      goalId: "g-move",
      title: "Dwa mieszkania",
      owner: "DPS",
      start: "2022-10-01",
      deadline: "2023-04-30",
      budget: 1200000,
      currency: "PLN",
      fundingSource: "POWER",
      status: "planned",
    },
  ],
  milestones: [{ id: "m-1", date: "2023-03-31", title: "Pierwsze przeprowadzki", targets: { RES_MOVED: 10 } }],
};

describe("comparing two versions of a plan", () => {
  it("names each change by section, item title and field label, with typed values (no field paths, no JSON)", () => {
    const v2: PlanContent = {
      ...v1,
      diagnosis: {
        ...v1.diagnosis,
        waitingList: 25,
        placesByType: { pl_protected_supported_flat: 24, pl_training_flat: 6 },
      },
      actions: [{ ...v1.actions[0]!, goalId: "g-staff", budget: 1300000, status: "done" }],
      milestones: [{ ...v1.milestones[0]!, targets: { RES_MOVED: 12 } }],
      risks: [
        {
          id: "r-1",
          description: "Opóźnienie adaptacji lokali",
          likelihood: "medium",
          impact: "high",
          mitigation: "",
          owner: "",
        },
      ],
    };
    expect(describeChanges(v1, v2)).toEqual([
      {
        section: "diagnosis",
        change: "changed",
        item: null,
        field: { key: "plans.figures.waitingList" },
        before: { kind: "number", n: 18 },
        after: { kind: "number", n: 25 },
      },
      {
        section: "diagnosis",
        change: "changed",
        item: null,
        field: { key: "plans.compareLabels.places", values: { type: "t:catalogues.housing.pl_training_flat" } },
        before: { kind: "number", n: 0 },
        after: { kind: "number", n: 6 },
      },
      {
        section: "actions",
        change: "changed",
        item: "Dwa mieszkania",
        field: { key: "plans.goal" },
        before: { kind: "text", text: "Przejście 30 mieszkańców" },
        after: { kind: "text", text: "Przygotowanie kadry" },
      },
      {
        section: "actions",
        change: "changed",
        item: "Dwa mieszkania",
        field: { key: "plans.budget" },
        before: { kind: "money", amount: 1200000, currency: "PLN" },
        after: { kind: "money", amount: 1300000, currency: "PLN" },
      },
      {
        section: "actions",
        change: "changed",
        item: "Dwa mieszkania",
        field: { key: "plans.status" },
        before: { kind: "label", label: { key: "plans.actionStatuses.planned" } },
        after: { kind: "label", label: { key: "plans.actionStatuses.done" } },
      },
      {
        section: "milestones",
        change: "changed",
        item: "Pierwsze przeprowadzki",
        field: { key: "indicators.RES_MOVED" },
        before: { kind: "number", n: 10 },
        after: { kind: "number", n: 12 },
      },
      {
        section: "risks",
        change: "added",
        item: "Opóźnienie adaptacji lokali",
        field: { key: "plans.risk" },
        before: null,
        after: {
          kind: "fields",
          fields: [
            { label: { key: "plans.risk" }, value: { kind: "text", text: "Opóźnienie adaptacji lokali" } },
            { label: { key: "plans.likelihood" }, value: { kind: "label", label: { key: "plans.levels.medium" } } },
            { label: { key: "plans.impact" }, value: { kind: "label", label: { key: "plans.levels.high" } } },
          ],
        },
      },
    ]);
  });

  it("a renamed goal is one change; a removed milestone is one row with what it was; equal versions have none", () => {
    const v2: PlanContent = {
      ...v1,
      goals: [{ ...v1.goals[0]!, title: "Przejście 32 mieszkańców" }, v1.goals[1]!],
      milestones: [],
    };
    const rows = describeChanges(v1, v2);
    expect(rows.map((r) => [r.section, r.change, r.item, r.field.key])).toEqual([
      ["goals", "changed", "Przejście 32 mieszkańców", "plans.goal"],
      ["actions", "changed", "Dwa mieszkania", "plans.goal"],
      ["milestones", "removed", "Pierwsze przeprowadzki", "plans.milestone"],
    ]);
    expect(rows[2]!.before).toEqual({
      kind: "fields",
      fields: [
        { label: { key: "plans.milestone" }, value: { kind: "text", text: "Pierwsze przeprowadzki" } },
        { label: { key: "plans.date" }, value: { kind: "date", date: "2023-03-31" } },
        { label: { key: "indicators.RES_MOVED" }, value: { kind: "number", n: 10 } },
      ],
    });
    expect(describeChanges(v1, structuredClone(v1))).toEqual([]);
  });
});
