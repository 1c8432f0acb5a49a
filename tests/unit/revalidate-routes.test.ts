import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { revalidateOnConflict, revalidateRootAfterActions } from "#app/utils/revalidate";

const ROUTES = path.resolve(import.meta.dirname, "../../app/routes");
type Args = Parameters<typeof revalidateOnConflict>[0];
const args = (over: Partial<Args>) => ({ defaultShouldRevalidate: false, ...over }) as Args;

/**
 * Issue #15: after a concurrent-edit refusal a page said it showed the current state and still
 * showed the old stage and buttons; after a refused action the previous success message stayed.
 */
describe("pages reload what they show after a refusal", () => {
  it("every page with a loader and an action reloads its data after a conflict (409)", () => {
    const pages = fs.readdirSync(ROUTES).filter((f) => f.startsWith("_app.") && f.endsWith(".tsx"));
    const missing = pages.filter((f) => {
      const src = fs.readFileSync(path.join(ROUTES, f), "utf8");
      const writes = /export async function action/.test(src) && /export async function loader/.test(src);
      return writes && !/export const shouldRevalidate = revalidateOnConflict;/.test(src);
    });
    expect(missing).toEqual([]);
  });

  it("a conflict reloads; another refusal does not", () => {
    expect(revalidateOnConflict(args({ actionStatus: 409 }))).toBe(true);
    expect(revalidateOnConflict(args({ actionStatus: 400 }))).toBe(false);
  });

  it("the root (with the one-time message) loads again after every form sent, refused or not", () => {
    const root = fs.readFileSync(path.resolve(ROUTES, "../root.tsx"), "utf8");
    expect(root).toMatch(/export const shouldRevalidate = revalidateRootAfterActions;/);
    expect(revalidateRootAfterActions(args({ formMethod: "POST", actionStatus: 400 }))).toBe(true);
    expect(revalidateRootAfterActions(args({ formMethod: "GET" }))).toBe(false);
    expect(revalidateRootAfterActions(args({}))).toBe(false);
  });
});
