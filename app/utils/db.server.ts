import { openDatabase, type Db } from "#db/client";
import { getEnv } from "./env.server";

declare global {
  var __appDb: Db | undefined;
}

/** The one database connection of the server process (kept across dev rebuilds). */
export function getDb(): Db {
  globalThis.__appDb ??= openDatabase(getEnv().DATABASE_PATH);
  return globalThis.__appDb;
}

export type { Db };
