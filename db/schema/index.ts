export * from "./enums";
export * from "./municipalities";
export * from "./institutions";
export * from "./users";
export * from "./user-institutions";
export * from "./sessions";
export * from "./audit-events";
