/** The schemas as a route's action imports them (decision 015). */
export * from "./schemas";
