/** A housing unit's capacity range, shared by the form's hint and the schema (no zod: the browser's first load uses it). */
export const CAPACITY_MIN = 1;
export const CAPACITY_MAX = 200;
