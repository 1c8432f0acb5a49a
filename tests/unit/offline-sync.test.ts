import { describe, expect, it } from "vitest";
import { backoffDelay } from "#app/offline/sync";

describe("offline sync backs off", () => {
  it("doubles the delay from 2 s after each failed attempt, up to 5 minutes", () => {
    expect([1, 2, 3, 4, 5].map(backoffDelay)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
    expect(backoffDelay(9)).toBe(300_000);
    expect(backoffDelay(50)).toBe(300_000);
    expect(backoffDelay(0)).toBe(2_000);
  });
});
