import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import { openDatabase, type Db } from "../../../db/client";
import type { ServiceContext } from "../../utils/context.server";

/**
 * A history import replayed on a copy of the database (docs/decisions/020-real-organisation-and-import-progress.md,
 * amending 018). The replay holds the write lock of the COPY, never of the real file, so it may
 * yield to the event loop between rows: other users' requests are answered meanwhile and the
 * page can read its progress. A commit then writes what the replay changed into the real
 * database in one short transaction (`mergeSnapshot`), only if nothing the replay changed was
 * changed there meanwhile; otherwise the file is replayed again on a new copy. After
 * `SNAPSHOT_ATTEMPTS` such conflicts the last attempt runs on the real database under its lock,
 * as before (all-or-nothing either way).
 */

export const SNAPSHOT_ATTEMPTS = 2;

/** The connections that are copies: the replay yields between rows only on these. */
const copies = new WeakSet<Db>();
export const isSnapshot = (db: Db) => copies.has(db);

/** Lets the event loop answer other requests (and progress polls). */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface SnapshotWork<T> {
  value: T;
  /** The copy's changes should be written into the real database (a commit that succeeded). */
  keep: boolean;
}

/** What happened, for the caller's progress and the tests. */
export interface SnapshotStats {
  attempts: number;
  /** The last attempt ran on the real database, under its lock (after conflicts). */
  fallback: boolean;
  mergedRows: number;
  mergeMs: number;
}

/**
 * Runs `work` on a copy of `ctx.db` (a consistent snapshot taken with SQLite's online backup,
 * which does not block writers) and, when it asks to keep its changes, merges them. Without a
 * database file (`:memory:`) it runs on the real connection.
 */
export async function onSnapshot<T>(ctx: ServiceContext, work: (c: ServiceContext) => Promise<SnapshotWork<T>>, stats?: Partial<SnapshotStats>): Promise<T> {
  const client = ctx.db.$client;
  if (client.memory) return (await work(ctx)).value;
  for (let attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
    if (stats) stats.attempts = attempt;
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "di-history-"));
    const base = path.join(dir, "base.db");
    const copy = path.join(dir, "work.db");
    try {
      await client.backup(base);
      await fs.promises.copyFile(base, copy);
      const db = openDatabase(copy);
      copies.add(db);
      // A scratch file: durability is the real database's business.
      db.$client.pragma("synchronous = OFF");
      let result: SnapshotWork<T>;
      try {
        result = await work({ ...ctx, db });
      } finally {
        db.$client.close();
      }
      if (!result.keep) return result.value;
      const started = performance.now();
      const merged = mergeSnapshot(client, base, copy);
      if (stats) stats.mergeMs = performance.now() - started;
      if (merged !== null) {
        if (stats) stats.mergedRows = merged;
        return result.value;
      }
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }
  // Changed meanwhile every time: replay under the real database's lock, without yielding.
  if (stats) {
    stats.attempts = SNAPSHOT_ATTEMPTS + 1;
    stats.fallback = true;
  }
  return (await work(ctx)).value;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

class MergeConflict extends Error {}

/**
 * Writes into `main` what the replay changed between `basePath` (the snapshot) and `workPath`
 * (the snapshot after the replay), in one IMMEDIATE transaction: rows added, changed and
 * removed, table by table, matched by primary key. Refused (null, nothing written) when the real
 * database changed meanwhile where it matters: a row the replay changed or removed is no longer
 * as in the snapshot, a row it added has a key that now exists (someone else added a row to the
 * same table: ids would collide), or an audited change was made in an institution the replay
 * wrote for (its checks, e.g. free places, judged the snapshot). Audit events are only ever
 * added and referenced by nothing: the replay's get the real database's next ids. Foreign keys
 * are checked at the commit. Returns the number of rows written.
 */
export function mergeSnapshot(main: Database.Database, basePath: string, workPath: string): number | null {
  main.prepare("ATTACH DATABASE ? AS snap_base").run(basePath);
  main.prepare("ATTACH DATABASE ? AS snap_work").run(workPath);
  try {
    return main.transaction(() => {
      main.pragma("defer_foreign_keys = ON");
      let written = 0;
      const tables = main
        .prepare("select name from snap_work.sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_%' escape '\\' order by name")
        .pluck()
        .all() as string[];
      for (const table of tables) {
        const cols = main.prepare(`select name, pk from pragma_table_info(?, 'snap_work')`).all(table) as { name: string; pk: number }[];
        const colList = cols.map((c) => q(c.name)).join(", ");
        const keyCols = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
        const key = (keyCols.length ? keyCols : cols).map((c) => q(c.name));
        const keyTuple = `(${key.join(", ")})`;
        const t = q(table);
        // Rows of the copy that differ from the snapshot (added or changed), and keys removed.
        const changed = `select ${colList} from snap_work.${t} except select ${colList} from snap_base.${t}`;
        const removed = `select ${key.join(", ")} from snap_base.${t} except select ${key.join(", ")} from snap_work.${t}`;
        const nChanged = main.prepare(`select count(*) from (${changed})`).pluck().get() as number;
        const nRemoved = main.prepare(`select count(*) from (${removed})`).pluck().get() as number;
        if (nChanged === 0 && nRemoved === 0) continue;

        if (table === "audit_events") {
          if (nRemoved > 0) throw new MergeConflict();
          const baseMax = main.prepare(`select coalesce(max(id), 0) from snap_base.${t}`).pluck().get() as number;
          const institutions = main
            .prepare(`select distinct institution_id from snap_work.${t} where id > ? and institution_id is not null`)
            .pluck()
            .all(baseMax) as number[];
          // An audited change meanwhile in an institution the replay wrote for: judge it again.
          for (const id of institutions) {
            if (main.prepare(`select 1 from main.${t} where id > ? and institution_id = ?`).get(baseMax, id)) throw new MergeConflict();
          }
          const rest = cols.filter((c) => c.name !== "id").map((c) => q(c.name)).join(", ");
          written += main.prepare(`insert into main.${t} (${rest}) select ${rest} from snap_work.${t} where id > ? order by id`).run(baseMax).changes;
          continue;
        }

        const inBase = `${keyTuple} in (select ${key.join(", ")} from snap_base.${t})`;
        // Every row the replay changed or removed is still as in the snapshot…
        const touched = `select ${key.join(", ")} from (${changed}) where ${inBase} union select * from (${removed})`;
        const drifted = main
          .prepare(`select count(*) from (select ${colList} from snap_base.${t} where ${keyTuple} in (${touched}) except select ${colList} from main.${t} where ${keyTuple} in (${touched}))`)
          .pluck()
          .get() as number;
        const gone = main.prepare(`select count(*) from (${touched}) where ${keyTuple} not in (select ${key.join(", ")} from main.${t})`).pluck().get() as number;
        // …and no row the replay added has a key taken meanwhile.
        const taken = main
          .prepare(`select count(*) from (${changed}) where not ${inBase} and ${keyTuple} in (select ${key.join(", ")} from main.${t})`)
          .pluck()
          .get() as number;
        if (drifted > 0 || gone > 0 || taken > 0) throw new MergeConflict();

        written += main.prepare(`delete from main.${t} where ${keyTuple} in (${removed})`).run().changes;
        if (keyCols.length) {
          const setCols = cols.filter((c) => c.pk === 0);
          if (setCols.length) {
            const match = keyCols.map((c) => `w.${q(c.name)} = ${t}.${q(c.name)}`).join(" and ");
            written += main
              .prepare(
                `update main.${t} set (${setCols.map((c) => q(c.name)).join(", ")}) = (select ${setCols.map((c) => `w.${q(c.name)}`).join(", ")} from snap_work.${t} w where ${match})
                 where ${keyTuple} in (select ${key.join(", ")} from (${changed}) where ${inBase})`,
              )
              .run().changes;
          }
        }
        written += main.prepare(`insert into main.${t} (${colList}) select ${colList} from (${changed}) where not ${inBase}`).run().changes;
      }
      return written;
    }).immediate();
  } catch (e) {
    if (e instanceof MergeConflict) return null;
    throw e;
  } finally {
    main.exec("DETACH DATABASE snap_work");
    main.exec("DETACH DATABASE snap_base");
  }
}
