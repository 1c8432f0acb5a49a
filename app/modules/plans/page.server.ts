import type { z } from "zod";
import { planStateAllows, type PlanEventType } from "#machines/plan";
import type { ServiceContext } from "#app/utils/context.server";
import { AppError } from "#app/utils/errors";
import type { Flash } from "#app/utils/flash.server";
import { HOUSING_TYPES, SERVICE_TYPES, validEntries } from "#app/modules/catalogues/catalogues";
import { MILESTONE_INDICATORS } from "./constants";
import { budgetTotals, planCurrency } from "./costs";
import { addCostLine, removeCostLine, requirePlanCurrency } from "./costs.server";
import { catalogueOf, draftDiagnosis, editDiagnosisFigures } from "./diagnosis.server";
import type { PLAN_PAGE_SCHEMAS } from "./schemas";
import { lateActionItems } from "./working-group.server";
import {
  actionStatuses,
  addComment,
  answerComment,
  closeConsultation,
  editPlan,
  findPlan,
  getPlanVersion,
  milestoneStatuses,
  newItemId,
  planEvent,
  revisePlan,
  setActionStatus,
} from "./service.server";

/** Everything the plan page shows: a version with its history, milestones against live counts, action statuses, the place types of the country. */
export function planPage(ctx: ServiceContext, planId: number, versionNumber?: number) {
  const data = getPlanVersion(ctx, planId, versionNumber);
  return {
    ...data,
    milestones: milestoneStatuses(ctx, data.plan.municipalityId, data.country, data.version.content),
    statuses: actionStatuses(ctx, data.plan.id, data.version.content),
    lateItems: lateActionItems(ctx, data.plan.id),
    placeTypes: [
      ...validEntries(HOUSING_TYPES, data.country, null),
      ...validEntries(SERVICE_TYPES, data.country, null),
    ].map((e) => e.code),
    catalogue: catalogueOf(data.country),
    currency: planCurrency(data.version.content, data.country),
    budget: budgetTotals(data.version.content.actions, planCurrency(data.version.content, data.country)),
    /** What the shown version's state allows (the machine stays on the server). */
    allows: planStateAllows(data.version.state),
  };
}
export type PlanPage = ReturnType<typeof planPage>;

type Schemas = typeof PLAN_PAGE_SCHEMAS;
/** A validated form of the plan page: its intent and the output of that intent's schema. */
export type PlanPageCommand = { [K in keyof Schemas]: { intent: K; input: z.output<Schemas[K]> } }[keyof Schemas];

/** Where the page goes after a command, and the message it shows there. */
export interface PlanPageOutcome {
  version?: number;
  flash: Flash;
}

const saved: PlanPageOutcome = { flash: { key: "plans.saved" } };

/**
 * Carries out one form of the plan page: edits of the draft's document (each a versioned write
 * through `editPlan`, with the rules that need the document: an action's goal must exist, an
 * action or milestone may not fall after the plan's end), action statuses, consultation comments,
 * a revision, or a lifecycle step through the plan machine.
 */
export function runPlanCommand(ctx: ServiceContext, planId: number, cmd: PlanPageCommand): PlanPageOutcome {
  switch (cmd.intent) {
    case "general": {
      const g = cmd.input;
      editPlan(ctx, planId, g.version, "general_updated", (c) => ({
        ...c,
        periodFrom: g.periodFrom,
        periodTo: g.periodTo,
        regionalPlanLink: g.regionalPlanLink,
        monitoring: g.monitoring,
        diagnosis: { ...c.diagnosis, text: g.diagnosisText },
      }));
      return saved;
    }
    case "draftDiagnosis":
      draftDiagnosis(ctx, planId, cmd.input);
      return { flash: { key: "plans.diagnosisDraft.done" } };
    case "diagnosis":
      editDiagnosisFigures(ctx, planId, cmd.input);
      return saved;
    case "cost":
      addCostLine(ctx, planId, cmd.input);
      return saved;
    case "removeCost":
      removeCostLine(ctx, planId, cmd.input);
      return saved;
    case "goal": {
      const g = cmd.input;
      editPlan(ctx, planId, g.version, "goal_added", (c) => ({
        ...c,
        goals: [...c.goals, { id: newItemId(), title: g.title, description: g.description }],
      }));
      return saved;
    }
    case "action": {
      const { intent: _i, version, ...rest } = cmd.input;
      const { country } = findPlan(ctx, planId);
      editPlan(ctx, planId, version, "action_added", (c) => {
        if (!c.goals.some((g) => g.id === rest.goalId)) throw new AppError("validation", "plans.errors.unknownGoal");
        if (c.periodTo && rest.deadline > c.periodTo) throw new AppError("validation", "plans.errors.afterPlanEnd");
        requirePlanCurrency(c, country, rest.currency);
        return { ...c, actions: [...c.actions, { id: newItemId(), ...rest, status: "planned" as const }] };
      });
      return saved;
    }
    case "milestone": {
      const m = cmd.input;
      const targets = Object.fromEntries(
        MILESTONE_INDICATORS.map((code) => [code, m[`target_${code}`]])
          .filter(([, v]) => v !== "" && v !== undefined)
          .map(([k, v]) => [k, Number(v)]),
      );
      editPlan(ctx, planId, m.version, "milestone_added", (c) => {
        if (c.periodTo && m.date > c.periodTo) throw new AppError("validation", "plans.errors.afterPlanEnd");
        return { ...c, milestones: [...c.milestones, { id: newItemId(), date: m.date, title: m.title, targets }] };
      });
      return saved;
    }
    case "risk": {
      const { intent: _i, version, ...rest } = cmd.input;
      editPlan(ctx, planId, version, "risk_added", (c) => ({
        ...c,
        risks: [...c.risks, { id: newItemId(), ...rest }],
      }));
      return saved;
    }
    case "remove": {
      const r = cmd.input;
      editPlan(ctx, planId, r.version, `${r.section}_removed`, (c) => ({
        ...c,
        [r.section]: (c[r.section] as { id: string }[]).filter((i) => i.id !== r.itemId),
      }));
      return saved;
    }
    case "status":
      setActionStatus(ctx, planId, cmd.input);
      return saved;
    case "comment":
      addComment(ctx, planId, cmd.input);
      return { flash: { key: "plans.commentSaved" } };
    case "answer":
      answerComment(ctx, planId, cmd.input);
      return { flash: { key: "plans.commentSaved" } };
    case "closeConsultation":
      closeConsultation(ctx, planId, cmd.input);
      return { flash: { key: "plans.consultationClosed" } };
    case "revise":
      return { version: revisePlan(ctx, planId, cmd.input.version), flash: { key: "plans.revised" } };
    default: {
      const l = cmd.input;
      const to = planEvent(ctx, planId, {
        type: cmd.intent as PlanEventType,
        version: l.version,
        on: l.on,
        adoptingBody: l.adoptingBody,
        resolutionNumber: l.resolutionNumber,
      });
      return { flash: { key: "plans.stateChanged", values: { state: `t:plans.states.${to}` } } };
    }
  }
}
