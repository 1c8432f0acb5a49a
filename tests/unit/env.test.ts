import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "#app/utils/env.server";

const secret = "x".repeat(40);

describe("environment validation", () => {
  it("takes defaults", () => {
    const env = parseEnv({ SESSION_SECRET: secret });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_PATH).toBe("./data/app.db");
    expect(env.DEMO_MODE).toBe(false);
    expect(env.SESSION_IDLE_MINUTES).toBe(30);
  });

  it("stops with one line naming the variable and the value", () => {
    expect(() => parseEnv({ SESSION_SECRET: secret, PORT: "abc" })).toThrowError(
      'Invalid environment: PORT expected a whole number from 1 to 65535 (got "abc")',
    );
    expect(() => parseEnv({ SESSION_SECRET: secret, PORT: "70000" })).toThrowError(/PORT/);
    expect(() => parseEnv({ SESSION_SECRET: secret, DEMO_MODE: "maybe" })).toThrowError(/DEMO_MODE/);
    expect(() => parseEnv({ SESSION_SECRET: "short" })).toThrowError(/SESSION_SECRET must be at least 32/);
  });

  it("requires a session secret in production unless in demo mode", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrowError(EnvError);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "env-"));
    const env = parseEnv({ NODE_ENV: "production", DEMO_MODE: "true", DATABASE_PATH: path.join(dir, "a.db") });
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    // the same secret is kept for the next start
    const again = parseEnv({ NODE_ENV: "production", DEMO_MODE: "true", DATABASE_PATH: path.join(dir, "a.db") });
    expect(again.SESSION_SECRET).toBe(env.SESSION_SECRET);
  });

  it("the small-count threshold of the breakdowns: 3 unless set, at least 2 (1 would hide nothing)", () => {
    expect(parseEnv({ SESSION_SECRET: secret }).SMALL_COUNT_THRESHOLD).toBe(3);
    expect(parseEnv({ SESSION_SECRET: secret }).RETENTION_YEARS_AFTER_CLOSURE).toBe(5);
    expect(parseEnv({ SESSION_SECRET: secret, RETENTION_YEARS_AFTER_CLOSURE: "6" }).RETENTION_YEARS_AFTER_CLOSURE).toBe(
      6,
    );
    expect(() => parseEnv({ SESSION_SECRET: secret, RETENTION_YEARS_AFTER_CLOSURE: "0" })).toThrowError(
      /RETENTION_YEARS_AFTER_CLOSURE/,
    );
    expect(parseEnv({ SESSION_SECRET: secret, SMALL_COUNT_THRESHOLD: "5" }).SMALL_COUNT_THRESHOLD).toBe(5);
    expect(() => parseEnv({ SESSION_SECRET: secret, SMALL_COUNT_THRESHOLD: "1" })).toThrowError(
      'Invalid environment: SMALL_COUNT_THRESHOLD expected a whole number from 2 to 50 (got "1")',
    );
    expect(() => parseEnv({ SESSION_SECRET: secret, SMALL_COUNT_THRESHOLD: "three" })).toThrowError(
      /SMALL_COUNT_THRESHOLD/,
    );
  });

  it("makes cookies Secure in production", () => {
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: secret }).COOKIE_SECURE).toBe(true);
    expect(parseEnv({ NODE_ENV: "development", SESSION_SECRET: secret }).COOKIE_SECURE).toBe(false);
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: secret, COOKIE_SECURE: "false" }).COOKIE_SECURE).toBe(
      false,
    );
  });
});
