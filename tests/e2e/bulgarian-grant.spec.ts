import { expect, test } from "@playwright/test";
import { BG_DEMO_GRANT_NUMBER, DEMO_GRANT_NUMBER } from "#db/seed/demo-grant";
import { account, signInAs, tr } from "./fixtures";

/** The Bulgarian demo grant (seed 000, decision 046): the Bulgarian grant manager opens a submitted report. */
const bg = (key: string, values?: Record<string, string>) => tr("bg", key, values);

test("the Bulgarian grant manager opens the Tutrakan project's first report, in Bulgarian", async ({ page }) => {
  const manager = account("grant_manager", "bg");
  await page.goto("/login");
  await signInAs(page, manager.email, manager.password);
  await page.goto("/grants");
  await expect(page.getByRole("link", { name: DEMO_GRANT_NUMBER })).toHaveCount(0);
  await page.getByRole("link", { name: BG_DEMO_GRANT_NUMBER }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Независим живот за гражданите на Тутракан");
  await page
    .getByRole("row", { name: new RegExp(`^${bg("grants.periodN", { n: "1" })}\\b`) })
    .getByRole("link")
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(bg("grants.report.heading", { n: "1" }));
  const covered = page.locator('tr[data-indicator="RES_COVERED"] td[data-cell="cumulative"]');
  await expect(covered).toHaveText(/[1-9]/);
  await expect(page.locator('tr[data-indicator="STAFF_SUPPORTED"]').first()).toContainText("58");
});
