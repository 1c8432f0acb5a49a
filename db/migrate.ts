import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { openDatabase, ownerOnlyFile } from "./client";

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
