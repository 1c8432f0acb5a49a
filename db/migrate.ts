import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { sql } from "drizzle-orm";
import { openDatabase, ownerOnlyFile, type DbOrTx } from "./client";

export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Applies the committed drizzle-kit migrations to `file`.
 *
 * Two processes must never race: before migrating we take an exclusive write lock on a small
 * companion SQLite file (`<file>.migrate-lock`) with BEGIN IMMEDIATE. A second migrator waits on
 * the busy timeout, then finds nothing left to apply. SQLite releases the lock if the process
 * dies, so no stale lock can block a later start.
 */
export function runMigrations(file: string, migrationsFolder = MIGRATIONS_FOLDER): void {
  ownerOnlyFile(`${file}.migrate-lock`);
  const lock = new Database(`${file}.migrate-lock`);
  lock.pragma("busy_timeout = 60000");
  lock.exec("BEGIN IMMEDIATE");
  try {
    const db = openDatabase(file);
    try {
      migrate(db, { migrationsFolder });
    } finally {
      db.$client.close();
    }
  } finally {
    lock.exec("ROLLBACK");
    lock.close();
  }
}

/**
 * The triggers the committed migrations make, name → SQL text, read off an in-memory database
 * migrated now: what a database's own triggers are compared with (the consistency check).
 */
export function migratedTriggers(migrationsFolder = MIGRATIONS_FOLDER): Map<string, string> {
  const db = openDatabase(":memory:");
  try {
    migrate(db, { migrationsFolder });
    return triggersOf(db);
  } finally {
    db.$client.close();
  }
}

/** A database's triggers (its main schema; not a connection's temporary ones), name → SQL text. */
export function triggersOf(db: DbOrTx): Map<string, string> {
  const rows = db.all<{ name: string; sql: string }>(
    sql`select name, sql from main.sqlite_master where type = 'trigger'`,
  );
  return new Map(rows.map((r) => [r.name, r.sql]));
}
