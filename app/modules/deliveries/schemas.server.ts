/** The schemas as a route's action imports them (decision 015: zod stays off the first load). */
export * from "./schemas";
