import { INDICATOR_CODES } from "#db/schema/enums";

/** The plan's choice lists, shared by its forms and its schemas (no zod: the browser's first load uses them). */
export const CURRENCIES = ["PLN", "BGN", "EUR"] as const;
export const ACTION_STATUSES = ["planned", "in_progress", "done", "cancelled"] as const;
export const RISK_LEVELS = ["low", "medium", "high"] as const;
/** Indicators a milestone can target (flows counted from the plan's start). */
export const MILESTONE_INDICATORS = INDICATOR_CODES.filter((c) => c !== "IN_SERVICES" && c !== "RES_RETURNED");
