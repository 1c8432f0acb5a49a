import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "#db/schema";
import { backupDatabase, BackupError, databaseDigest, knownMigrationCount, restoreDatabase } from "#db/backup";
import { openDatabase } from "#db/client";
import { freshDbFile } from "#tests/support/db";
import { createInstitution, createUser } from "#tests/factories";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "di-backup-"));
const MIGRATIONS = knownMigrationCount();

describe("db:backup and db:restore", () => {
  it("backs up while another connection writes; the restored file has the backup's data exactly", async () => {
    const file = freshDbFile();
    const db = openDatabase(file);
    const inst = createInstitution(db);
    await createUser(db, { institutionIds: [inst.id] });
    for (let i = 0; i < 2000; i++)
      db.insert(auditEvents)
        .values({ at: new Date().toISOString(), action: "test.write", entityType: "test", entityId: String(i) })
        .run();
    const dir = tmp();
    const backup = path.join(dir, "backup.db");
    // The application keeps writing during the backup (WAL: the backup sees a consistent state).
    let writes = 0;
    const writer = setInterval(() => {
      if (writes < 50)
        db.insert(auditEvents)
          .values({
            at: new Date().toISOString(),
            action: "test.during",
            entityType: "test",
            entityId: String(writes++),
          })
          .run();
    }, 1);
    const { bytes } = await backupDatabase(file, backup);
    clearInterval(writer);
    expect(bytes).toBeGreaterThan(0);
    const inBackup = openDatabase(backup).get<{ n: number }>(
      sql`select count(*) as n from audit_events where action = 'test.write'`,
    )!.n;
    expect(inBackup).toBe(2000);

    const target = path.join(dir, "restored.db");
    await restoreDatabase(backup, target, { force: false, knownMigrations: MIGRATIONS });
    expect(databaseDigest(target)).toEqual(databaseDigest(backup));
    expect(Object.keys(databaseDigest(target))).toEqual(
      expect.arrayContaining(["residents", "transition_events", "grants", "__drizzle_migrations"]),
    );
    db.$client.close();
  });

  it("refuses: an existing target without --force, a damaged backup, a backup of a newer schema, an existing backup name", async () => {
    const file = freshDbFile();
    const dir = tmp();
    const backup = path.join(dir, "b.db");
    await backupDatabase(file, backup);
    await expect(backupDatabase(file, backup)).rejects.toThrow(BackupError);
    const target = path.join(dir, "t.db");
    fs.copyFileSync(file, target);
    await expect(restoreDatabase(backup, target, { force: false, knownMigrations: MIGRATIONS })).rejects.toThrow(
      /--force/,
    );
    await expect(restoreDatabase(backup, target, { force: true, knownMigrations: MIGRATIONS - 1 })).rejects.toThrow(
      /newer version/,
    );
    const damaged = path.join(dir, "damaged.db");
    const bytes = fs.readFileSync(backup);
    bytes.fill(0x41, 4096, 8192); // overwrite the second page
    fs.writeFileSync(damaged, bytes);
    await expect(restoreDatabase(damaged, target, { force: true, knownMigrations: MIGRATIONS })).rejects.toThrow();
    // Nothing was replaced by the refusals.
    expect(databaseDigest(target)).toEqual(databaseDigest(file));
    await restoreDatabase(backup, target, { force: true, knownMigrations: MIGRATIONS });
    expect(databaseDigest(target)).toEqual(databaseDigest(backup));
  });
});
