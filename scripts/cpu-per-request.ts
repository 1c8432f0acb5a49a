/**
 * npx tsx scripts/cpu-per-request.ts --db /tmp/scale.db [--port 3540] [--n 200] [--concurrency 1]
 *   [--workers 1] [--prof /tmp/prof-dir] [--only list,page,events]
 *   [--node-args "--trace-gc --max-semi-space-size=32"] [--server-log /tmp/server.log]
 *
 * CPU time the production server spends per request, from the kernel's count of its processes'
 * user + system time (/proc/<pid>/stat) before and after N requests: on a machine shared with
 * other work, req/s measures the neighbours, CPU time per request measures the server
 * (decision 050). The scenarios are the bench's: the resident list (pages 1-3) and resident pages
 * as the case worker worker1@scale.local, and durable workflow events (hold and resume). Also
 * prints the peak VmHWM of each server process. `--prof` runs the server under `node --cpu-prof`
 * (profile files written there when it stops). The database is used as it is (reads and events
 * add audit rows): run it on a copy made by `npm run seed:scale`.
 */
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { openDatabase } from "#db/client";
import { transitions, users } from "#db/schema";
import { scopeOf } from "#app/modules/auth/session.server";
import { buildProblem, processTree, readMemory, signIn, startServer } from "./lib/server";

const PASSWORD = "scale-password-2026";
const ACTIVE_STATES = ["assessment", "planning", "preparation"];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const dbFile = path.resolve(arg("db", "./data/scale.db"));
const port = Number(arg("port", "3540"));
const n = Number(arg("n", "200"));
const concurrency = Number(arg("concurrency", "1"));
const workers = arg("workers", "1");
const profDir = arg("prof", "");
const only = new Set(arg("only", "list,page,events").split(","));
/** Extra flags for the server's node (a heap limit, GC tracing), split on spaces. */
const nodeArgs = arg("node-args", "").split(" ").filter(Boolean);
/** Where the server's own output (its log, `--trace-gc` lines) is written when it stops. */
const serverLog = arg("server-log", "");

const problem = buildProblem();
if (problem) throw new Error(problem);
if (!fs.existsSync(dbFile)) throw new Error(`no database at ${dbFile}`);

const db = openDatabase(dbFile);
const worker = db.select().from(users).where(eq(users.email, "worker1@scale.local")).get();
if (!worker) throw new Error("no worker1@scale.local: make the database with `npm run seed:scale`");
const scope = scopeOf(db, worker);
const ids = scope.all ? null : [...scope.institutionIds];
const mine = db
  .select({ id: transitions.residentId, state: transitions.state, version: transitions.version })
  .from(transitions)
  .where(
    ids
      ? sql`${transitions.institutionId} in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})`
      : undefined,
  )
  .all();
db.$client.close();

if (profDir) fs.mkdirSync(profDir, { recursive: true });
const server = await startServer({
  port,
  dbFile,
  env: { WEB_CONCURRENCY: workers },
  nodeArgs: [...nodeArgs, ...(profDir ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : [])],
});
const CLK_TCK = 100; // Linux USER_HZ

/** User + system CPU milliseconds of the server's processes (primary and workers). */
function cpuMs(): number {
  let ticks = 0;
  for (const pid of processTree(server.child.pid!)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // exited
    }
  }
  return (ticks * 1000) / CLK_TCK;
}

/**
 * `count` requests in batches of BATCH: the server's CPU per request of the median batch and
 * of the cheapest one (the least disturbed by other processes on a shared machine).
 */
const BATCH = 25;
async function run(label: string, count: number, one: (i: number) => Promise<void>) {
  for (let i = 0; i < Math.min(20, count); i++) await one(i); // warm: JIT, statement caches
  const wall: number[] = [];
  const perBatch: number[] = [];
  let next = 0;
  let cpu = 0;
  const t0 = performance.now();
  while (next < count) {
    const end = Math.min(count, next + BATCH);
    const size = end - next;
    const c0 = cpuMs();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < end) {
          const i = next++;
          const s = performance.now();
          await one(i);
          wall.push(performance.now() - s);
        }
      }),
    );
    const c = cpuMs() - c0;
    cpu += c;
    perBatch.push(c / size);
  }
  const elapsed = performance.now() - t0;
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const q = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  console.log(
    `${label.padEnd(14)} ${count} requests, concurrency ${concurrency}: server CPU ${(cpu / count).toFixed(2)} ms/request` +
      ` (batches of ${BATCH}: median ${q(perBatch, 0.5).toFixed(2)}, min ${q(perBatch, 0).toFixed(2)});` +
      ` wall p50 ${q(wall, 0.5).toFixed(1)} ms, p99 ${q(wall, 0.99).toFixed(1)} ms, ${((count * 1000) / elapsed).toFixed(0)} req/s here`,
  );
}

try {
  const cookie = await signIn(server.base, worker.email, PASSWORD);
  const get = async (p: string) => {
    const r = await fetch(server.base + p, { headers: { cookie } });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`GET ${p}: HTTP ${r.status}`);
  };
  if (only.has("list")) {
    const pages = ["/residents", "/residents?page=2", "/residents?page=3"];
    await run("resident list", n, (i) => get(pages[i % pages.length]!));
  }
  if (only.has("page")) {
    const pages = mine.slice(0, 200).map((r) => `/residents/${r.id}`);
    await run("resident page", n, (i) => get(pages[i % pages.length]!));
  }
  if (only.has("events")) {
    const active = mine.filter((r) => ACTIVE_STATES.includes(r.state)).slice(0, Math.max(4, concurrency));
    const state = active.map((r) => ({ id: r.id, version: r.version, hold: true, busy: false }));
    await run("event", n, async (i) => {
      let s = state[i % state.length]!;
      if (s.busy) s = state.find((x) => !x.busy)!;
      s.busy = true;
      const r = await fetch(`${server.base}/residents/${s.id}`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.base, cookie },
        body: new URLSearchParams({
          intent: "event",
          type: s.hold ? "PUT_ON_HOLD" : "RESUME",
          on: new Date().toISOString().slice(0, 10),
          note: "",
          version: String(s.version),
        }),
      });
      await r.arrayBuffer();
      s.busy = false;
      if (r.status !== 302) throw new Error(`event on ${s.id}: HTTP ${r.status}`);
      s.version++;
      s.hold = !s.hold;
    });
  }
  const tree = processTree(server.child.pid!);
  console.log(
    `VmHWM per process: ${tree.map((pid) => `${pid} ${(readMemory(pid).hwm / 2 ** 20).toFixed(0)} MB`).join(", ")}`,
  );
} finally {
  await server.stop();
  if (serverLog) fs.writeFileSync(serverLog, server.log());
}
