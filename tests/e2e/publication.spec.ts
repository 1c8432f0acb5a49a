import { expect, test } from "@playwright/test";
import { account, expectAccessible, signInAs, tr } from "./fixtures";

/**
 * Issue #16: the working group publishes its plan's progress summary for the municipality's
 * website (in Bulgarian here, chosen on the form), anyone opens it without signing in, and the
 * group withdraws it: the address then answers 404.
 */

const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);
const bg = (key: string, values?: Record<string, string>) => tr("bg", key, values);

test("the working group publishes the summary in a chosen language, it is read without signing in, then withdrawn", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const group = account("working_group");
  await page.goto("/login");
  await signInAs(page, group.email, group.password);
  await page.goto("/plans");
  await page.locator("main tbody a").first().click();
  await page.getByRole("link", { name: pl("plans.publication.link") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(pl("plans.publication.title"));
  await expect(page.getByTestId("publication-state")).toContainText(pl("plans.publication.notPublished"));
  await expectAccessible(page);

  // Publishing asks first, naming the language; Cancel publishes nothing.
  await page.getByLabel(pl("plans.publication.language")).selectOption("bg");
  const ask = page.getByRole("alertdialog", { name: pl("plans.publication.confirmPublishTitle") });
  await page.getByRole("button", { name: pl("plans.publication.publish") }).click();
  await expect(ask).toContainText(pl("language.names.bg"));
  await ask.getByRole("button", { name: pl("confirm.cancel") }).click();
  await expect(page.getByTestId("publication-state")).toContainText(pl("plans.publication.notPublished"));
  await page.getByRole("button", { name: pl("plans.publication.publish") }).click();
  await ask.getByRole("button", { name: pl("plans.publication.publish") }).click();
  await expect(page.getByRole("status").first()).toHaveText(pl("plans.publication.publishedFlash"));
  const url = (await page.getByTestId("public-url").innerText()).trim();
  expect(url).toMatch(/\/p\/[A-Za-z0-9_-]{22}$/);

  // A visitor with no session reads it in Bulgarian: aggregates only, no resident code.
  const visitor = await browser.newContext({ baseURL });
  const v = await visitor.newPage();
  const res = await v.goto(new URL(url).pathname);
  expect(res!.status()).toBe(200);
  expect(res!.headers()["cache-control"]).toBe("no-store");
  await expect(v.locator("main")).toHaveAttribute("lang", "bg");
  await expect(v.getByRole("heading", { level: 2, name: bg("plans.publicSummary.indicators") })).toBeVisible();
  await expect(v.getByTestId("privacy-note")).toHaveText(bg("plans.publicSummary.privacy", { threshold: "3" }));
  await expect(v.locator("main")).not.toContainText(/R-[A-Z0-9]{6}/);
  await expectAccessible(v);
  await v.setViewportSize({ width: 390, height: 800 });
  const overflow = await v.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // Withdrawn: asked first, then the address answers 404.
  await page.getByRole("button", { name: pl("plans.publication.unpublish") }).click();
  const withdraw = page.getByRole("alertdialog", { name: pl("plans.publication.confirmUnpublishTitle") });
  await withdraw.getByRole("button", { name: pl("plans.publication.unpublish") }).click();
  await expect(page.getByRole("status").first()).toHaveText(pl("plans.publication.unpublishedFlash"));
  await expect(page.getByTestId("publication-state")).toContainText(pl("plans.publication.withdrawn"));
  expect((await v.goto(new URL(url).pathname))!.status()).toBe(404);
  await visitor.close();
});

test("a grant manager reads the publication page but has no publish button", async ({ page }) => {
  const manager = account("grant_manager");
  await page.goto("/login");
  await signInAs(page, manager.email, manager.password);
  await page.goto("/plans");
  await page.locator("main tbody a").first().click();
  await page.getByRole("link", { name: pl("plans.publication.link") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(pl("plans.publication.title"));
  await expect(page.getByRole("button", { name: pl("plans.publication.publish") })).toHaveCount(0);
});
