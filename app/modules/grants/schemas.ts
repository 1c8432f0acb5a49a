import { z } from "zod";
import {
  AGE_SCHEMES,
  CURRENCIES,
  INDICATOR_CODES,
  INDICATOR_UNITS,
  type IndicatorCode,
  type IndicatorUnit,
} from "#db/schema/enums";
import { multi, requiredText, text } from "#app/utils/validation";
import { targetField } from "./form-fields";
import { optionalDate, requiredDate } from "#app/modules/residents/schemas";

/** A count typed into a form: "" is not given. */
const optionalCount = z
  .string()
  .trim()
  .refine((v) => v === "" || /^\d{1,7}$/.test(v), { error: "validation.wholeNumberOrZero" })
  .transform((v) => (v === "" ? null : Number(v)));

/**
 * An amount of money as people type it in Poland and Bulgaria ("2 341 850,00") or in English
 * ("2,341,850.00" is refused as ambiguous; "2341850.00" is fine): stored in minor units.
 */
export const moneyText = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s\u00a0\u202f]/g, "").replace(",", "."))
  .refine((v) => /^\d{1,13}(\.\d{1,2})?$/.test(v), { error: "grants.errors.budget" })
  .transform((v) => {
    const [whole, frac = ""] = v.split(".") as [string, string?];
    return Number(whole) * 100 + Number((frac ?? "").padEnd(2, "0"));
  });

const targetFields = Object.fromEntries(
  INDICATOR_CODES.flatMap((code) => [
    [targetField(code, "unit"), z.union([z.literal(""), z.enum(INDICATOR_UNITS)]).optional()],
    [targetField(code, "baseline"), optionalCount.optional()],
    [targetField(code, "target"), optionalCount.optional()],
  ]),
) as Record<string, z.ZodType>;

export interface TargetInput {
  indicatorCode: IndicatorCode;
  unit: IndicatorUnit;
  baseline: number;
  target: number;
}

const grantFields = z.object({
  contractNumber: requiredText(80),
  title: requiredText(300),
  programme: requiredText(200),
  ageScheme: z.enum(AGE_SCHEMES, { error: "validation.invalidChoice" }),
  funder: requiredText(200),
  currency: z.enum(CURRENCIES, { error: "validation.invalidChoice" }),
  budget: moneyText,
  startsOn: requiredDate,
  endsOn: requiredDate,
  /** The funder's last payment (the balance): starts the grant's retention; empty = the grant's end. */
  lastPaymentOn: optionalDate.optional().transform((v) => v ?? null),
  partners: text(4000),
  municipalityId: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .refine((v) => v === null || (Number.isInteger(v) && v > 0), { error: "validation.invalidChoice" }),
  institutionIds: multi(z.coerce.number().int().positive()).pipe(
    z.array(z.number()).min(1, { error: "validation.chooseOne" }),
  ),
  ...targetFields,
});

type GrantFields = z.output<typeof grantFields>;

/** Targets from the per-indicator fields: a row counts when a target is given. */
function readTargets(v: Record<string, unknown>, ctx: z.RefinementCtx): TargetInput[] {
  const out: TargetInput[] = [];
  for (const code of INDICATOR_CODES) {
    const target = v[targetField(code, "target")] as number | null | undefined;
    const baseline = v[targetField(code, "baseline")] as number | null | undefined;
    const unit = v[targetField(code, "unit")] as IndicatorUnit | "" | undefined;
    if (target == null) {
      if (baseline != null)
        ctx.addIssue({ code: "custom", path: [targetField(code, "target")], message: "validation.required" });
      continue;
    }
    if (!unit) {
      ctx.addIssue({ code: "custom", path: [targetField(code, "unit")], message: "validation.required" });
      continue;
    }
    out.push({ indicatorCode: code, unit, baseline: baseline ?? 0, target });
  }
  return out;
}

function datesInOrder(v: { startsOn: string; endsOn: string; lastPaymentOn?: string | null }, ctx: z.RefinementCtx) {
  if (v.endsOn < v.startsOn)
    ctx.addIssue({ code: "custom", path: ["endsOn"], message: "grants.errors.endsBeforeStart" });
  if (v.lastPaymentOn && v.lastPaymentOn < v.startsOn)
    ctx.addIssue({ code: "custom", path: ["lastPaymentOn"], message: "grants.errors.lastPaymentBeforeStart" });
}

const partnersList = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

const toGrantInput = (v: GrantFields, ctx: z.RefinementCtx) => ({
  contractNumber: v.contractNumber,
  title: v.title,
  programme: v.programme,
  ageScheme: v.ageScheme,
  funder: v.funder,
  currency: v.currency,
  budgetMinor: v.budget,
  startsOn: v.startsOn,
  endsOn: v.endsOn,
  lastPaymentOn: v.lastPaymentOn ?? null,
  partners: partnersList(v.partners),
  municipalityId: v.municipalityId,
  institutionIds: [...new Set(v.institutionIds)],
  targets: readTargets(v as Record<string, unknown>, ctx),
});

/** Creating a grant: the contract, and how its reporting periods run. */
export const grantCreateSchema = grantFields
  .extend({
    firstPeriodStart: requiredDate,
    periodMonths: z.coerce
      .number({ error: "grants.errors.periodMonths" })
      .int({ error: "grants.errors.periodMonths" })
      .min(1, { error: "grants.errors.periodMonths" })
      .max(24, { error: "grants.errors.periodMonths" }),
  })
  .superRefine(datesInOrder)
  .transform((v, ctx) => ({
    ...toGrantInput(v, ctx),
    firstPeriodStart: v.firstPeriodStart,
    periodMonths: v.periodMonths,
  }));
export type GrantCreateInput = z.output<typeof grantCreateSchema>;

/** Editing a grant's contract data (periods have their own form). */
export const grantUpdateSchema = grantFields
  .extend({ version: z.coerce.number().int().positive() })
  .superRefine(datesInOrder)
  .transform((v, ctx) => ({ ...toGrantInput(v, ctx), version: v.version }));
export type GrantUpdateInput = z.output<typeof grantUpdateSchema>;

/** The reporting periods, edited as one list (rows of start and end dates). */
export const periodsSchema = z
  .object({
    version: z.coerce.number().int().positive(),
    startsOn: multi(requiredDate),
    endsOn: multi(requiredDate),
  })
  .superRefine((v, ctx) => {
    if (v.startsOn.length !== v.endsOn.length || v.startsOn.length === 0)
      ctx.addIssue({ code: "custom", path: ["startsOn"], message: "grants.errors.periodsMissing" });
  })
  .transform((v) => ({
    version: v.version,
    periods: v.startsOn.map((s, i) => ({ startsOn: s, endsOn: v.endsOn[i]! })),
  }));
export type PeriodsInput = z.output<typeof periodsSchema>;

/** The narrative parts of a period report (payment claims ask for them). */
export const narrativeSchema = z.object({
  version: z.coerce.number().int().min(0),
  problems: text(8000),
  plannedProgress: text(8000),
});
export type NarrativeInput = z.output<typeof narrativeSchema>;
