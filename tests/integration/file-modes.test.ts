import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupDatabase, knownMigrationCount, restoreDatabase } from "#db/backup";
import { openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";

/**
 * Issue #16 finding 8: the database holds special-category data; it, its WAL and shared-memory
 * files and its backups are readable by the owner only (0600), whatever the umask (here the
 * common 022, which made them 0644 before).
 */
const mode = (file: string) => fs.statSync(file).mode & 0o777;
let previous: number;
beforeAll(() => {
  previous = process.umask(0o022);
});
afterAll(() => {
  process.umask(previous);
});

describe("files holding personal data are 0600", () => {
  it("a new database, its -wal and -shm, the migrated file, a backup and a restored file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "di-modes-"));
    const file = path.join(dir, "data", "app.db");
    runMigrations(file);
    const db = openDatabase(file);
    db.run(sql`create table if not exists t (x)`);
    db.run(sql`insert into t values (1)`);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f).toString(8), f).toBe("600");

    const backup = path.join(dir, "backups", "app-1.db");
    await backupDatabase(file, backup);
    expect(mode(backup).toString(8)).toBe("600");
    expect((fs.statSync(path.dirname(backup)).mode & 0o077).toString(8)).toBe("0");

    const restored = path.join(dir, "restored.db");
    await restoreDatabase(backup, restored, { force: false, knownMigrations: knownMigrationCount() });
    expect(mode(restored).toString(8)).toBe("600");
    db.$client.close();
  });

  it("an existing database made 0644 by an older version is tightened when opened", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "di-modes-"));
    const file = path.join(dir, "old.db");
    fs.writeFileSync(file, "", { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const db = openDatabase(file);
    db.run(sql`create table t (x)`);
    expect(mode(file).toString(8)).toBe("600");
    expect(mode(`${file}-wal`).toString(8)).toBe("600");
    db.$client.close();
  });
});
