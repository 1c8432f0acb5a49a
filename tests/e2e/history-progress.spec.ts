/**
 * Issue #14 item 3, "progress shown for long files" (decision 020): a case worker checks and
 * imports a long history file; the page shows the rows done of all rows while the server
 * replays them on a copy of the database, and the server keeps answering other requests
 * meanwhile. Its own production server on a scenario database (one institution, one case worker),
 * so that hundreds of imported people do not change the demo figures other specs count.
 * Screenshots: test-results/screenshots/history-progress-*.
 */
import { expect, test, type Page } from "@playwright/test";
import path from "node:path";
import fs from "node:fs";
import { makeScenario, startServerOnFreePort, tempDir, type Server } from "#tests/support/server";
import { chooseLanguage, expectAccessible, historyCsv, signInAs, tr, type Lng } from "./fixtures";

let server: Server | undefined;
let dir: string | undefined;
test.afterEach(async ({}, testInfo) => {
  if (server && testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach("server stderr", { body: server.stderr() || "(empty)" });
  await server?.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** `n` residents opened and assessed in 2024 (four workflow steps each), surnames from `tag`. */
function historyFile(n: number, tag: string) {
  return { name: `historia-${tag}.csv`, mimeType: "text/csv", buffer: Buffer.from(historyCsv(n, tag), "utf8") };
}

async function shots(page: Page, name: string) {
  const desktop = page.viewportSize()!;
  await page.screenshot({ path: `test-results/screenshots/history-progress-${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `test-results/screenshots/history-progress-${name}-390.png`, fullPage: true });
  await page.setViewportSize(desktop);
}

/**
 * Waits until the progress says some rows of `total` are done but not all (a running count,
 * not a spinner), and returns the counts seen.
 */
async function seeRunningCount(
  page: Page,
  lng: Lng,
  phase: "checking" | "importing",
  total: number,
): Promise<number[]> {
  const section = page.getByRole("region", { name: tr(lng, `history.progress.${phase}`) });
  await expect(section).toBeVisible();
  const pattern = new RegExp(
    `^(\\d[\\d\\s\\u00a0]*) ${tr(lng, "history.progress.rows", { done: "", total: "" }).trim().split(" ")[0]} `,
  );
  const seen: number[] = [];
  await expect
    .poll(
      async () => {
        const text =
          (await section
            .getByRole("status")
            .textContent()
            .catch(() => "")) ?? "";
        const m = pattern.exec(text.trim());
        if (m) seen.push(Number(m[1]!.replace(/\D/g, "")));
        return seen.some((n) => n > 0 && n < total);
      },
      { intervals: [100], timeout: 30_000 },
    )
    .toBe(true);
  await expect(section.getByRole("progressbar")).toHaveAttribute("max", String(total));
  return seen;
}

test("a long history file: the page counts the rows checked and imported, and the server answers others meanwhile", async ({
  page,
}) => {
  test.setTimeout(150_000);
  dir = tempDir("di-progress-");
  const file = path.join(dir, "app.db");
  const scenario = makeScenario(file, 0, 1);
  server = await startServerOnFreePort(file, [], 3210, 3219);
  const origin = `http://localhost:${server.port}`;
  await signInAs(page, scenario.workers[0]!.email, scenario.password, origin);
  await page.goto(`${origin}/residents/history-import`);
  await chooseLanguage(page, "pl");
  // The longest file accepted (MAX_HISTORY_ROWS): 400 rows were once checked within the page's
  // first poll on a fast machine, and no running count was ever shown.
  const ROWS = 1000;

  // The check: a running count of 1,000, while another request is answered at once.
  await page.getByLabel(tr("pl", "history.file")).setInputFiles(historyFile(ROWS, "Próba"));
  await page.getByRole("button", { name: tr("pl", "residents.import.check") }).click();
  const seen = await seeRunningCount(page, "pl", "checking", ROWS);
  const started = Date.now();
  const other = await page.request.get(`${origin}/residents`);
  expect(other.status()).toBe(200);
  expect(Date.now() - started).toBeLessThan(2_000);
  await expectAccessible(page);
  await shots(page, "pl-checking");
  await expect(page.getByRole("heading", { name: tr("pl", "residents.import.readyTitle") })).toBeVisible({
    timeout: 60_000,
  });
  expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true);
  await expect(page.getByRole("row", { name: new RegExp(`Próba ${ROWS}\\b`) })).toContainText(
    tr("pl", "transitions.states.planning"),
  );

  // The import: counted the same way; then the residents list with the number imported.
  await page.getByRole("button", { name: tr("pl", "residents.import.confirm") }).click();
  await seeRunningCount(page, "pl", "importing", ROWS);
  await expect(page).toHaveURL(/\/residents$/, { timeout: 60_000 });
  await expect(page.getByRole("status")).toHaveText(tr("pl", "history.residents.done", { count: String(ROWS) }));

  // A job of another user, or one that no longer exists, is not shown: 404, no-store.
  const unknown = await page.request.get(
    `${origin}/residents/history-import/progress?job=00000000-0000-4000-8000-000000000000`,
  );
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()["cache-control"]).toBe("no-store");

  // In Bulgarian, a second file: the same count in Bulgarian words.
  await page.goto(`${origin}/residents/history-import`);
  await chooseLanguage(page, "bg");
  await page.getByLabel(tr("bg", "history.file")).setInputFiles(historyFile(ROWS, "Проба"));
  await page.getByRole("button", { name: tr("bg", "residents.import.check") }).click();
  await seeRunningCount(page, "bg", "checking", ROWS);
  await shots(page, "bg-checking");
  await expect(page.getByRole("heading", { name: tr("bg", "residents.import.readyTitle") })).toBeVisible({
    timeout: 60_000,
  });
});
