/**
 * The national coordinator's overview at a scale that needs the region step (decision 058): a
 * database of `npm run seed:scale` (60 plan areas in 16 Polish voivodeships and 12 Bulgarian
 * oblasts, 25 grants) on its own production server. The overview opens with the regions; a
 * region's link lists its plan areas and its grants' figures; "back" returns; "every region on one
 * page" lists all of them. In Polish on a desktop and in Bulgarian at 390 px.
 */
import { expect, test, type Page } from "@playwright/test";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, startServerOnFreePort, tempDir, type Server } from "#tests/support/server";
import { chooseLanguage, expectAccessible, signInAs, tr, type Lng } from "./fixtures";

let server: Server | undefined;
let dir: string | undefined;

test.beforeAll(async () => {
  dir = tempDir("di-regions-");
  const file = path.join(dir, "scale.db");
  const seeded = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/seed-scale.ts", "--residents", "24000", "--out", file, "--force"],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (seeded.status !== 0) throw new Error(`seed:scale failed:\n${seeded.stderr}`);
  server = await startServerOnFreePort(file, [], 3231, 3240, { COOKIE_SECURE: "false" });
});
test.afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function openAsCoordinator(page: Page, lng: Lng) {
  const origin = server!.origin;
  await page.goto(`${origin}/login`);
  await signInAs(page, "monitor1@scale.local", "scale-password-2026", origin);
  await page.goto(`${origin}/monitoring`);
  await chooseLanguage(page, lng);
  await expect(page).toHaveURL(/\/monitoring$/);
}

test("the national coordinator opens the regions, one region, back, then every region at once (Polish)", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const t = (key: string, values: Record<string, string> = {}) => tr("pl", key, values);
  await openAsCoordinator(page, "pl");

  // The regions, no plan area or grant yet: the page says how many there are and how to see them.
  const regions = page.getByRole("table", { name: t("monitoring.regions") });
  await expect(regions.locator("tbody tr")).toHaveCount(28);
  await expect(page.getByRole("table", { name: t("monitoring.areas") })).toHaveCount(0);
  await expect(page.locator("[data-grant]")).toHaveCount(0);
  await expect(page.getByTestId("choose-region")).toContainText(
    t("monitoring.chooseRegion", { areas: "60", grants: "25" }),
  );
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath("regions-pl.png") });

  // One region: its row's counts are the rows listed.
  const row = regions
    .locator("tbody tr")
    .filter({ hasText: t("countries.PL") })
    .first();
  const name = (await row.getByRole("link").textContent())!;
  const areasOfRegion = Number(await row.locator("td").nth(2).textContent());
  const grantsOfRegion = Number(await row.locator("td").nth(6).textContent());
  await row.getByRole("link").click();
  await expect(page).toHaveURL(/\?region=PL%3A/);
  await expect(page.getByTestId("region-shown")).toContainText(t("monitoring.regionShown", { region: name }));
  await expect(regions.getByRole("link", { name })).toHaveAttribute("aria-current", "page");
  const areas = page.getByRole("table", { name: t("monitoring.areas") });
  await expect(areas.locator("tbody tr")).toHaveCount(areasOfRegion);
  for (const r of await areas.locator("tbody tr td:first-child").allTextContents()) expect(r).toContain(name);
  await expect(page.locator("[data-grant]")).toHaveCount(grantsOfRegion);
  await expectAccessible(page);

  // An area of the region leads to its page.
  const firstArea = (await areas.locator("tbody tr td:first-child a").first().textContent())!;
  await areas.getByRole("link", { name: firstArea }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(firstArea);
  await page.goBack();

  // Back to the regions, then every region on one page.
  await page.getByRole("link", { name: t("monitoring.allRegions") }).click();
  await expect(page).toHaveURL(/\/monitoring$/);
  await expect(page.getByTestId("choose-region")).toBeVisible();
  await page.getByRole("link", { name: t("monitoring.showAll") }).click();
  await expect(page).toHaveURL(/\?region=all$/);
  await expect(page.getByTestId("region-shown")).toContainText(t("monitoring.allShown"));
  await expect(page.getByRole("table", { name: t("monitoring.areas") }).locator("tbody tr")).toHaveCount(60);
  await expect(page.locator("[data-grant]")).toHaveCount(25);

  // A region that is not the coordinator's (or does not exist): not found, nothing listed.
  const other = await page.goto(`${server!.origin}/monitoring?region=${encodeURIComponent("PL:nigdzie")}`);
  expect(other?.status()).toBe(404);
  await expect(page.locator("[data-grant]")).toHaveCount(0);
});

test("the regions and a region's page fit a phone, in Bulgarian", async ({ page }) => {
  test.setTimeout(120_000);
  const t = (key: string, values: Record<string, string> = {}) => tr("bg", key, values);
  await page.setViewportSize({ width: 390, height: 844 });
  await openAsCoordinator(page, "bg");
  const wide = () => page.evaluate(() => document.documentElement.scrollWidth);
  const regions = page.getByRole("table", { name: t("monitoring.regions") });
  await expect(regions.locator("tbody tr")).toHaveCount(28);
  expect(await wide()).toBeLessThanOrEqual(390);
  const row = regions
    .locator("tbody tr")
    .filter({ hasText: t("countries.BG") })
    .first();
  const name = (await row.getByRole("link").textContent())!;
  await row.getByRole("link").click();
  await expect(page.getByTestId("region-shown")).toContainText(t("monitoring.regionShown", { region: name }));
  // On a phone the chosen region's areas come first, in view; the regions follow, to choose another.
  const areas = page.getByRole("table", { name: t("monitoring.areas") });
  await expect(areas.locator("tbody tr").first()).toBeInViewport();
  expect((await areas.boundingBox())!.y).toBeLessThan((await regions.boundingBox())!.y);
  expect(await wide()).toBeLessThanOrEqual(390);
  await page.screenshot({ path: test.info().outputPath("region-bg-390.png"), fullPage: false });
});
