/**
 * npm run soak [-- --minutes 10 --interval 15 --readers 6 --writers 3 --rss-factor 1.5 --port 3400]
 *
 * A bounded soak of the production build: a fresh demo database in a temporary directory,
 * server.js on loopback, and for `--minutes` (fractions allowed: 0.5 for a quick check)
 * several concurrent clients without think time:
 *   - readers, signed in as a case worker: dashboard, resident list (pages, search, filter),
 *     resident pages, staff register, caseload, plan dashboard; and as the grant manager:
 *     dashboard, grants, grant dashboard, the grant report page of every period begun;
 *   - writers, through the real form POSTs: each owns a few active residents and puts them on
 *     hold and back (workflow events), one records follow-up visit notes.
 * Every `--interval` seconds it prints elapsed time, requests, errors, server RSS
 * (/proc/<pid>/status VmRSS) and V8 heap (a preload in the server writes memoryUsage()).
 *
 * Fails (exit 1) on any error — a status other than the one expected (200 for pages, 302 for
 * accepted writes), a socket error or a timeout — on any lost write (an acknowledged write not
 * in the database after the server has stopped), or on memory growth:
 *   RSS rule: warm-up = the first min(60 s, 20 % of the run). Baseline = median RSS from the end
 *   of warm-up to a third of the run; late = median RSS over the last third. Fail when
 *   late > rss-factor × baseline (default 1.5).
 * Writes soak/results.json (gitignored).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { openDatabase } from "#db/client";
import {
  followUpVisits,
  grantInstitutions,
  grants,
  institutions,
  plans,
  reportingPeriods,
  transitionEvents,
  transitions,
  userInstitutions,
  users,
} from "#db/schema";
import { DEMO_ACCOUNTS } from "#db/seed/demo-accounts";
import { localDate } from "#app/utils/dates";
import { ensureFreshBuild, freePort, makeDemoDatabase, readMemory, ROOT, signIn, startServer } from "./lib/server";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
function fail(message: string): never {
  console.error(`soak: ${message}`);
  process.exit(1);
}
const minutes = Number(arg("minutes", "10"));
const intervalS = Number(arg("interval", "15"));
const readerCount = Number(arg("readers", "6"));
const writerCount = Number(arg("writers", "3"));
const rssFactor = Number(arg("rss-factor", "1.5"));
if (!(minutes > 0) || !(intervalS > 0) || !(readerCount >= 1) || !(writerCount >= 1))
  fail("--minutes, --interval, --readers and --writers take positive numbers");
const durationMs = minutes * 60_000;
const ACTIVE_STATES = ["assessment", "planning", "preparation"] as const;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const mb = (bytes: number) => round(bytes / 2 ** 20);
const quantile = (xs: number[], q: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const median = (xs: number[]) => quantile(xs, 0.5);

// ---------------------------------------------------------------------------------------------
ensureFreshBuild();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "di-soak-"));
const dbFile = await makeDemoDatabase(path.join(work, "soak.db"));
const worker = DEMO_ACCOUNTS.find((a) => a.role === "case_worker")!;
const manager = DEMO_ACCOUNTS.find((a) => a.role === "grant_manager")!;

/** What the clients will touch, read from the fresh database before the server starts. */
function plan() {
  const db = openDatabase(dbFile);
  try {
    const userId = (email: string) => db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
    const instIds = db
      .select({ id: userInstitutions.institutionId })
      .from(userInstitutions)
      .where(eq(userInstitutions.userId, userId(worker.email)))
      .all()
      .map((r) => r.id);
    const timeZone = db
      .select({ tz: institutions.timeZone })
      .from(institutions)
      .where(eq(institutions.id, instIds[0]!))
      .get()!.tz;
    const today = localDate(new Date(), timeZone);
    const cases = db
      .select()
      .from(transitions)
      .where(inArray(transitions.institutionId, instIds))
      .orderBy(asc(transitions.residentId))
      .all();
    const visits = db
      .select({
        id: followUpVisits.id,
        residentId: transitions.residentId,
        moveOn: followUpVisits.moveOn,
        dueOn: followUpVisits.dueOn,
        version: followUpVisits.version,
      })
      .from(followUpVisits)
      .innerJoin(transitions, eq(transitions.id, followUpVisits.transitionId))
      .where(
        and(
          inArray(transitions.institutionId, instIds),
          eq(transitions.state, "in_community"),
          lte(followUpVisits.dueOn, today),
        ),
      )
      .orderBy(asc(followUpVisits.id))
      .all()
      .slice(0, 6);
    const grant = db
      .select({ id: grants.id })
      .from(grants)
      .innerJoin(grantInstitutions, eq(grantInstitutions.grantId, grants.id))
      .innerJoin(userInstitutions, eq(userInstitutions.institutionId, grantInstitutions.institutionId))
      .where(eq(userInstitutions.userId, userId(manager.email)))
      .get();
    const periods = grant
      ? db
          .select({ id: reportingPeriods.id })
          .from(reportingPeriods)
          .where(and(eq(reportingPeriods.grantId, grant.id), lte(reportingPeriods.startsOn, today)))
          .all()
      : [];
    const planRow = db.select({ id: plans.id }).from(plans).get();
    const eventsOf = (transitionId: number) =>
      db.get<{ n: number }>(
        sql`select count(*) as n from ${transitionEvents} where ${transitionEvents.transitionId} = ${transitionId}`,
      )!.n;
    const active = cases.filter((c) => (ACTIVE_STATES as readonly string[]).includes(c.state));
    return {
      today,
      residentIds: cases.map((c) => c.residentId),
      active: active.map((c) => ({
        residentId: c.residentId,
        transitionId: c.id,
        state: c.state,
        version: c.version,
        events: eventsOf(c.id),
      })),
      visits,
      grantId: grant?.id,
      periodIds: periods.map((p) => p.id),
      planId: planRow?.id,
    };
  } finally {
    db.$client.close();
  }
}
const target = plan();
if (target.active.length < writerCount)
  fail(
    `the demo case worker has ${target.active.length} active residents; --writers ${writerCount} needs at least that many`,
  );
if (!target.grantId || !target.periodIds.length) fail("the demo grant manager has no grant with a period begun");

// ---------------------------------------------------------------------------------------------
const port = await freePort(Number(arg("port", "3400")));
const heapFile = path.join(work, "heap.json");
const server = await startServer({
  port,
  dbFile,
  host: "127.0.0.1",
  listenHost: "127.0.0.1",
  env: { HEAP_PROBE_FILE: heapFile },
  nodeArgs: ["--import", pathToFileURL(path.join(ROOT, "scripts/lib/heap-probe.mjs")).href],
});
const base = server.base;
const pid = server.child.pid!;
const heapUsed = () => {
  try {
    return (JSON.parse(fs.readFileSync(heapFile, "utf8")) as NodeJS.MemoryUsage).heapUsed;
  } catch {
    return 0;
  }
};

// ---------------------------------------------------------------------------------------------
// Accounting.
interface ErrorRecord {
  at: number;
  kind: string;
  path: string;
  detail: string;
}
const stats = new Map<string, { n: number; errors: number; latencies: number[] }>();
const errors: ErrorRecord[] = [];
let requests = 0;
let intervalLatencies: number[] = [];
let t0 = Date.now(); // reset when the load starts
const elapsedS = () => (Date.now() - t0) / 1000;

async function hit(kind: string, p: string, expect: number, init: RequestInit = {}): Promise<Response | null> {
  const s = stats.get(kind) ?? { n: 0, errors: 0, latencies: [] };
  stats.set(kind, s);
  const started = performance.now();
  try {
    const r = await fetch(base + p, { redirect: "manual", signal: AbortSignal.timeout(30_000), ...init });
    await r.arrayBuffer();
    const ms = performance.now() - started;
    requests++;
    s.n++;
    s.latencies.push(ms);
    intervalLatencies.push(ms);
    if (r.status !== expect) {
      s.errors++;
      errors.push({
        at: round(elapsedS()),
        kind,
        path: p,
        detail: `HTTP ${r.status} (expected ${expect})${r.headers.get("location") ? ` → ${r.headers.get("location")}` : ""}`,
      });
    }
    return r;
  } catch (e) {
    requests++;
    s.n++;
    s.errors++;
    errors.push({ at: round(elapsedS()), kind, path: p, detail: `${(e as Error).name}: ${(e as Error).message}` });
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
const workerCookie = await signIn(base, worker.email, worker.password);
const managerCookie = await signIn(base, manager.email, manager.password);
const workerPages = [
  "/dashboard",
  "/residents",
  "/residents?page=2",
  "/residents?q=a",
  "/residents?state=planning",
  "/staff",
  "/staff?page=2",
  "/caseload",
  ...(target.planId ? [`/plans/${target.planId}/dashboard`] : []),
];
const residentPages = target.residentIds.map((id) => `/residents/${id}`);
const managerPages = [
  "/dashboard",
  "/grants",
  `/grants/${target.grantId}/dashboard`,
  ...target.periodIds.map((id) => `/grants/${target.grantId}/periods/${id}`),
];

// Every page answers 200 before the clock starts; a wrong path would only make a noisy soak.
for (const p of [...workerPages, ...residentPages])
  if ((await hit("preflight", p, 200, { headers: { cookie: workerCookie } }))?.status !== 200)
    fail(`preflight: GET ${p} as ${worker.email} does not answer 200`);
for (const p of managerPages)
  if ((await hit("preflight", p, 200, { headers: { cookie: managerCookie } }))?.status !== 200)
    fail(`preflight: GET ${p} as ${manager.email} does not answer 200`);
stats.delete("preflight");
requests = 0;
intervalLatencies = [];

t0 = Date.now();
const deadline = t0 + durationMs;
const running = () => Date.now() < deadline && server.child.exitCode === null;
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;

async function reader(i: number) {
  const asManager = i % 3 === 2; // a third of the readers are grant managers
  const cookie = asManager ? managerCookie : workerCookie;
  while (running()) {
    if (asManager) {
      const p = pick(managerPages);
      await hit(p.includes("/periods/") ? "read: grant report page" : "read: grant pages", p, 200, {
        headers: { cookie },
      });
    } else if (Math.random() < 0.5) {
      await hit("read: resident page", pick(residentPages), 200, { headers: { cookie } });
    } else {
      const p = pick(workerPages);
      await hit(
        p.startsWith("/residents")
          ? "read: resident list"
          : p.startsWith("/staff")
            ? "read: staff list"
            : "read: dashboards",
        p,
        200,
        { headers: { cookie } },
      );
    }
  }
}

/** Acknowledged writes, checked against the database at the end. */
const acknowledged = {
  events: new Map<number, number>(), // residentId → accepted events
  visits: new Map<number, { n: number; last: string }>(), // visit id → accepted saves and the last findings
};
const form = (cookie: string, fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, cookie },
  body: new URLSearchParams(fields),
});

async function eventWriter(i: number) {
  const mine = target.active.filter((_, k) => k % writerCount === i);
  const state = new Map(mine.map((c) => [c.residentId, { version: c.version, onHold: false }]));
  let n = 0;
  while (running()) {
    const c = mine[n++ % mine.length]!;
    const s = state.get(c.residentId)!;
    const type = s.onHold ? "RESUME" : "PUT_ON_HOLD";
    const r = await hit(
      "write: workflow event",
      `/residents/${c.residentId}`,
      302,
      form(workerCookie, {
        intent: "event",
        type,
        on: target.today,
        note: `soak ${i}.${n}`,
        version: String(s.version),
      }),
    );
    if (r?.status === 302) {
      s.version++;
      s.onHold = !s.onHold;
      acknowledged.events.set(c.residentId, (acknowledged.events.get(c.residentId) ?? 0) + 1);
    }
  }
}

async function visitWriter() {
  const versions = new Map(target.visits.map((v) => [v.id, v.version]));
  let n = 0;
  while (running() && target.visits.length) {
    const v = target.visits[n++ % target.visits.length]!;
    const findings = `soak visit note ${n}`;
    const r = await hit(
      "write: visit note",
      `/residents/${v.residentId}/visits/${v.id}`,
      302,
      form(workerCookie, { visitedOn: v.dueOn, findings, actions: "", version: String(versions.get(v.id)) }),
    );
    if (r?.status === 302) {
      versions.set(v.id, versions.get(v.id)! + 1);
      const a = acknowledged.visits.get(v.id) ?? { n: 0, last: "" };
      acknowledged.visits.set(v.id, { n: a.n + 1, last: findings });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Sampling: RSS every second (for the rule), a printed line every interval.
const rssSamples: { t: number; rss: number }[] = [];
const startRss = readMemory(pid).rss;
const rssTimer = setInterval(() => rssSamples.push({ t: elapsedS(), rss: readMemory(pid).rss }), 1000);
interface Sample {
  elapsedS: number;
  requests: number;
  reqPerS: number;
  p99Ms: number;
  errors: number;
  rssMB: number;
  heapUsedMB: number;
}
const samples: Sample[] = [];
let lastRequests = 0;
let lastAt = 0;
function sample() {
  const t = elapsedS();
  const s: Sample = {
    elapsedS: Math.round(t),
    requests,
    reqPerS: Math.round((requests - lastRequests) / Math.max(0.001, t - lastAt)),
    p99Ms: round(quantile(intervalLatencies, 0.99)),
    errors: errors.length,
    rssMB: mb(readMemory(pid).rss),
    heapUsedMB: mb(heapUsed()),
  };
  lastRequests = requests;
  lastAt = t;
  intervalLatencies = [];
  samples.push(s);
  console.log(
    `${String(s.elapsedS).padStart(5)} s  ${String(s.requests).padStart(8)} req  ${String(s.reqPerS).padStart(5)} req/s  p99 ${String(s.p99Ms).padStart(7)} ms  errors ${s.errors}  RSS ${s.rssMB} MB  heap ${s.heapUsedMB} MB`,
  );
}
console.log(
  `Soak: ${minutes} min on ${base} (server pid ${pid}), ${readerCount} readers + ${writerCount} event writers + ${target.visits.length ? 1 : 0} visit writer; sample every ${intervalS} s; RSS at start ${mb(startRss)} MB`,
);
const sampleTimer = setInterval(sample, intervalS * 1000);

await Promise.all([
  ...Array.from({ length: readerCount }, (_, i) => reader(i)),
  ...Array.from({ length: writerCount }, (_, i) => eventWriter(i)),
  visitWriter(),
]);
clearInterval(sampleTimer);
clearInterval(rssTimer);
sample();
const serverDied = server.child.exitCode !== null || server.child.signalCode !== null;
const endRss = readMemory(pid).rss;
const peakHwm = readMemory(pid).hwm;
const serverLog = server.log();
await server.stop();

// ---------------------------------------------------------------------------------------------
// Lost writes: every acknowledged write must be in the database the server left behind.
const lost: string[] = [];
let unacknowledgedApplied = 0;
{
  const db = openDatabase(dbFile);
  try {
    for (const c of target.active) {
      const acked = acknowledged.events.get(c.residentId) ?? 0;
      const row = db
        .select({ version: transitions.version, state: transitions.state })
        .from(transitions)
        .where(eq(transitions.id, c.transitionId))
        .get()!;
      const events =
        db.get<{ n: number }>(
          sql`select count(*) as n from ${transitionEvents} where ${transitionEvents.transitionId} = ${c.transitionId}`,
        )!.n - c.events;
      if (events < acked || row.version - c.version < acked)
        lost.push(
          `resident ${c.residentId}: ${acked} events acknowledged, ${events} recorded (version +${row.version - c.version})`,
        );
      else unacknowledgedApplied += events - acked;
      const expectState = acked % 2 === 1 ? "on_hold" : c.state;
      if (events === acked && row.state !== expectState)
        lost.push(`resident ${c.residentId}: state ${row.state}, expected ${expectState} after ${acked} events`);
    }
    for (const v of target.visits) {
      const a = acknowledged.visits.get(v.id);
      if (!a) continue;
      const row = db
        .select({ version: followUpVisits.version, findings: followUpVisits.findings })
        .from(followUpVisits)
        .where(eq(followUpVisits.id, v.id))
        .get()!;
      if (row.version - v.version < a.n)
        lost.push(`visit ${v.id}: ${a.n} saves acknowledged, version +${row.version - v.version}`);
      else if (row.version - v.version === a.n && row.findings !== a.last)
        lost.push(`visit ${v.id}: findings "${row.findings}", last acknowledged "${a.last}"`);
    }
  } finally {
    db.$client.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Memory rule.
const durationS = durationMs / 1000;
const warmupS = Math.min(60, durationS * 0.2);
const baselineWindow = rssSamples
  .filter((s) => s.t >= warmupS && s.t <= Math.max(durationS / 3, warmupS + 1))
  .map((s) => s.rss);
const lateWindow = rssSamples.filter((s) => s.t >= (2 * durationS) / 3).map((s) => s.rss);
const baseline = median(baselineWindow.length ? baselineWindow : rssSamples.map((s) => s.rss));
const late = median(lateWindow.length ? lateWindow : rssSamples.slice(-1).map((s) => s.rss));
const peakSample = Math.max(...rssSamples.map((s) => s.rss), endRss);
const rssOk = late <= rssFactor * baseline;

const totalAcked =
  [...acknowledged.events.values()].reduce((a, b) => a + b, 0) +
  [...acknowledged.visits.values()].reduce((a, b) => a + b.n, 0);
const serverErrorLines = serverLog.split("\n").filter((l) => /Error|error:/.test(l) && !/^\s+at /.test(l));
const perKind = [...stats].map(([kind, s]) => ({
  kind,
  requests: s.n,
  errors: s.errors,
  p50Ms: round(median(s.latencies)),
  p99Ms: round(quantile(s.latencies, 0.99)),
}));
const verdictOk = errors.length === 0 && lost.length === 0 && rssOk && !serverDied;
const results = {
  at: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  config: {
    minutes,
    intervalS,
    readers: readerCount,
    eventWriters: writerCount,
    visitWriters: target.visits.length ? 1 : 0,
    rssFactor,
  },
  rule: `warm-up = first ${round(warmupS)} s; baseline = median RSS from end of warm-up to ${round(durationS / 3)} s; late = median RSS from ${round((2 * durationS) / 3)} s; fail if late > ${rssFactor} × baseline`,
  totals: {
    requests,
    errors: errors.length,
    reqPerS: Math.round(requests / (durationMs / 1000)),
    acknowledgedWrites: totalAcked,
    lostWrites: lost.length,
    unacknowledgedApplied,
  },
  memory: {
    startMB: mb(startRss),
    afterWarmupMB: mb(baseline),
    lateMB: mb(late),
    peakMB: mb(peakSample),
    peakHwmMB: mb(peakHwm),
    endMB: mb(endRss),
    ratio: round(late / baseline, 2),
    ok: rssOk,
  },
  perKind,
  samples,
  errors: errors.slice(0, 100),
  lost,
  serverDied,
  serverErrorLines: serverErrorLines.slice(0, 50),
  verdict: verdictOk ? "PASS" : "FAIL",
};
fs.mkdirSync(path.join(ROOT, "soak"), { recursive: true });
fs.writeFileSync(path.join(ROOT, "soak/results.json"), JSON.stringify(results, null, 2) + "\n");
fs.rmSync(work, { recursive: true, force: true });

console.log("");
console.table(samples);
console.table(perKind);
console.log(
  `requests ${requests} (${results.totals.reqPerS} req/s), errors ${errors.length}, acknowledged writes ${totalAcked}, lost writes ${lost.length}${unacknowledgedApplied ? `, applied but unacknowledged ${unacknowledgedApplied}` : ""}`,
);
console.log(
  `server RSS: start ${results.memory.startMB} MB, after warm-up ${results.memory.afterWarmupMB} MB, last third ${results.memory.lateMB} MB (×${results.memory.ratio}), peak ${results.memory.peakMB} MB (VmHWM ${results.memory.peakHwmMB} MB), end ${results.memory.endMB} MB`,
);
console.log(`rule: ${results.rule} → ${rssOk ? "held" : "BROKEN"}`);
for (const e of errors.slice(0, 10)) console.log(`  error at ${e.at} s [${e.kind}] ${e.path}: ${e.detail}`);
for (const l of lost.slice(0, 10)) console.log(`  LOST ${l}`);
if (serverDied) console.log("  the server exited during the soak");
console.log(`VERDICT: ${results.verdict}`);
console.log("Written: soak/results.json");
process.exit(verdictOk ? 0 : 1);
