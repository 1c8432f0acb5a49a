import { expect, test, type Page } from "@playwright/test";
import JSZip from "jszip";
import fs from "node:fs";
import { account, chooseLanguage, expectAccessible, signInAs, tr, type Lng } from "./fixtures";

/**
 * Issue #16, "beyond the mends" items 1 and 2 (decisions 041, 042), at 390 px: a case worker
 * downloads a resident's complete data as a PDF and as a ZIP of JSON and files; the administrator
 * anonymises a record whose retention has ended (Polish and Bulgarian) and records a refusal of
 * erasure with its legal basis, from the list and from a resident's page.
 */
test.use({ viewport: { width: 390, height: 844 } });

async function download(page: Page, name: string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) };
}

test("a case worker downloads a resident's data as PDF and as JSON with the files (ZIP), in Polish", async ({
  page,
}) => {
  const worker = account("case_worker", "pl");
  await page.goto("/login");
  await signInAs(page, worker.email, worker.password);
  await page.goto("/residents?q=Sobczak");
  await chooseLanguage(page, "pl");
  await page.locator("main tbody th a").first().click();
  const pl = (key: string) => tr("pl", key);
  await expect(page.getByRole("heading", { name: pl("subjectAccess.panelTitle") })).toBeVisible();
  await expect(page.getByTestId("retention-line")).toHaveText(pl("retention.openLine"));
  const code = (await page.locator("h1 code").innerText()).trim();

  const pdf = await download(page, pl("subjectAccess.downloadPdf"));
  expect(pdf.name).toBe(`personal-data-${code}.pdf`);
  expect(pdf.bytes.subarray(0, 5).toString()).toBe("%PDF-");

  const zip = await download(page, pl("subjectAccess.downloadZip"));
  expect(zip.name).toBe(`personal-data-${code}.zip`);
  const data = JSON.parse(await (await JSZip.loadAsync(zip.bytes)).file("data.json")!.async("string"));
  expect(data).toMatchObject({ format: "di-transition/subject-access@1", person: { code } });
  expect(Array.isArray(data.documents)).toBe(true);

  // Both are downloads the server sends with no-store.
  const res = await page.request.get(`${new URL(page.url()).pathname}/subject-access.zip`);
  expect(res.headers()["cache-control"]).toBe("no-store");
  expect(res.headers()["content-disposition"]).toMatch(/^attachment;/);
});

async function anonymiseDue(page: Page, lng: Lng, institution: string) {
  const t = (key: string, values?: Record<string, string>) => tr(lng, key, values);
  await page.goto("/admin/retention");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("retention.title"));
  const row = page
    .locator("main tbody tr")
    .filter({ hasText: institution })
    .filter({ hasText: t("retention.statuses.due") })
    .first();
  const code = (await row.locator("th code").innerText()).trim();
  // Asked first; Cancel changes nothing.
  const dialog = page.getByRole("alertdialog", { name: t("retention.confirmTitle", { code }) });
  await row.getByRole("button", { name: t("retention.anonymiseCode", { code }) }).click();
  await expect(dialog).toContainText(code);
  await dialog.getByRole("button", { name: t("confirm.cancel") }).click();
  await expect(row).toContainText(t("retention.statuses.due"));
  await row.getByRole("button", { name: t("retention.anonymiseCode", { code }) }).click();
  await dialog.getByRole("button", { name: t("retention.anonymise") }).click();
  await expect(page.getByRole("status").first()).toHaveText(t("retention.anonymisedFlash"));
  const done = page.getByTestId(`retention-${code}`);
  await expect(done).toContainText(t("retention.anonymisedOnDate", { at: "" }).trim());
  // The resident page now names no one.
  await done.getByRole("link", { name: code }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(t("retention.anonymisedName"));
  return code;
}

test("the administrator anonymises a due record and records a refusal of erasure, in Polish", async ({ page }) => {
  const admin = account("admin");
  await page.goto("/login");
  await signInAs(page, admin.email, admin.password);
  await page.goto("/admin/retention");
  await chooseLanguage(page, "pl");
  await expectAccessible(page);
  await anonymiseDue(page, "pl", "Kombatantów");

  // A refusal from the list: the basis chosen, recorded, said back.
  const pl = (key: string, values?: Record<string, string>) => tr("pl", key, values);
  await page.goto("/admin/retention");
  const row = page
    .locator("main tbody tr")
    .filter({ hasText: "Kombatantów" })
    .filter({ hasText: pl("retention.statuses.due") })
    .first();
  const code = (await row.locator("th code").innerText()).trim();
  await row.getByText(pl("retention.refuse")).click();
  await row.getByLabel(pl("retention.basis")).selectOption("e");
  await row.getByLabel(pl("retention.reference")).fill("I C 118/26");
  await row.getByRole("button", { name: pl("retention.recordRefusal", { code }) }).click();
  await expect(page.getByRole("status").first()).toHaveText(
    pl("retention.refusedFlash", { basis: pl("retention.bases.e") }),
  );
});

test("the administrator anonymises a due record and refuses an early erasure from the resident's page, in Bulgarian", async ({
  page,
}) => {
  const admin = account("admin");
  await page.goto("/login");
  await signInAs(page, admin.email, admin.password);
  await page.goto("/admin/retention");
  await chooseLanguage(page, "bg");
  await anonymiseDue(page, "bg", "Ракитово");

  // A record still kept: an early request to erase it is refused with its basis, on its own page.
  const bg = (key: string, values?: Record<string, string>) => tr("bg", key, values);
  await page.goto("/admin/retention");
  const kept = page
    .locator("main tbody tr")
    .filter({ hasText: "Ракитово" })
    .filter({ hasText: bg("retention.statuses.kept") })
    .first();
  const code = (await kept.locator("th code").innerText()).trim();
  await kept.getByRole("link", { name: code }).click();
  const panel = page.locator("section", { has: page.getByRole("heading", { name: bg("subjectAccess.panelTitle") }) });
  await expect(panel.getByTestId("retention-line")).toBeVisible();
  await panel.getByText(bg("retention.refuse")).click();
  await panel.getByLabel(bg("retention.basis")).selectOption("b");
  await panel.getByRole("button", { name: bg("retention.recordRefusal", { code }) }).click();
  await expect(page.getByRole("status").first()).toHaveText(
    bg("retention.refusedFlash", { basis: bg("retention.bases.b") }),
  );
  await expect(panel).toContainText(bg("retention.bases.b"));
});
