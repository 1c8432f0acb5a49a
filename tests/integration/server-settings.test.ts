import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SERVER = path.resolve(import.meta.dirname, "../../server.js");

/** server.js with one setting, and no build (the settings are read before it is loaded). */
function start(env: Record<string, string>) {
  return spawnSync(process.execPath, [SERVER, "/nonexistent/build/index.js"], {
    env: { ...process.env, NODE_ENV: "production", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
}

describe("server.js's own settings (decisions 036, 054)", () => {
  it.each([
    ["WEB_CONCURRENCY", "abc", 'expected a whole number from 1 or "auto"'],
    ["WEB_CONCURRENCY", "0", 'expected a whole number from 1 or "auto"'],
    ["HEAP_GROWING_PERCENT", "-1", "expected a whole number from 0"],
    ["HEAP_GROWING_PERCENT", "lots", "expected a whole number from 0"],
  ])("%s=%s stops the start with one line naming it", (name, value, want) => {
    const r = start({ [name]: value });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`[server] ${name}=${value}: ${want}`);
  });

  it("good values pass the check (the start then fails only for want of a build)", () => {
    const r = start({ WEB_CONCURRENCY: "1", HEAP_GROWING_PERCENT: "0" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).not.toContain("expected a whole number");
    expect(r.stderr).toMatch(/nonexistent/);
  });
});
