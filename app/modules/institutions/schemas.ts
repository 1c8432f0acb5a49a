import { z } from "zod";
import {
  COUNTRIES,
  INSTITUTION_KINDS,
  MUNICIPALITY_KIND_COUNTRY,
  MUNICIPALITY_KINDS,
  TIME_ZONE_COUNTRY,
  TIME_ZONES,
} from "#db/schema/enums";
import { requiredText, text } from "#app/utils/validation";
import { PLACES_MAX } from "./constants";

/** An optional text: "" is stored as null. */
const optionalText = (max: number) => text(max).transform((v) => (v === "" ? null : v));

/** The number of places: "" (not known) is null; otherwise a whole number 0..PLACES_MAX. */
const places = z
  .string()
  .trim()
  .optional()
  .refine((v) => !v || (/^\d{1,4}$/.test(v) && Number(v) <= PLACES_MAX), { error: "validation.wholeNumberOrZero" })
  .transform((v) => (v ? Number(v) : null));

const version = z.coerce.number().int().positive();

// ---------- plan areas (municipalities) ----------

const municipalityFields = z.object({
  country: z.enum(COUNTRIES, { error: "validation.invalidChoice" }),
  name: requiredText(160),
  kind: z.enum(MUNICIPALITY_KINDS, { error: "validation.invalidChoice" }),
  region: optionalText(160),
});

function kindOfCountry(v: { country: string; kind: string }, ctx: z.RefinementCtx) {
  if (MUNICIPALITY_KIND_COUNTRY[v.kind as keyof typeof MUNICIPALITY_KIND_COUNTRY] !== v.country) {
    ctx.addIssue({ code: "custom", path: ["kind"], message: "municipalities.errors.kindWrongCountry" });
  }
}

/** The plan-area form (create). Shared by the browser and the action. */
export const municipalitySchema = municipalityFields.superRefine(kindOfCountry);
export type MunicipalityInput = z.output<typeof municipalitySchema>;

/** The edit form: the same fields and the version the user saw. */
export const municipalityUpdateSchema = municipalityFields.extend({ version }).superRefine(kindOfCountry);
export type MunicipalityUpdateInput = z.output<typeof municipalityUpdateSchema>;

// ---------- institutions ----------

const institutionFields = z.object({
  name: requiredText(200),
  country: z.enum(COUNTRIES, { error: "validation.invalidChoice" }),
  kind: z.enum(INSTITUTION_KINDS, { error: "validation.invalidChoice" }),
  // That the plan area is of the same country is checked by the service (it needs the row).
  municipalityId: z.coerce.number({ error: "validation.required" }).int().positive({ error: "validation.required" }),
  timeZone: z.enum(TIME_ZONES, { error: "validation.invalidChoice" }),
  address: optionalText(300),
  places,
});

function zoneOfCountry(v: { country: string; timeZone: string }, ctx: z.RefinementCtx) {
  if (TIME_ZONE_COUNTRY[v.timeZone as keyof typeof TIME_ZONE_COUNTRY] !== v.country) {
    ctx.addIssue({ code: "custom", path: ["timeZone"], message: "institutions.errors.timeZoneWrongCountry" });
  }
}

/** The institution form (create). Shared by the browser and the action. */
export const institutionSchema = institutionFields.superRefine(zoneOfCountry);
export type InstitutionInput = z.output<typeof institutionSchema>;

/** The edit form: the same fields and the version the user saw. */
export const institutionUpdateSchema = institutionFields.extend({ version }).superRefine(zoneOfCountry);
export type InstitutionUpdateInput = z.output<typeof institutionUpdateSchema>;
