/**
 * The raw-SQL floor of any read the product makes in process (`npm run bench`): run it once while
 * every statement execution on the connection is recorded (the statement, its method and its
 * arguments), then replay exactly those executions bare through better-sqlite3 — the same SQL with
 * the same values, and none of the product's JavaScript around it. Only reading statements are
 * recorded; a write the read makes (an audit row) is counted but not replayed.
 */
import type Database from "better-sqlite3";

type Method = "all" | "get" | "iterate";
interface Execution {
  stmt: Database.Statement;
  method: Method;
  args: unknown[];
}

export interface RecordedSql {
  /** Runs every recorded reading statement again, bare. */
  replay: () => void;
  /** Reading statements executed by the recorded run. */
  reads: number;
  /** Writing statements it executed (not replayed). */
  writes: number;
}

/** Runs `fn` once on `sqlite`'s connection, recording what it executed. */
export function recordSql(sqlite: Database.Database, fn: () => unknown): RecordedSql {
  const probe = sqlite.prepare("select 1");
  const proto = Object.getPrototypeOf(probe) as Record<string, unknown>;
  const originals = {
    all: proto.all as (...a: unknown[]) => unknown,
    get: proto.get as (...a: unknown[]) => unknown,
    iterate: proto.iterate as (...a: unknown[]) => unknown,
    run: proto.run as (...a: unknown[]) => unknown,
  };
  const executions: Execution[] = [];
  let writes = 0;
  for (const method of ["all", "get", "iterate"] as const)
    proto[method] = function (this: Database.Statement, ...args: unknown[]) {
      if (this.database === sqlite) executions.push({ stmt: this, method, args });
      return originals[method].apply(this, args);
    };
  proto.run = function (this: Database.Statement, ...args: unknown[]) {
    if (this.database === sqlite) writes++;
    return originals.run.apply(this, args);
  };
  try {
    fn();
  } finally {
    Object.assign(proto, originals);
  }
  const reads = executions.filter((e) => e.stmt.reader);
  return {
    reads: reads.length,
    writes: writes + executions.length - reads.length,
    replay: () => {
      for (const e of reads) {
        if (e.method === "iterate") for (const _ of e.stmt.iterate(...e.args));
        else e.stmt[e.method](...e.args);
      }
    },
  };
}
