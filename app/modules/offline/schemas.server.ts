/** The schemas as the sync route imports them (decision 015: zod stays off the first load). */
export * from "./schemas";
