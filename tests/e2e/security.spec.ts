import { expect, test } from "@playwright/test";
import { account, signInAs, tr } from "./fixtures";

test("every page carries a Content-Security-Policy with a fresh nonce; the app runs under it, nothing blocked", async ({ page }) => {
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
  });
  const res = await page.goto("/login");
  const csp = res!.headers()["content-security-policy"]!;
  const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(/script-src[^;]*unsafe-inline/.test(csp)).toBe(false);
  // A new nonce for each response.
  const again = (await page.request.get("/login")).headers()["content-security-policy"]!;
  expect(again).not.toContain(nonce!);

  // Hydrated: the browser validates with the shared schema before anything is sent.
  await page.getByRole("button", { name: tr("en", "auth.submit") }).click();
  await expect(page.getByText(tr("en", "validation.required")).first()).toBeVisible();

  // Pages with charts and forms, signed in.
  const manager = account("grant_manager");
  await signInAs(page, manager.email, manager.password);
  for (const path of ["/dashboard", "/grants", "/grants/1", "/grants/1/dashboard", "/grants/1/periods/4", "/plans/1/dashboard"]) {
    const r = await page.goto(path);
    expect(r!.status(), path).toBe(200);
    expect(r!.headers()["content-security-policy"], path).toMatch(/'nonce-/);
  }
  expect(blocked).toEqual([]);
});
