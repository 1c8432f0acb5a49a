/**
 * The schemas as a route's action imports them. The `.server` name keeps them (and zod) out of
 * the browser's route modules. Decision 015.
 */
export * from "./schemas";
