import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ownerOnlyFile } from "./client";
import { MIGRATIONS_FOLDER } from "./migrate";

/**
 * Online backup and restore of the SQLite file.
 *
 * Backup uses SQLite's backup API (better-sqlite3 `backup()`): it copies a consistent snapshot
 * page by page while the application keeps reading and writing (WAL mode). The copy is then
 * checked with `PRAGMA integrity_check`.
 *
 * Restore checks the backup the same way, refuses a backup made by a newer version of the
 * schema than this code knows, copies it next to the target and renames it into place (a crash
 * never leaves half a database). The application must be stopped while it runs. Backups and
 * restored files are 0600, like the database (`ownerOnlyFile`).
 */

export class BackupError extends Error {}

/** How many migrations this version of the code has (drizzle-kit's journal). */
export function knownMigrationCount(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

function integrityOk(file: string): boolean {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma("integrity_check", { simple: true }) === "ok";
  } finally {
    db.close();
  }
}

function migrationsApplied(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const exists = db
      .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
      .get();
    return exists ? (db.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number }).n : 0;
  } finally {
    db.close();
  }
}

export async function backupDatabase(source: string, destination: string): Promise<{ bytes: number }> {
  if (!fs.existsSync(source)) throw new BackupError(`no database at ${source}`);
  if (fs.existsSync(destination)) throw new BackupError(`${destination} exists: choose another name`);
  // Created empty and 0600 first (in a 0700 directory when new): SQLite copies into it.
  ownerOnlyFile(destination);
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    await db.backup(destination);
  } finally {
    db.close();
  }
  if (!integrityOk(destination)) {
    fs.rmSync(destination, { force: true });
    throw new BackupError("the backup failed its integrity check and was removed");
  }
  return { bytes: fs.statSync(destination).size };
}

export async function restoreDatabase(
  backup: string,
  target: string,
  options: { force: boolean; knownMigrations: number },
): Promise<void> {
  if (!fs.existsSync(backup)) throw new BackupError(`no backup at ${backup}`);
  if (!integrityOk(backup)) throw new BackupError(`${backup} fails its integrity check: not restored`);
  const applied = migrationsApplied(backup);
  if (applied > options.knownMigrations) {
    throw new BackupError(
      `${backup} has ${applied} migrations, this version knows ${options.knownMigrations}: restore it with the newer version`,
    );
  }
  if (fs.existsSync(target) && !options.force)
    throw new BackupError(`${target} exists: stop the application and add --force to replace it`);
  const temp = `${target}.restoring-${crypto.randomBytes(4).toString("hex")}`;
  ownerOnlyFile(temp);
  const src = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await src.backup(temp);
  } finally {
    src.close();
  }
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(temp, target);
}

/** A digest of every table's rows (in rowid order): two files with the same data agree. */
export function databaseDigest(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => {
        const h = crypto.createHash("sha256");
        for (const row of db.prepare(`select * from "${name.replace(/"/g, '""')}" order by rowid`).iterate())
          h.update(JSON.stringify(row));
        return [name, h.digest("hex")];
      }),
    );
  } finally {
    db.close();
  }
}
