import { z } from "zod";
import { LEGAL_CAPACITIES, LOCALES, PLAN_SECTIONS, TARGET_GROUPS, WG_ITEM_STATES } from "#db/schema/enums";
import { isValidDate } from "#app/utils/dates";
import { requiredDate, optionalDate } from "#app/modules/residents/schemas";
import { requiredText, text } from "#app/utils/validation";
import { ACTION_STATUSES, CURRENCIES, MILESTONE_INDICATORS, RISK_LEVELS } from "./constants";
import { RETRAINING_STATUSES } from "./diagnosis";
import { costLineSchema, costSchema, removeCostSchema } from "./cost-schemas";
import { diagnosisFiguresSchema, draftDiagnosisSchema } from "./diagnosis-schemas";

const count = z.number().int().min(0).max(1_000_000);
const id = z.string().min(1).max(40);
/** A breakdown cell: a count, or null when hidden as a small count (decision 039). */
const cell = count.nullable();
const cells = z.record(z.string().max(200), cell);

/** The whole plan document of one version (stored as JSON, validated on every write). */
export const planContentSchema = z.object({
  periodFrom: z.string().refine(isValidDate).nullable(),
  periodTo: z.string().refine(isValidDate).nullable(),
  regionalPlanLink: z.string().max(500),
  diagnosis: z.object({
    residentsByTargetGroup: z.record(z.enum(TARGET_GROUPS), cell),
    /** Places in supported housing by catalogue type code (older content: service places too). */
    placesByType: z.record(z.string().max(60), cell),
    staff: count,
    waitingList: count,
    text: z.string().max(20_000),
    // Issue #20 item 3 (decision 039): more breakdowns, and which figures came from the register.
    residents: count.optional(),
    residentsByAgeBand: cells.optional(),
    residentsByLegalCapacity: z.partialRecord(z.enum(LEGAL_CAPACITIES), cell).optional(),
    /** Persons receiving each community service (catalogue type code). */
    servicesByType: z.record(z.string().max(60), cell).optional(),
    staffByRole: cells.optional(),
    staffByRetraining: z.partialRecord(z.enum(RETRAINING_STATUSES), cell).optional(),
    register: z
      .object({
        asOf: z.string().refine(isValidDate),
        draftedAt: z.string().max(40),
        figures: z.array(z.string().max(300)).max(2000),
      })
      .nullable()
      .optional(),
  }),
  goals: z.array(z.object({ id, title: z.string().min(1).max(300), description: z.string().max(4000) })).max(100),
  actions: z
    .array(
      z.object({
        id,
        goalId: id,
        title: z.string().min(1).max(300),
        owner: z.string().max(200),
        start: z.string().refine(isValidDate),
        deadline: z.string().refine(isValidDate),
        budget: z.number().min(0).max(1e12),
        currency: z.enum(CURRENCIES),
        fundingSource: z.string().max(300),
        status: z.enum(ACTION_STATUSES),
        /** Cost lines by year and funding source (decision 040); without them, the budget is one line. */
        costs: z.array(costLineSchema).max(100).optional(),
      }),
    )
    .max(500),
  risks: z
    .array(
      z.object({
        id,
        description: z.string().min(1).max(1000),
        likelihood: z.enum(RISK_LEVELS),
        impact: z.enum(RISK_LEVELS),
        mitigation: z.string().max(2000),
        owner: z.string().max(200),
      }),
    )
    .max(200),
  milestones: z
    .array(
      z.object({
        id,
        date: z.string().refine(isValidDate),
        title: z.string().min(1).max(300),
        targets: z.partialRecord(z.enum(MILESTONE_INDICATORS), count),
      }),
    )
    .max(200),
  monitoring: z.string().max(20_000),
  /** The currency of the plan's costs (decision 040); absent in older content (see `planCurrency`). */
  currency: z.enum(CURRENCIES).optional(),
});
export type PlanContent = z.output<typeof planContentSchema>;

export const EMPTY_PLAN_CONTENT: PlanContent = {
  periodFrom: null,
  periodTo: null,
  regionalPlanLink: "",
  diagnosis: {
    residentsByTargetGroup: { older_person: 0, person_with_disability: 0, mental_health_crisis: 0 },
    placesByType: {},
    staff: 0,
    waitingList: 0,
    text: "",
  },
  goals: [],
  actions: [],
  risks: [],
  milestones: [],
  monitoring: "",
};

// ---------- the section forms ----------

export const generalSchema = z
  .object({
    intent: z.literal("general"),
    version: z.coerce.number().int().positive(),
    periodFrom: requiredDate,
    periodTo: requiredDate,
    regionalPlanLink: text(500),
    diagnosisText: text(20_000),
    monitoring: text(20_000),
  })
  .superRefine((v, ctx) => {
    if (v.periodTo < v.periodFrom)
      ctx.addIssue({ code: "custom", path: ["periodTo"], message: "validation.endBeforeStart" });
  });

export const goalSchema = z.object({
  intent: z.literal("goal"),
  version: z.coerce.number().int().positive(),
  title: requiredText(300),
  description: text(4000),
});

export const actionSchema = z
  .object({
    intent: z.literal("action"),
    version: z.coerce.number().int().positive(),
    goalId: requiredText(40),
    title: requiredText(300),
    owner: text(200),
    start: requiredDate,
    deadline: requiredDate,
    budget: z
      .string()
      .trim()
      .refine((v) => /^\d{1,12}([.,]\d{1,2})?$/.test(v.replace(/\s/g, "")), { error: "validation.money" })
      .transform((v) => Number(v.replace(/\s/g, "").replace(",", "."))),
    currency: z.enum(CURRENCIES),
    fundingSource: text(300),
  })
  .superRefine((v, ctx) => {
    if (v.deadline < v.start)
      ctx.addIssue({ code: "custom", path: ["deadline"], message: "validation.deadlineBeforeStart" });
  });

export const milestoneSchema = z.object({
  intent: z.literal("milestone"),
  version: z.coerce.number().int().positive(),
  date: requiredDate,
  title: requiredText(300),
  ...Object.fromEntries(
    MILESTONE_INDICATORS.map((c) => [
      `target_${c}`,
      z
        .string()
        .trim()
        .regex(/^\d{0,7}$/, { error: "validation.wholeNumberOrZero" }),
    ]),
  ),
}) as unknown as z.ZodType<
  { intent: "milestone"; version: number; date: string; title: string } & Record<string, string>
>;

export const riskSchema = z.object({
  intent: z.literal("risk"),
  version: z.coerce.number().int().positive(),
  description: requiredText(1000),
  likelihood: z.enum(RISK_LEVELS),
  impact: z.enum(RISK_LEVELS),
  mitigation: text(2000),
  owner: text(200),
});

export const removeItemSchema = z.object({
  intent: z.literal("remove"),
  version: z.coerce.number().int().positive(),
  section: z.enum(["goals", "actions", "risks", "milestones"]),
  itemId: requiredText(40),
});

export const lifecycleSchema = z.object({
  intent: z.enum(["START_CONSULTATION", "ADOPT", "START_IMPLEMENTATION", "EVALUATE"]),
  version: z.coerce.number().int().positive(),
  on: optionalDate,
  adoptingBody: text(300).optional(),
  resolutionNumber: text(100).optional(),
});

/** "Start a revision": the page's form has nothing but the version it showed. */
export const reviseSchema = z.object({
  intent: z.literal("revise"),
  version: z.coerce.number().int().positive(),
});

export const commentSchema = z.object({
  intent: z.literal("comment"),
  receivedFrom: requiredText(300),
  receivedOn: requiredDate,
  section: z.enum(PLAN_SECTIONS, { error: "validation.invalidChoice" }),
  comment: requiredText(4000),
  response: text(4000),
});

/** Closing the consultation: the report (comments with their answers) is then recorded (decision 038). */
export const consultationReportSchema = z.object({
  intent: z.literal("closeConsultation"),
  version: z.coerce.number().int().positive(),
  closedOn: requiredDate,
  summary: text(4000),
});

export const answerSchema = z.object({
  intent: z.literal("answer"),
  commentId: z.coerce.number().int().positive(),
  version: z.coerce.number().int().positive(),
  response: requiredText(4000),
});

export const newPlanSchema = z.object({
  municipalityId: z.coerce.number().int().positive({ error: "validation.required" }),
  title: requiredText(300),
});

// ---------- working group ----------

const version = z.coerce.number().int().positive();
const rowId = z.coerce.number().int().positive();
/** Checkbox lists: none, one or many values, as numbers. */
const memberIdList = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.coerce.number().int().positive()),
);
const memberFields = {
  name: requiredText(200),
  organisation: requiredText(300),
  roleInGroup: requiredText(200),
  contact: text(300),
};

export const memberSchema = z.object({ intent: z.literal("member"), ...memberFields });
export const memberEditSchema = z.object({
  intent: z.literal("memberEdit"),
  memberId: rowId,
  version,
  ...memberFields,
});
export const memberRemoveSchema = z.object({ intent: z.literal("memberRemove"), memberId: rowId, version });

export const meetingSchema = z.object({
  intent: z.literal("meeting"),
  heldOn: requiredDate,
  place: text(300).default(""),
  agenda: text(4000),
  minutes: text(20_000),
  decisions: text(4000),
  memberIds: memberIdList.pipe(z.array(z.number()).min(1, { error: "validation.chooseOne" })),
});

/** A meeting planned ahead: any date (the future too), place, agenda, members invited. */
const scheduleFields = {
  heldOn: requiredDate,
  place: text(300),
  agenda: text(4000),
  inviteeIds: memberIdList,
};
export const scheduleSchema = z.object({ intent: z.literal("schedule"), ...scheduleFields });
export const meetingEditSchema = z.object({ intent: z.literal("meetingEdit"), version, ...scheduleFields });
export const meetingHeldSchema = z.object({
  intent: z.literal("held"),
  version,
  heldOn: requiredDate,
  minutes: text(20_000),
  decisions: text(4000),
  memberIds: memberIdList.pipe(z.array(z.number()).min(1, { error: "validation.chooseOne" })),
});
export const meetingRemoveSchema = z.object({ intent: z.literal("meetingRemove"), version });

const itemFields = {
  title: requiredText(300),
  ownerMemberId: z.coerce.number({ error: "plans.group.errors.ownerRequired" }).int().positive({
    error: "plans.group.errors.ownerRequired",
  }),
  dueOn: requiredDate,
  planActionId: text(40),
  meetingId: z
    .union([z.literal(""), z.coerce.number().int().positive()])
    .prefault("")
    .transform((v) => (v === "" ? null : v)),
};
export const actionItemSchema = z.object({ intent: z.literal("item"), ...itemFields });
export const itemEditSchema = z.object({
  intent: z.literal("itemEdit"),
  itemId: rowId,
  version,
  ...itemFields,
  state: z.enum(WG_ITEM_STATES, { error: "validation.invalidChoice" }),
  doneOn: optionalDate,
});
export const itemRemoveSchema = z.object({ intent: z.literal("itemRemove"), itemId: rowId, version });

export const itemDoneSchema = z.object({
  intent: z.literal("done"),
  itemId: rowId,
  version,
  doneOn: requiredDate,
});

export const workingGroupActionSchema = z.discriminatedUnion("intent", [
  memberSchema,
  memberEditSchema,
  memberRemoveSchema,
  meetingSchema,
  scheduleSchema,
  actionItemSchema,
  itemEditSchema,
  itemRemoveSchema,
  itemDoneSchema,
]);

export const actionStatusSchema = z.object({
  intent: z.literal("status"),
  actionId: requiredText(40),
  status: z.enum(ACTION_STATUSES),
});

/** The plan page's forms, by the `intent` of the submitted form. */
export const PLAN_PAGE_SCHEMAS = {
  general: generalSchema,
  goal: goalSchema,
  action: actionSchema,
  milestone: milestoneSchema,
  risk: riskSchema,
  remove: removeItemSchema,
  comment: commentSchema,
  answer: answerSchema,
  closeConsultation: consultationReportSchema,
  START_CONSULTATION: lifecycleSchema,
  ADOPT: lifecycleSchema,
  START_IMPLEMENTATION: lifecycleSchema,
  EVALUATE: lifecycleSchema,
  revise: reviseSchema,
  status: actionStatusSchema,
  draftDiagnosis: draftDiagnosisSchema,
  diagnosis: diagnosisFiguresSchema,
  cost: costSchema,
  removeCost: removeCostSchema,
} as const;

export const planIntentSchema = z.looseObject({
  intent: z.enum(Object.keys(PLAN_PAGE_SCHEMAS) as [keyof typeof PLAN_PAGE_SCHEMAS]),
});

/** The public summary's forms (issue #16): publish in a language, or withdraw. `version` 0: never published. */
export const publicationSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("publish"),
    version: z.coerce.number().int().min(0),
    locale: z.enum(LOCALES, { error: "plans.publication.errors.locale" }),
  }),
  z.object({ intent: z.literal("unpublish"), version: z.coerce.number().int().min(1) }),
]);
export type PublicationForm = z.output<typeof publicationSchema>;
