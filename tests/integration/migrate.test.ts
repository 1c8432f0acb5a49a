import { spawn } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { freshDbFile } from "#tests/support/db";
import fs from "node:fs";
import os from "node:os";

const root = path.resolve(import.meta.dirname, "../..");

function runMigrate(file: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: file, NODE_ENV: "development" },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe("db:migrate", () => {
  it("two migrators started together both succeed and apply each migration once", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mig-"));
    const file = path.join(dir, "race.db");
    const [a, b] = await Promise.all([runMigrate(file), runMigrate(file)]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    const db = new Database(file, { readonly: true });
    const journal = JSON.parse(fs.readFileSync(path.join(root, "db/migrations/meta/_journal.json"), "utf8"));
    const applied = db.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
    expect(applied.n).toBe(journal.entries.length);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("a wrong environment value stops with one clear line", async () => {
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], {
        cwd: root,
        env: { ...process.env, DATABASE_PATH: freshDbFile(), PORT: "eighty" },
      });
      let out = "";
      child.stderr.on("data", (d) => (out += d));
      child.on("close", (code) => resolve({ code, out }));
    });
    expect(r.code).toBe(1);
    expect(r.out.trim()).toBe('Invalid environment: PORT expected a whole number from 1 to 65535 (got "eighty")');
  });

  it("opens with foreign keys on and a busy timeout", async () => {
    const { openDatabase } = await import("#db/client");
    const db = openDatabase(freshDbFile());
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(5000);
  });
});
