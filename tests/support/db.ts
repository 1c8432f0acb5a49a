import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "#db/client";
import { runMigrations } from "#db/migrate";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "di-test-"));
let template: string | undefined;

/** Path of a migrated database made once per worker; tests copy it. */
function templateFile(): string {
  if (!template) {
    template = path.join(dir, "template.db");
    runMigrations(template);
    // Fold the WAL into the main file so a plain copy is complete.
    const db = openDatabase(template);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    db.$client.close();
  }
  return template;
}

/** A fresh, migrated SQLite file for one test: real database, no mocks. */
export function freshDbFile(): string {
  const file = path.join(dir, `${crypto.randomUUID()}.db`);
  fs.copyFileSync(templateFile(), file);
  return file;
}

/**
 * The databases tests open with `freshDb`: after each test, tests/support/setup.ts compares their
 * `counting_moments` with the recount from the records (decision 035), whatever the test wrote.
 */
export const OPEN_DATABASES: Set<Db> = ((globalThis as { __openTestDbs?: Set<Db> }).__openTestDbs ??= new Set());

export function freshDb(): Db {
  const db = openDatabase(freshDbFile());
  OPEN_DATABASES.add(db);
  return db;
}
