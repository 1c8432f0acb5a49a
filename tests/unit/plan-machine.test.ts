import { describe, expect, it } from "vitest";
import { initialTransition, transition } from "xstate";
import { createTestModel } from "xstate/graph";
import { judge, restore, takeStep } from "#machines/workflow";
import {
  COMMENTING_PLAN_STATES,
  EDITABLE_PLAN_STATES,
  REVISABLE_PLAN_STATES,
  planWorkflow,
  nextPlanEvent,
  PLAN_EVENT_GUARDS,
  PLAN_EVENT_TYPES,
  PLAN_STATES,
  planMachine,
  type PlanEvent,
  type PlanEventType,
  type PlanFacts,
  type PlanGuard,
} from "#machines/plan";

const OK: PlanFacts = {
  today: "2026-03-10",
  contentComplete: true,
  allCommentsAnswered: true,
  consultationClosedOn: "2026-03-09",
};
const ev = (
  type: PlanEventType,
  facts: Partial<PlanFacts> = {},
  on = "2026-03-10",
  extra: Partial<PlanEvent> = {},
): PlanEvent => ({
  type,
  on,
  facts: { ...OK, ...facts },
  adoptingBody: "Rada Miasta Zielona Góra",
  resolutionNumber: "LXI/812/23",
  ...extra,
});
const BREAK: Record<PlanGuard, (t: PlanEventType) => PlanEvent> = {
  notInFuture: (t) => ev(t, {}, "2026-03-11"),
  contentComplete: (t) => ev(t, { contentComplete: false }),
  allCommentsAnswered: (t) => ev(t, { allCommentsAnswered: false }),
  consultationReportRecorded: (t) => ev(t, { consultationClosedOn: null }),
  adoptionRecorded: (t) => ev(t, {}, "2026-03-10", { resolutionNumber: " " }),
};

const ORDER = ["drafting", "consultation", "adopted", "implementing", "evaluated"] as const;
const reach = (state: (typeof ORDER)[number]) => {
  let [s] = initialTransition(planMachine);
  for (let i = 0; i < ORDER.indexOf(state); i++) [s] = transition(planMachine, s, ev(PLAN_EVENT_TYPES[i]!));
  return s;
};

describe("plan machine", () => {
  PLAN_EVENT_TYPES.forEach((type, i) => {
    const from = ORDER[i]!;
    it(`${from} --${type}--> ${ORDER[i + 1]}`, () => {
      expect(transition(planMachine, reach(from), ev(type))[0].value).toBe(ORDER[i + 1]);
    });
    for (const guard of PLAN_EVENT_GUARDS[type]) {
      it(`${from} --${type}--> refused when ${guard} fails`, () => {
        const s = reach(from);
        expect(s.can(BREAK[guard](type))).toBe(false);
        expect(transition(planMachine, s, BREAK[guard](type))[0].value).toBe(from);
      });
    }
  });

  it("adoption needs the consultation closed with its report on or before the adoption's date", () => {
    const s = reach("consultation");
    expect(s.can(ev("ADOPT", { consultationClosedOn: "2026-03-10" }))).toBe(true);
    expect(s.can(ev("ADOPT", { consultationClosedOn: "2026-03-10" }, "2026-03-09"))).toBe(false);
    expect(s.can(ev("ADOPT", { consultationClosedOn: null }))).toBe(false);
    expect(s.can(ev("ADOPT", { allCommentsAnswered: false }))).toBe(false);
  });

  it("adoption is impossible without consultation first", () => {
    expect(reach("drafting").can(ev("ADOPT"))).toBe(false);
  });

  it("evaluated is final", () => {
    const s = reach("evaluated");
    expect(s.status).toBe("done");
    for (const t of PLAN_EVENT_TYPES) expect(s.can(ev(t))).toBe(false);
  });

  it("every state is reachable (xstate/graph)", () => {
    const paths = createTestModel(planMachine, { events: PLAN_EVENT_TYPES.map((t) => ev(t)) }).getShortestPaths();
    expect([...new Set(paths.flatMap((p) => p.steps.map((s) => String(s.state.value))))].sort()).toEqual(
      [...PLAN_STATES].sort(),
    );
  });
});

describe("the next step of a plan version", () => {
  it("is read from the machine: one step per state, none once evaluated", () => {
    expect(PLAN_STATES.map((s) => nextPlanEvent(s))).toEqual([
      "START_CONSULTATION",
      "ADOPT",
      "START_IMPLEMENTATION",
      "EVALUATE",
      null,
    ]);
  });
});

describe("plan machine as a workflow: tags and named effects", () => {
  it("what each state allows is read from its tags", () => {
    expect(EDITABLE_PLAN_STATES).toEqual(["drafting"]);
    expect(COMMENTING_PLAN_STATES).toEqual(["consultation"]);
    expect(REVISABLE_PLAN_STATES).toEqual(["adopted", "implementing"]);
  });

  it("adoption is judged by the shared routine and asks for its named effect", () => {
    const drafting = restore(planWorkflow, null, null);
    expect(judge(planWorkflow, drafting, ev("ADOPT"))).toEqual({ ok: false, inState: false });
    const consultation = takeStep(planWorkflow, drafting, ev("START_CONSULTATION")).next;
    expect(
      judge(
        planWorkflow,
        consultation,
        ev("ADOPT", { allCommentsAnswered: false }, "2026-03-10", { adoptingBody: "Rada", resolutionNumber: "1/2026" }),
      ),
    ).toEqual({
      ok: false,
      inState: true,
      failing: ["allCommentsAnswered"],
    });
    const adopt = ev("ADOPT", {}, "2026-03-10", { adoptingBody: "Rada", resolutionNumber: "1/2026" });
    expect(judge(planWorkflow, consultation, adopt)).toEqual({ ok: true });
    const step = takeStep(planWorkflow, consultation, adopt);
    expect(step.next.value).toBe("adopted");
    expect(step.effects).toEqual(["recordAdoption"]);
    expect(takeStep(planWorkflow, step.next, ev("START_IMPLEMENTATION")).effects).toEqual([]);
  });

  it("refuses a snapshot of another machine version", () => {
    expect(() => restore(planWorkflow, {}, 99)).toThrow(/machine version 99/);
  });
});
