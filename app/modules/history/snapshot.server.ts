import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import { openDatabase, type Db } from "#db/client";
import type { ServiceContext } from "#app/utils/context.server";

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
export async function onSnapshot<T>(
  ctx: ServiceContext,
  work: (c: ServiceContext) => Promise<SnapshotWork<T>>,
  stats?: Partial<SnapshotStats>,
): Promise<T> {
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
      let changes: SnapshotChanges;
      try {
        trackChanges(db.$client);
        result = await work({ ...ctx, db });
        changes = changesOf(db.$client);
      } finally {
        db.$client.close();
      }
      if (!result.keep) return result.value;
      const started = performance.now();
      const merged = mergeSnapshot(client, base, copy, changes);
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

/** The keys (JSON arrays of the primary key's values) of the rows the replay touched, per table. */
export type SnapshotChanges = Map<string, string[]>;

interface TableInfo {
  name: string;
  cols: { name: string; pk: number }[];
  /** The primary key's columns in order (every column when a table has none). */
  key: string[];
}

/**
 * The table the database derives from the others by triggers (decision 035): merged as the copy
 * computed it for the touched subjects, never checked for drift.
 */
const DERIVED = "counting_moments";

/**
 * Tables the real database's own triggers keep as the merged rows arrive (decision 053): neither
 * tracked on the copy nor merged. The copy's triggers still write them there, where they are lost
 * with it.
 */
const REKEPT_BY_MAIN = new Set(["task_input_versions"]);

function tablesOf(db: Database.Database, schema: string): TableInfo[] {
  const names = db
    .prepare(
      `select name from ${schema}.sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_%' escape '\\' order by name`,
    )
    .pluck()
    .all() as string[];
  return names.map((name) => {
    const cols = db.prepare(`select name, pk from pragma_table_info(?, ?)`).all(name, schema) as {
      name: string;
      pk: number;
    }[];
    const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    return { name, cols, key: (pk.length ? pk : cols).map((c) => c.name) };
  });
}

/**
 * Records, on the copy's own connection (TEMP triggers: the copy's file and the real database
 * are untouched), the key of every row inserted, updated or deleted. The merge then compares
 * only those rows: its time follows the size of the import, not of the database.
 */
function trackChanges(db: Database.Database) {
  db.exec(
    "create temp table snapshot_changes (tbl text not null, key text not null, primary key (tbl, key)) without rowid",
  );
  for (const t of tablesOf(db, "main").filter((t) => !REKEPT_BY_MAIN.has(t.name))) {
    const keyOf = (row: "new" | "old") => `json_array(${t.key.map((c) => `${row}.${q(c)}`).join(", ")})`;
    const record = (row: "new" | "old") =>
      `insert or ignore into temp.snapshot_changes values ('${t.name.replace(/'/g, "''")}', ${keyOf(row)});`;
    const name = (what: string) => q(`snapshot_${what}_${t.name}`);
    db.exec(`create temp trigger ${name("ins")} after insert on main.${q(t.name)} begin ${record("new")} end`);
    db.exec(
      `create temp trigger ${name("upd")} after update on main.${q(t.name)} begin ${record("old")} ${record("new")} end`,
    );
    db.exec(`create temp trigger ${name("del")} after delete on main.${q(t.name)} begin ${record("old")} end`);
  }
}

function changesOf(db: Database.Database): SnapshotChanges {
  const out: SnapshotChanges = new Map();
  for (const { tbl, key } of db.prepare("select tbl, key from temp.snapshot_changes").all() as {
    tbl: string;
    key: string;
  }[]) {
    const list = out.get(tbl) ?? [];
    list.push(key);
    out.set(tbl, list);
  }
  return out;
}

/**
 * Writes into `main` what the replay changed between `basePath` (the snapshot) and `workPath`
 * (the snapshot after the replay), in one IMMEDIATE transaction: of the rows the replay touched
 * (`changes`), those added, changed and removed, table by table, matched by primary key.
 * Refused (null, nothing written) when the real database changed meanwhile where it matters: a
 * row the replay changed or removed is no longer as in the snapshot, a row it added has a key
 * that now exists (someone else added a row to the same table: ids would collide), or an audited
 * change was made in an institution the replay wrote for (its checks, e.g. free places, judged
 * the snapshot). Audit events are only ever added and referenced by nothing: the replay's get
 * the real database's next ids. Foreign keys are checked at the commit. Returns the number of
 * rows written.
 */
export function mergeSnapshot(
  main: Database.Database,
  basePath: string,
  workPath: string,
  changes: SnapshotChanges,
): number | null {
  main.prepare("ATTACH DATABASE ? AS snap_base").run(basePath);
  main.prepare("ATTACH DATABASE ? AS snap_work").run(workPath);
  try {
    // counting_moments last: main's triggers rewrite it as the records arrive (in table order, so
    // possibly before a row they read); the copy's rows for the touched subjects then replace them.
    const tables = tablesOf(main, "snap_work")
      .filter((t) => changes.has(t.name))
      .sort((a, b) => Number(a.name === DERIVED) - Number(b.name === DERIVED));
    return main
      .transaction(() => {
        main.pragma("defer_foreign_keys = ON");
        let written = 0;
        for (const table of tables) {
          const keys = JSON.stringify(changes.get(table.name)!.map((k) => JSON.parse(k) as unknown[]));
          const colList = table.cols.map((c) => q(c.name)).join(", ");
          const keyList = table.key.map(q).join(", ");
          const keyTuple = `(${keyList})`;
          // The touched keys, as rows: an index lookup in each table, never a scan.
          const touchedKeys = `select ${table.key.map((_, i) => `json_extract(value, '$[${i}]')`).join(", ")} from json_each(@keys)`;
          const touchedIn = (schema: string) =>
            `select ${colList} from ${schema}.${q(table.name)} where ${keyTuple} in (${touchedKeys})`;
          const t = q(table.name);
          const inBase = `${keyTuple} in (select ${keyList} from snap_base.${t} where ${keyTuple} in (${touchedKeys}))`;
          // Rows of the copy that differ from the snapshot (added or changed), and keys removed.
          const changed = `select * from (${touchedIn("snap_work")} except ${touchedIn("snap_base")})`;
          const removed = `select ${keyList} from (${touchedIn("snap_base")}) except select ${keyList} from (${touchedIn("snap_work")})`;
          const run = (sql: string) => main.prepare(sql);

          if (table.name === DERIVED) {
            written += run(`delete from main.${t} where ${keyTuple} in (${touchedKeys})`).run({ keys }).changes;
            written += run(`insert into main.${t} (${colList}) ${touchedIn("snap_work")}`).run({ keys }).changes;
            continue;
          }

          if (table.name === "audit_events") {
            if ((run(`select count(*) from (${removed})`).pluck().get({ keys }) as number) > 0)
              throw new MergeConflict();
            const baseMax = run(`select coalesce(max(id), 0) from snap_base.${t}`).pluck().get() as number;
            const institutions = run(
              `select distinct institution_id from (${changed}) where institution_id is not null`,
            )
              .pluck()
              .all({ keys }) as number[];
            // An audited change meanwhile in an institution the replay wrote for: judge it again.
            for (const id of institutions) {
              if (run(`select 1 from main.${t} where id > ? and institution_id = ?`).get(baseMax, id))
                throw new MergeConflict();
            }
            const rest = table.cols
              .filter((c) => c.name !== "id")
              .map((c) => q(c.name))
              .join(", ");
            written += run(`insert into main.${t} (${rest}) select ${rest} from (${changed}) order by id`).run({
              keys,
            }).changes;
            continue;
          }

          // Every row the replay changed or removed is still as in the snapshot…
          const touchedOld = `select ${keyList} from (${changed}) where ${inBase} union select * from (${removed})`;
          const drifted = run(
            `select count(*) from (select ${colList} from snap_base.${t} where ${keyTuple} in (${touchedOld}) except select ${colList} from main.${t} where ${keyTuple} in (${touchedOld}))`,
          )
            .pluck()
            .get({ keys }) as number;
          const gone = run(
            `select count(*) from (${touchedOld}) where ${keyTuple} not in (select ${keyList} from main.${t} where ${keyTuple} in (${touchedKeys}))`,
          )
            .pluck()
            .get({ keys }) as number;
          // …and no row the replay added has a key taken meanwhile.
          const taken = run(
            `select count(*) from (${changed}) where not ${inBase} and ${keyTuple} in (select ${keyList} from main.${t} where ${keyTuple} in (${touchedKeys}))`,
          )
            .pluck()
            .get({ keys }) as number;
          if (drifted > 0 || gone > 0 || taken > 0) throw new MergeConflict();

          written += run(`delete from main.${t} where ${keyTuple} in (${removed})`).run({ keys }).changes;
          const setCols = table.cols.filter((c) => !table.key.includes(c.name));
          if (setCols.length && table.key.length < table.cols.length) {
            const match = table.key.map((c) => `w.${q(c)} = ${t}.${q(c)}`).join(" and ");
            written += run(
              `update main.${t} set (${setCols.map((c) => q(c.name)).join(", ")}) = (select ${setCols.map((c) => `w.${q(c.name)}`).join(", ")} from snap_work.${t} w where ${match})
             where ${keyTuple} in (select ${keyList} from (${changed}) where ${inBase})`,
            ).run({ keys }).changes;
          }
          written += run(
            `insert into main.${t} (${colList}) select ${colList} from (${changed}) where not ${inBase}`,
          ).run({ keys }).changes;
        }
        return written;
      })
      .immediate();
  } catch (e) {
    if (e instanceof MergeConflict) return null;
    throw e;
  } finally {
    main.exec("DETACH DATABASE snap_work");
    main.exec("DETACH DATABASE snap_base");
  }
}
