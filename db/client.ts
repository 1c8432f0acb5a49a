import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema";
import { searchFold } from "./search-fold";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle of `Db`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either: services that only read or write take this. */
export type DbOrTx = Db | Tx;

/**
 * Makes `file` (and its directory, when new) readable by the owner only: the database holds
 * special-category personal data (issue #16 finding 8). A missing file is created 0600 before
 * SQLite opens it, so SQLite gives its -wal and -shm files the same mode; an existing file of an
 * older version (0644) is tightened. Files owned by another user are left as they are.
 */
export function ownerOnlyFile(file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, "a", 0o600));
  tighten(file);
}

function tighten(file: string): void {
  try {
    const st = fs.statSync(file);
    if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) fs.chmodSync(file, st.mode & 0o700);
  } catch {
    // gone in between, or not ours: nothing to do
  }
}

/**
 * Opens the SQLite file with the settings every connection of this product uses:
 * WAL journal (readers never block the writer), foreign keys enforced, a busy timeout so a
 * second writer waits instead of failing, and synchronous=NORMAL (durable in WAL mode
 * across application crashes; see docs/decisions/002-sqlite-drizzle.md). The file and its
 * -wal/-shm are 0600 (`ownerOnlyFile`).
 */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") ownerOnlyFile(file);
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  if (file !== ":memory:") for (const suffix of ["-wal", "-shm"]) tighten(`${file}${suffix}`);
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  registerFunctions(sqlite);
  cacheStatements(sqlite);
  return drizzle(sqlite, { schema }) as Db;
}

/**
 * The SQL functions the schema relies on: `search_fold` writes residents.search_key in the
 * triggers of migration 0012, so a connection that inserts or renames residents needs it.
 */
export function registerFunctions(sqlite: Database.Database) {
  sqlite.function("search_fold", { deterministic: true }, (text: unknown) =>
    searchFold(typeof text === "string" ? text : null),
  );
}

const STATEMENT_CACHE_SIZE = 400;

/**
 * drizzle prepares every query anew; compiling SQL is a large part of a short request. The
 * connection keeps its most recent statements by SQL text and hands them out again. Safe here:
 * better-sqlite3 runs a statement to completion synchronously (nothing here iterates lazily),
 * and the data mode drizzle may have switched on (`raw`) is reset on each hand-out.
 */
function cacheStatements(sqlite: Database.Database) {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source); // most recently used last
    } else {
      stmt = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, stmt);
    if (stmt.reader) stmt.raw(false);
    return stmt;
  }) as typeof sqlite.prepare;
}

export { schema };
