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

/**
 * Queries whose text depends on more than placeholders can carry (a user's scope, the day in
 * each time zone, which filters are set): prepared once per connection and `key`, the most
 * recently used `size` kept. `build` makes the prepared queries of that key (called on a miss).
 */
export function preparedByKey<T>(size: number): (db: Pick<DbOrTx, "select">, key: string, build: () => T) => T {
  const bySession = new WeakMap<object, Map<string, T>>();
  return (db, key, build) => {
    const session = (db as unknown as { session?: object }).session ?? db;
    let byKey = bySession.get(session);
    if (!byKey) bySession.set(session, (byKey = new Map()));
    let p = byKey.get(key);
    if (p === undefined) {
      p = build();
      if (byKey.size >= size) byKey.delete(byKey.keys().next().value!);
    } else byKey.delete(key); // most recently used last
    byKey.set(key, p);
    return p;
  };
}
