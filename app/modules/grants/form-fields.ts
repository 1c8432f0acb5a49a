import type { IndicatorCode } from "#db/schema/enums";

/** Name of an indicator's unit, baseline or target field in the grant form (no zod: the browser's first load uses it). */
export const targetField = (code: IndicatorCode, part: "unit" | "baseline" | "target") => `${part}_${code}`;
