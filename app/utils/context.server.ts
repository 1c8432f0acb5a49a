import type { Db } from "#db/client";
import type { Locale, Role } from "#db/schema/enums";
import type { Scope } from "./scope.server";

/** The signed-in user as the services see them. */
export interface Actor {
  id: number;
  email: string;
  name: string;
  role: Role;
  locale: Locale | null;
}

/** Everything a service needs to act for a user: one value, built once per request. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  scope: Scope;
  requestId: string;
  ip: string | null;
  now: Date;
  /**
   * The page the request came from (its path, no query: a search term stays out), written with
   * every audit event: "from which page" (decision 043). Absent for scripts, seeds and tests.
   */
  page?: string | null;
}
