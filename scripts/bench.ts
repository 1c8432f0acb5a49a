/**
 * npm run bench [-- --db ./data/scale.db --duration 10 --connections 32 --workers auto]
 *
 * `--workers` is the server's WEB_CONCURRENCY (server.js: 1 = one process, `auto` = one per
 * core). Every figure is printed with its floor (decision 036, issue #18 item 4):
 * - each HTTP page: the same bytes from a bare Node HTTP server in its own process, same load;
 * - the report: its aggregate statements run bare (the budgeted ratio); the monitoring reads:
 *   every reading statement they executed, replayed bare (scripts/lib/sql-floor.ts);
 * - durable events: a bare Node HTTP server committing one row per POST to SQLite (WAL,
 *   synchronous=NORMAL), same clients;
 * - RSS: the server's processes right after start, before any request;
 * - first-load JS: the scripts every measured page loads (entry, root route, libraries).
 *
 * Measures the product against the production build and a national-scale database (made by
 * `npm run seed:scale`), prints a table and writes bench/results.json. The budgets are the
 * issue's; docs/performance.md records the figures. The database is copied first, so the
 * benchmark's writes never touch the generated file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { eq, sql } from "drizzle-orm";
import { openDatabase } from "#db/client";
import {
  grantInstitutions,
  grants,
  institutions,
  reportingPeriods,
  transitions,
  userInstitutions,
  users,
} from "#db/schema";
import { scopeOf } from "#app/modules/auth/session.server";
import { getPeriodReport } from "#app/modules/grants/reports.server";
import { INDICATORS } from "#app/modules/indicators/definitions";
import { summariseIndicators, summarySql, type PeriodQuery } from "#app/modules/indicators/engine.server";
import { ALL_REGIONS, regionKey } from "#app/modules/monitoring/regions";
import { monitoringArea, monitoringOverview } from "#app/modules/monitoring/service.server";
import type { ServiceContext } from "#app/utils/context.server";
import { spawn } from "node:child_process";
import { firstLoadJs as firstLoadJsAt, gzipBytes } from "./lib/first-load";
import { recordSql } from "./lib/sql-floor";
import { buildProblem, ROOT, signIn as signInAt, startServer } from "./lib/server";

const PASSWORD = "scale-password-2026";
const ACTIVE_STATES = ["assessment", "planning", "preparation"];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(1);
}

const dbArg = path.resolve(arg("db", "./data/scale.db"));
const duration = Number(arg("duration", "10"));
const connections = Number(arg("connections", "32"));
const port = Number(arg("port", "3200"));
const samples = Number(arg("samples", "30"));
const workers = arg("workers", "auto");

// Refusals first: a development build or a missing database measure nothing worth recording.
const problem = buildProblem();
if (problem) fail(problem);
if (!fs.existsSync(dbArg)) fail(`no database at ${dbArg}: make one with \`npm run seed:scale -- --residents 80000\`.`);

// ---------------------------------------------------------------------------------------------
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const median = (xs: number[]) => quantile(xs, 0.5);
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** Median and p95 of a query's times and of its raw-SQL floor, and their ratio (the budget). */
const timings = (ms: number[], floorMs: number[]) => ({
  medianMs: round(median(ms)),
  p95Ms: round(quantile(ms, 0.95)),
  floorMedianMs: round(median(floorMs)),
  floorP95Ms: round(quantile(floorMs, 0.95)),
  ratio: round(median(ms) / median(floorMs)),
});

function timeIt(fn: () => unknown, n: number): number[] {
  fn(); // warm the statement cache and the page cache
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
const work = fs.mkdtempSync(path.join(os.tmpdir(), "di-bench-"));
const dbFile = path.join(work, "bench.db");
console.log(`Copying ${dbArg} (${round(fs.statSync(dbArg).size / 1e6, 1)} MB) …`);
{
  const src = openDatabase(dbArg);
  src.$client.pragma("wal_checkpoint(TRUNCATE)");
  src.$client.close();
  fs.copyFileSync(dbArg, dbFile);
}
const db = openDatabase(dbFile);

const admin = db.select().from(users).where(eq(users.role, "admin")).get();
const worker = db.select().from(users).where(eq(users.email, "worker1@scale.local")).get();
const manager = db.select().from(users).where(eq(users.email, "manager1@scale.local")).get();
const monitor = db.select().from(users).where(eq(users.email, "monitor1@scale.local")).get();
if (!admin || !worker || !manager || !monitor)
  fail(
    "the database has no scale users (admin, worker1@scale.local, manager1@scale.local, monitor1@scale.local): make it again with `npm run seed:scale`.",
  );
const counts = {
  institutions: db
    .select({ n: sql<number>`count(*)` })
    .from(institutions)
    .get()!.n,
  residents: db
    .select({ n: sql<number>`count(*)` })
    .from(transitions)
    .get()!.n,
  events: db.get<{ n: number }>(sql`select count(*) as n from transition_events`)!.n,
};
console.log(`Database: ${counts.institutions} institutions, ${counts.residents} residents, ${counts.events} events.`);

const ctxOf = (u: typeof manager): ServiceContext => ({
  db,
  actor: { id: u!.id, email: u!.email, name: u!.name, role: u!.role, locale: u!.locale },
  scope: scopeOf(db, u!),
  requestId: "bench",
  ip: null,
  now: new Date(),
});

// 1. The indicator report, in-process, beside the bare aggregate queries ("raw-SQL floor").
const grant = db
  .select()
  .from(grants)
  .innerJoin(grantInstitutions, eq(grantInstitutions.grantId, grants.id))
  .innerJoin(userInstitutions, eq(userInstitutions.institutionId, grantInstitutions.institutionId))
  .where(eq(userInstitutions.userId, manager!.id))
  .get()!.grants;
const today = new Date().toISOString().slice(0, 10);
const period =
  db
    .select()
    .from(reportingPeriods)
    .where(sql`${reportingPeriods.grantId} = ${grant.id} and ${reportingPeriods.startsOn} <= ${today}`)
    .orderBy(sql`${reportingPeriods.seq} desc`)
    .get() ?? fail("the first grant has no period that has begun");
const grantIds = db
  .select({ id: grantInstitutions.institutionId })
  .from(grantInstitutions)
  .where(eq(grantInstitutions.grantId, grant.id))
  .all()
  .map((r) => r.id);
const allIds = db
  .select({ id: institutions.id })
  .from(institutions)
  .all()
  .map((r) => r.id);
const dialect = new SQLiteSyncDialect();
function floorOf(q: PeriodQuery) {
  const statements = INDICATORS.map((def) => {
    const { sql: text, params } = dialect.sqlToQuery(summarySql(def, q));
    return { stmt: db.$client.prepare(text), params };
  });
  return () => statements.map((s) => s.stmt.all(...(s.params as unknown[])));
}
const grantQuery: PeriodQuery = {
  institutionIds: grantIds,
  grantStart: grant.startsOn,
  periodStart: period.startsOn,
  periodEnd: period.endsOn,
  ageScheme: grant.ageScheme,
};
const nationalQuery: PeriodQuery = {
  institutionIds: allIds,
  grantStart: "2022-01-01",
  periodStart: period.startsOn,
  periodEnd: period.endsOn,
  ageScheme: "esf_plus_2021_2027",
};
console.log(
  `Timing the report (grant ${grant.contractNumber}, period ${period.seq}: ${period.startsOn} … ${period.endsOn}) and a national roll-up …`,
);
const mctx = ctxOf(manager);
const reportMs = timeIt(() => getPeriodReport(mctx, grant.id, period.id), samples);
const reportFloorMs = timeIt(floorOf(grantQuery), samples);
const nationalMs = timeIt(() => summariseIndicators(db, nationalQuery), Math.max(5, Math.round(samples / 3)));
const nationalFloorMs = timeIt(floorOf(nationalQuery), Math.max(5, Math.round(samples / 3)));

// The monitoring reads, in process: the overview for the administrator and for the national
// coordinator (every grant's current period, every plan area; the coordinator's own scope and
// rules), and the coordinator's page of the plan area with the most institutions. Their floor:
// every reading statement one run executed, replayed bare (scripts/lib/sql-floor.ts).
const actx = ctxOf(admin);
const monCtx = ctxOf(monitor);
const overview = monitoringOverview(actx, ALL_REGIONS);
// The overview as it opens at this scale is the regions' totals (decision 058); a region's page
// lists its areas and grants: the region with the most plan areas.
const opened = monitoringOverview(monCtx);
const largestRegion = [...opened.regions!].sort((a, b) => b.areas - a.areas)[0]!;
if (regionKey({ country: largestRegion.country, region: largestRegion.name }) !== largestRegion.key)
  fail("regionKey does not give the regions' keys");
const largestArea = db.get<{ id: number; n: number }>(
  sql`select municipality_id as id, count(*) as n from ${institutions} group by municipality_id order by n desc, id limit 1`,
)!;
function timedWithFloor(fn: () => unknown, n: number) {
  const recorded = recordSql(db.$client, fn);
  return {
    statements: recorded.reads,
    ...timings(
      timeIt(fn, n),
      timeIt(() => recorded.replay(), n),
    ),
  };
}
// The report's statements, all of them (its breakdowns' protection reads more than the 7 aggregates).
const reportAllTimed = timedWithFloor(() => getPeriodReport(mctx, grant.id, period.id), samples);
const overviewTimed = timedWithFloor(() => monitoringOverview(actx, ALL_REGIONS), samples);
const monitorOverviewTimed = timedWithFloor(() => monitoringOverview(monCtx, ALL_REGIONS), samples);
const regionsTimed = timedWithFloor(() => monitoringOverview(monCtx), samples);
const regionTimed = timedWithFloor(() => monitoringOverview(monCtx, largestRegion.key), samples);
const areaTimed = timedWithFloor(() => monitoringArea(monCtx, largestArea.id), samples);

// ---------------------------------------------------------------------------------------------
// 2. The production server on that copy.
const base = `http://localhost:${port}`;
/** First-load JavaScript of a page (scripts/lib/first-load.ts; `npm run js-size` says what it is made of). */
const firstLoadJs = (pagePath: string, cookie: string) => firstLoadJsAt(base, pagePath, cookie);
async function signIn(email: string): Promise<string> {
  try {
    return await signInAt(base, email, PASSWORD);
  } catch (e) {
    fail((e as Error).message);
  }
}

interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}
async function load(paths: string[], cookie: string, url = base): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url,
    connections,
    duration,
    headers: { cookie },
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  return {
    requestsPerSecond: round(result.requests.average, 0),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * Durable workflow events: each of `connections` clients puts its own resident on hold and back
 * (`url`: the server; the events floor answers the same POSTs).
 */
async function events(cookie: string, residentIds: number[], url = base) {
  const versions = new Map(
    db
      .select({ residentId: transitions.residentId, version: transitions.version })
      .from(transitions)
      .where(
        sql`${transitions.residentId} in (${sql.join(
          residentIds.map((id) => sql`${id}`),
          sql`, `,
        )})`,
      )
      .all()
      .map((r) => [r.residentId, r.version]),
  );
  let accepted = 0;
  let refused = 0;
  const end = Date.now() + duration * 1000;
  const latencies: number[] = [];
  await Promise.all(
    residentIds.map(async (id) => {
      let hold = true;
      while (Date.now() < end) {
        const t0 = performance.now();
        const r = await fetch(`${url}/residents/${id}`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: url, cookie },
          body: new URLSearchParams({
            intent: "event",
            type: hold ? "PUT_ON_HOLD" : "RESUME",
            on: today,
            note: "",
            version: String(versions.get(id)),
          }),
        });
        await r.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (r.status === 302) {
          accepted++;
          versions.set(id, versions.get(id)! + 1);
          hold = !hold;
        } else refused++;
      }
    }),
  );
  return {
    eventsPerSecond: round(accepted / duration, 0),
    accepted,
    refused,
    p50: round(median(latencies), 1),
    p99: round(quantile(latencies, 0.99), 1),
  };
}

/**
 * The floor of a page: the same bytes (as the server sent them for these paths, with their
 * content type) from a bare Node HTTP server in its own process, under the same load.
 */
async function bareFloor(paths: string[], cookie: string): Promise<LoadResult> {
  const dir = fs.mkdtempSync(path.join(work, "bare-"));
  const pages: Record<string, { file: string; type: string }> = {};
  for (const [k, p] of paths.entries()) {
    const r = await fetch(base + p, { headers: { cookie } });
    const file = path.join(dir, `${k}.body`);
    fs.writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    pages[p] = { file, type: r.headers.get("content-type") ?? "text/html" };
  }
  const script = `
    const http = require("node:http"), fs = require("node:fs");
    const pages = ${JSON.stringify(pages)};
    const bodies = Object.fromEntries(Object.entries(pages).map(([p, v]) => [p, [fs.readFileSync(v.file), v.type]]));
    http.createServer((req, res) => {
      const page = bodies[req.url];
      if (!page) { res.writeHead(404); return res.end(); }
      res.writeHead(200, { "content-type": page[1], "content-length": page[0].length });
      res.end(page[0]);
    }).listen(0, "127.0.0.1", function () { process.send(this.address().port); });`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const barePort = await new Promise<number>((resolve) => child.once("message", (m) => resolve(Number(m))));
  try {
    return await load(paths, cookie, `http://127.0.0.1:${barePort}`);
  } finally {
    child.kill("SIGTERM");
  }
}

/**
 * The floor of durable events: a bare Node HTTP server in its own process that reads each POST's
 * form and commits one row to its own SQLite file (WAL, synchronous=NORMAL, as the product) before
 * it answers 302; the same clients drive it.
 */
async function eventsFloor(cookie: string, residentIds: number[]) {
  const file = path.join(work, "events-floor.db");
  const script = `
    const http = require("node:http"), Database = require("better-sqlite3");
    const db = new Database(${JSON.stringify(file)});
    db.pragma("journal_mode = WAL"); db.pragma("synchronous = NORMAL");
    db.exec("create table if not exists events (id integer primary key, resident integer, body text)");
    const insert = db.prepare("insert into events (resident, body) values (?, ?)");
    const commit = db.transaction((resident, body) => insert.run(resident, body));
    http.createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        commit(Number(req.url.split("/")[2]), new URLSearchParams(body).get("type"));
        res.writeHead(302, { location: req.url, "content-length": 0 });
        res.end();
      });
    }).listen(0, "127.0.0.1", function () { process.send(this.address().port); });`;
  const child = spawn(process.execPath, ["-e", script], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const floorPort = await new Promise<number>((resolve) => child.once("message", (m) => resolve(Number(m))));
  try {
    return await events(cookie, residentIds, `http://127.0.0.1:${floorPort}`);
  } finally {
    child.kill("SIGTERM");
  }
}

// ---------------------------------------------------------------------------------------------
const server = await startServer({ port, dbFile, env: { WEB_CONCURRENCY: workers } });
// The RSS floor: what each process holds once started, before any request.
const startRss = server.rssNow();
try {
  const workerCookie = await signIn(worker!.email);
  const managerCookie = await signIn(manager!.email);
  const monitorCookie = await signIn(monitor!.email);
  const scope = scopeOf(db, worker!);
  const ids = scope.all ? allIds : [...scope.institutionIds];
  const residentIds = db
    .select({ id: transitions.residentId, state: transitions.state })
    .from(transitions)
    .where(
      sql`${transitions.institutionId} in (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`,
    )
    .all();
  const pages = residentIds.slice(0, 200).map((r) => `/residents/${r.id}`);
  const eventResidents = residentIds
    .filter((r) => ACTIVE_STATES.includes(r.state))
    .slice(0, connections)
    .map((r) => r.id);
  if (eventResidents.length < connections)
    fail(`worker1 needs ${connections} residents in an active state; found ${eventResidents.length}`);

  console.log(`Load: resident list, ${connections} connections, ${duration} s …`);
  const list = await load(["/residents", "/residents?page=2", "/residents?page=3"], workerCookie);
  console.log(`Load: resident page …`);
  const page = await load(pages, workerCookie);
  console.log(`Load: report page (HTTP) …`);
  const reportHttp = await load([`/grants/${grant.id}/periods/${period.id}`], managerCookie);
  console.log(`Load: monitoring overview and a plan area's page (HTTP, the national coordinator) …`);
  const areaPath = `/monitoring/municipalities/${largestArea.id}`;
  const allRegionsPath = `/monitoring?region=${ALL_REGIONS}`;
  const regionPath = `/monitoring?region=${encodeURIComponent(largestRegion.key)}`;
  const monitoringHttp = await load([allRegionsPath], monitorCookie);
  const regionsHttp = await load(["/monitoring"], monitorCookie);
  const regionHttp = await load([regionPath], monitorCookie);
  const areaHttp = await load([areaPath], monitorCookie);
  console.log(`Floors: the same bytes from a bare Node HTTP server …`);
  const listPaths = ["/residents", "/residents?page=2", "/residents?page=3"];
  const floors = {
    residentList: await bareFloor(listPaths, workerCookie),
    residentPage: await bareFloor(pages, workerCookie),
    reportPage: await bareFloor([`/grants/${grant.id}/periods/${period.id}`], managerCookie),
    monitoringPage: await bareFloor([allRegionsPath], monitorCookie),
    regionsPage: await bareFloor(["/monitoring"], monitorCookie),
    regionPage: await bareFloor([regionPath], monitorCookie),
    areaPage: await bareFloor([areaPath], monitorCookie),
  };
  const ratioTo = (r: LoadResult, f: LoadResult) => round(r.requestsPerSecond / Math.max(1, f.requestsPerSecond), 3);
  console.log(`Workflow events (POST, durable) …`);
  const ev = await events(workerCookie, eventResidents);
  console.log(`Floor of events: one row committed per POST by a bare Node HTTP server …`);
  const evFloor = await eventsFloor(workerCookie, eventResidents);
  const scripts = {
    login: await firstLoadJs("/login", ""),
    residents: await firstLoadJs("/residents", workerCookie),
    resident: await firstLoadJs(pages[0]!, workerCookie),
    report: await firstLoadJs(`/grants/${grant.id}/periods/${period.id}`, managerCookie),
    dashboard: await firstLoadJs(`/grants/${grant.id}/dashboard`, managerCookie),
    monitoring: await firstLoadJs("/monitoring", monitorCookie),
  };
  const js = Object.fromEntries(Object.entries(scripts).map(([k, v]) => [k, v.bytes]));
  // What every page loads whatever it is: the floor of first-load JavaScript.
  const everyPage = Object.values(scripts)
    .map((v) => v.scripts)
    .reduce((a, b) => a.filter((u) => b.includes(u)));
  const jsFloor = everyPage.reduce((n, u) => n + gzipBytes(u), 0);
  const syncMode = db.$client.pragma("synchronous", { simple: true });

  const results = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    },
    database: {
      ...counts,
      file: dbArg,
      sizeMB: round(fs.statSync(dbArg).size / 1e6, 1),
      synchronous: syncMode === 1 ? "NORMAL (WAL)" : String(syncMode),
    },
    report: {
      grant: grant.contractNumber,
      institutions: grantIds.length,
      ...timings(reportMs, reportFloorMs),
      allStatements: reportAllTimed,
    },
    national: {
      institutions: allIds.length,
      ...timings(nationalMs, nationalFloorMs),
    },
    monitoringOverview: {
      areas: overview.areas.length,
      grants: overview.grants.length,
      ...overviewTimed,
    },
    monitoringOverviewCoordinator: monitorOverviewTimed,
    monitoringRegions: { regions: opened.regions!.length, ...regionsTimed },
    monitoringRegion: { region: largestRegion.key, areas: largestRegion.areas, ...regionTimed },
    monitoringArea: { municipalityId: largestArea.id, institutions: largestArea.n, ...areaTimed },
    http: {
      residentList: list,
      residentPage: page,
      reportPage: reportHttp,
      monitoringPage: monitoringHttp,
      regionsPage: regionsHttp,
      regionPage: regionHttp,
      areaPage: areaHttp,
    },
    bareNodeFloor: floors,
    ratioToFloor: {
      residentList: ratioTo(list, floors.residentList),
      residentPage: ratioTo(page, floors.residentPage),
      reportPage: ratioTo(reportHttp, floors.reportPage),
      monitoringPage: ratioTo(monitoringHttp, floors.monitoringPage),
      regionsPage: ratioTo(regionsHttp, floors.regionsPage),
      regionPage: ratioTo(regionHttp, floors.regionPage),
      areaPage: ratioTo(areaHttp, floors.areaPage),
    },
    serverProcesses: server.processes(),
    events: ev,
    eventsFloor: evFloor,
    firstLoadJsGzipBytes: js,
    firstLoadJsEveryPageGzipBytes: jsFloor,
    serverPeakRssMB: round(server.peakRss() / 2 ** 20, 1),
    serverStartRssMB: round(startRss / 2 ** 20, 1),
  };
  const kb = (bytes: number) => round(bytes / 1024, 1);
  const largestJs = Math.max(...Object.values(js));
  /** Each budget of issue #18 (and #7) with its floor beside it. */
  const budgets = [
    {
      what: "report: time ÷ raw-SQL floor",
      value: results.report.ratio,
      limit: "≤ 1.5",
      ok: results.report.ratio <= 1.5,
      floor: `raw SQL median ${results.report.floorMedianMs} ms`,
    },
    {
      what: "report: p95 (ms)",
      value: results.report.p95Ms,
      limit: "≤ 100",
      ok: results.report.p95Ms <= 100,
      floor: `raw SQL p95 ${results.report.floorP95Ms} ms`,
    },
    {
      what: "national roll-up: time ÷ raw-SQL floor",
      value: results.national.ratio,
      limit: "≤ 1.5",
      ok: results.national.ratio <= 1.5,
      floor: `raw SQL median ${results.national.floorMedianMs} ms`,
    },
    {
      what: "national roll-up: p95 (ms)",
      value: results.national.p95Ms,
      limit: "≤ 100",
      ok: results.national.p95Ms <= 100,
      floor: `raw SQL p95 ${results.national.floorP95Ms} ms`,
    },
    ...(
      [
        ["monitoring overview, every region, administrator", results.monitoringOverview],
        ["monitoring overview, every region, national coordinator", results.monitoringOverviewCoordinator],
        ["monitoring overview as it opens (regions), national coordinator", results.monitoringRegions],
        [
          `monitoring overview of one region (${largestRegion.areas} plan areas), coordinator`,
          results.monitoringRegion,
        ],
        [`plan area page (${largestArea.n} institutions), coordinator`, results.monitoringArea],
      ] as const
    ).map(([what, t]) => ({
      what: `${what}: p95 (ms)`,
      value: t.p95Ms,
      limit: "≤ 100",
      ok: t.p95Ms <= 100,
      floor: `its ${t.statements} statements bare: p95 ${t.floorP95Ms} ms (× ${t.ratio})`,
    })),
    ...(
      [
        ["resident list", list, floors.residentList],
        ["resident page", page, floors.residentPage],
      ] as const
    ).flatMap(([what, r, f]) => [
      {
        what: `${what}: req/s`,
        value: r.requestsPerSecond,
        limit: "≥ 800",
        ok: r.requestsPerSecond >= 800,
        floor: `bare Node, same bytes: ${f.requestsPerSecond} req/s`,
      },
      {
        what: `${what}: p99 (ms)`,
        value: r.p99,
        limit: "≤ 100",
        ok: r.p99 <= 100,
        floor: `bare Node: p99 ${f.p99} ms`,
      },
    ]),
    {
      what: "workflow events/s (durable)",
      value: ev.eventsPerSecond,
      limit: "≥ 600",
      ok: ev.eventsPerSecond >= 600,
      floor: `bare Node + one SQLite commit a POST: ${evFloor.eventsPerSecond}/s`,
    },
    {
      what: "first-load JS, largest page (KB gzip)",
      value: kb(largestJs),
      limit: "≤ 100",
      ok: largestJs <= 100 * 1024,
      floor: `what every page loads: ${kb(jsFloor)} KB`,
    },
    {
      what: "server peak RSS per process (MB)",
      value: results.serverPeakRssMB,
      limit: "≤ 300",
      ok: results.serverPeakRssMB <= 300,
      floor: `after start, before any request: ${results.serverStartRssMB} MB`,
    },
  ];
  fs.mkdirSync(path.join(ROOT, "bench"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "bench/results.json"), JSON.stringify({ ...results, budgets }, null, 2) + "\n");

  console.log("");
  console.log(
    `report (grant, ${grantIds.length} institutions): median ${results.report.medianMs} ms, p95 ${results.report.p95Ms} ms; raw SQL median ${results.report.floorMedianMs} ms; all its ${reportAllTimed.statements} statements bare: median ${reportAllTimed.floorMedianMs} ms`,
  );
  console.log(
    `national roll-up with breakdowns (${allIds.length} institutions): median ${results.national.medianMs} ms, p95 ${results.national.p95Ms} ms; raw SQL median ${results.national.floorMedianMs} ms`,
  );
  for (const [what, t] of [
    [
      `monitoring overview, every region, administrator (${results.monitoringOverview.areas} plan areas, ${results.monitoringOverview.grants} grants)`,
      results.monitoringOverview,
    ],
    ["monitoring overview, every region, national coordinator", results.monitoringOverviewCoordinator],
    [
      `monitoring overview as it opens, national coordinator (${opened.regions!.length} regions)`,
      results.monitoringRegions,
    ],
    [
      `monitoring overview of ${largestRegion.name} (${largestRegion.areas} plan areas), coordinator`,
      results.monitoringRegion,
    ],
    [`plan area page, coordinator (${largestArea.n} institutions)`, results.monitoringArea],
  ] as const)
    console.log(
      `${what}: median ${t.medianMs} ms, p95 ${t.p95Ms} ms; its ${t.statements} statements bare: median ${t.floorMedianMs} ms (× ${t.ratio})`,
    );
  console.log(`server: ${results.serverProcesses} process(es) (WEB_CONCURRENCY=${workers})`);
  for (const [name, r] of Object.entries(results.http)) {
    const f = floors[name as keyof typeof floors];
    console.log(
      `${name} over HTTP: ${r.requestsPerSecond} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms; bare Node, same bytes: ${f.requestsPerSecond} req/s, p99 ${f.p99} ms; ratio ${results.ratioToFloor[name as keyof typeof floors]}`,
    );
  }
  console.log(
    `events: ${ev.accepted} accepted, ${ev.refused} refused, p50 ${ev.p50} ms, p99 ${ev.p99} ms; bare Node + one SQLite commit a POST: ${evFloor.eventsPerSecond}/s, p99 ${evFloor.p99} ms`,
  );
  console.log(
    `first-load JS (gzip bytes): ${Object.entries(js)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}; what every page loads: ${jsFloor}`,
  );
  console.log(`server RSS: peak ${results.serverPeakRssMB} MB; after start ${results.serverStartRssMB} MB`);
  console.log("");
  console.table(
    budgets.map((b) => ({
      budget: b.what,
      measured: b.value,
      limit: b.limit,
      held: b.ok ? "yes" : "NO",
      floor: b.floor,
    })),
  );
  console.log("Written: bench/results.json");
} finally {
  server.child.kill("SIGTERM");
  db.$client.close();
  fs.rmSync(work, { recursive: true, force: true });
}
