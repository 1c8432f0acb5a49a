import { describe, expect, it } from "vitest";
import { demoSignIns, isLoopback } from "#app/modules/auth/demo.server";

/** Issue #16 finding 8: the sign-in page never shows the administrator's password, and shows demo sign-ins only on loopback. */
describe("demo sign-ins on the sign-in page", () => {
  it("knows which addresses only this machine reaches", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", " LOCALHOST "])
      expect(isLoopback(h), h).toBe(true);
    for (const h of [
      undefined,
      "",
      "0.0.0.0",
      "::",
      "192.168.1.10",
      "10.0.0.1",
      "example.org",
      "127.0.0.1.example.org",
    ])
      expect(isLoopback(h), String(h)).toBe(false);
  });

  it("outside demo mode: nothing; on a network: only where to find them; on loopback: the table without the administrator's password", () => {
    expect(demoSignIns({ DEMO_MODE: false, HOST: "127.0.0.1" })).toBeNull();
    expect(demoSignIns({ DEMO_MODE: true, HOST: undefined })).toEqual({ shown: false });
    expect(demoSignIns({ DEMO_MODE: true, HOST: "0.0.0.0" })).toEqual({ shown: false });
    const shown = demoSignIns({ DEMO_MODE: true, HOST: "127.0.0.1" });
    if (!shown?.shown) throw new Error("expected the table");
    expect(shown.accounts.find((a) => a.role === "admin")!.password).toBeNull();
    expect(shown.accounts.filter((a) => a.role !== "admin").every((a) => a.password)).toBe(true);
    expect(JSON.stringify(shown)).not.toContain("demo-admin-2026");
  });
});
