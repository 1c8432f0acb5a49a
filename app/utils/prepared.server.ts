import type { Db, DbOrTx } from "#db/client";

/**
 * Queries of the hot paths (every request, every workflow event), built once per connection:
 * drizzle then skips writing their SQL text each time, which costs more than SQLite running them.
 * `build` gets the connection and returns drizzle prepared queries (`.prepare()` with
 * `sql.placeholder`s). They are kept per drizzle session, which a transaction shares with its
 * database (one better-sqlite3 connection), so they run inside transactions too.
 */
export function preparedQueries<T>(build: (db: Db) => T): (db: Pick<DbOrTx, "select">) => T {
  const bySession = new WeakMap<object, T>();
  return (db) => {
    const key = (db as unknown as { session?: object }).session ?? db;
    let p = bySession.get(key);
    if (!p) {
      p = build(db as Db);
      bySession.set(key, p);
    }
    return p;
  };
}
