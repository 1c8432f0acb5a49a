/**
 * npm run sqlmap [-- --port 3300 --level 2 --risk 1 --crawl 4 --budget-minutes 60 --only admin,case_worker]
 * (scripts/sqlmap.sh installs sqlmap if missing, then runs this.)
 *
 * SQL injection scan of the production build with Debian's sqlmap. Starts its own server on a
 * fresh demo database in a temporary directory, signs in as one account of each role, and runs
 * per role (in parallel):
 *   A. sqlmap --crawl --forms from /dashboard: every form and every link with a query string
 *      that sqlmap finds itself, on one representative record per kind of page (the other ids
 *      are excluded from the crawl: 100 resident pages carry the same forms);
 *   B. sqlmap -m on an explicit list of URLs with the query parameters the loaders read
 *      (app/routes/*: searchParams), so a parameter no page links to is still tested.
 * Plus, signed out: the sign-in form (POST /login) and the sign-in page's query parameters.
 *
 * Fails (exit 1) when sqlmap reports any injectable parameter, when the server logs an SQLite
 * syntax error (input reaching SQL text), or when a session was lost mid-scan (the results
 * would be incomplete). Logs and a summary go to sqlmap/ (gitignored).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { openDatabase } from "#db/client";
import { transitions, users } from "#db/schema";
import { DEMO_ACCOUNTS } from "#db/seed/demo-accounts";
import { DEMO_INSTITUTIONS } from "#db/seed/demo";
import { INDICATOR_CODES, TARGET_GROUPS } from "#db/schema/enums";
import { TRANSITION_STATES } from "#machines/transition";
import {
  ensureFreshBuild,
  freePort,
  makeDemoDatabase,
  ROOT,
  signIn,
  startServer,
  type RunningServer,
} from "./lib/server";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const level = arg("level", "2");
const risk = arg("risk", "1");
const crawlDepth = arg("crawl", "4");
const only = arg("only", "").split(",").filter(Boolean);
/** Past this, running sqlmap processes are stopped and the scan reports INCOMPLETE (exit 3). */
const budgetMinutes = Number(arg("budget-minutes", "60"));
const OUT = path.join(ROOT, "sqlmap");
const started = Date.now();
const log = (line: string) =>
  console.log(`[sqlmap-scan ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

// ---------------------------------------------------------------------------------------------
// The accounts: one per role. The admin's scan must not reach the other scanners' user pages
// (it would disable them or reset their passwords), nor its own.
const ROLES = ["admin", "case_worker", "working_group", "grant_manager", "monitoring"] as const;
type Role = (typeof ROLES)[number];
const account = (role: Role) => DEMO_ACCOUNTS.find((a) => a.role === role)!;
const scanners = new Set(ROLES.map((r) => account(r).email));

ensureFreshBuild((l) => log(l));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "di-sqlmap-"));
fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
const dbFile = await makeDemoDatabase(path.join(work, "app.db"));
log(`demo database: ${dbFile}`);

/** Representative residents: one per state whose page carries different forms. */
function representatives() {
  const db = openDatabase(dbFile);
  try {
    const pick = (state: string) =>
      db
        .select({ id: transitions.residentId })
        .from(transitions)
        .where(
          and(
            eq(transitions.state, state as never),
            sql`${transitions.institutionId} = (select id from institutions where name = ${DEMO_INSTITUTIONS["zg-dps"].name})`,
          ),
        )
        .orderBy(asc(transitions.residentId))
        .get()?.id;
    const residents = ["in_community", "preparation", "identified"].map(pick).filter((id): id is number => !!id);
    const others = db.select({ id: users.id, email: users.email }).from(users).all();
    const userPage =
      others.find((u) => !scanners.has(u.email) && u.email !== "rabotnik@demo.local") ??
      others.find((u) => !scanners.has(u.email))!;
    const ids = Object.fromEntries(
      db
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(inArray(users.email, [...scanners]))
        .all()
        .map((u) => [u.email, u.id]),
    );
    return { residents, userPage: userPage.id, scannerIds: ids };
  } finally {
    db.$client.close();
  }
}
const reps = representatives();

// ---------------------------------------------------------------------------------------------
const port = await freePort(3300);
const server: RunningServer = await startServer({
  port,
  dbFile,
  host: "127.0.0.1",
  listenHost: "127.0.0.1",
  // The scan runs longer than the default idle timeout of a session with long pauses on one form.
  env: { SESSION_IDLE_MINUTES: "720" },
});
const base = server.base;
log(`server: ${base} (pid ${server.child.pid})`);
const children = new Map<ReturnType<typeof spawn>, string>();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    for (const c of children.keys()) c.kill("SIGTERM");
    void server.stop().finally(() => {
      fs.rmSync(work, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

let exitCode: number;
try {
  const cookies = {} as Record<Role, string>;
  try {
    for (const role of ROLES) cookies[role] = await signIn(base, account(role).email, account(role).password);
  } catch (e) {
    console.error(server.log().slice(-3000));
    throw e;
  }

  /**
   * A quick crawl of our own, per role, keeping the first id of each kind of record it meets
   * (`/staff/12` → staff: 12) and following only links with those ids; gives the ids the
   * sqlmap crawl is limited to.
   */
  async function firstIds(cookie: string): Promise<Map<string, Set<number>>> {
    const ids = new Map<string, Set<number>>([
      ["residents", new Set(reps.residents)],
      ["users", new Set([reps.userPage])],
    ]);
    const allowed = (p: string) => {
      for (const m of p.matchAll(/\/([a-z-]+)\/(\d+)(?=[/?.]|$)/g)) {
        const name = m[1]!;
        const id = Number(m[2]);
        if (!ids.has(name)) ids.set(name, new Set([id]));
        if (!ids.get(name)!.has(id)) return false;
      }
      return true;
    };
    const seen = new Set<string>();
    const queue = ["/dashboard"];
    while (queue.length && seen.size < 400) {
      const p = queue.shift()!;
      if (seen.has(p) || !allowed(p)) continue;
      seen.add(p);
      const r = await fetch(base + p, { headers: { cookie }, redirect: "manual" });
      if (!(r.headers.get("content-type") ?? "").includes("text/html")) {
        await r.arrayBuffer();
        continue;
      }
      const html = await r.text();
      for (const m of html.matchAll(/href="(\/[^"#]*)"/g)) {
        const href = m[1]!.replaceAll("&amp;", "&").split("?")[0]!;
        if (/^\/(build|locales|logout)\b|\.(css|js|ico|svg|png|pdf|csv|xlsx)$/.test(href)) continue;
        if (!seen.has(href)) queue.push(href);
      }
    }
    return ids;
  }

  /** The crawl exclusion: sign-out, and every id other than the representatives. */
  function excludeRegex(role: Role, ids: Map<string, Set<number>>): string {
    const parts = ["/logout\\b"];
    for (const [name, keep] of ids) {
      let allowedIds = [...keep];
      if (name === "users") allowedIds = allowedIds.filter((id) => !Object.values(reps.scannerIds).includes(id));
      parts.push(`/${name}/(?!(?:${allowedIds.join("|") || "0"})(?:[/?#.]|$))\\d+`);
    }
    if (role !== "admin") parts.push("/admin/");
    return parts.join("|");
  }

  // The query parameters each loader reads (app/routes, `searchParams`), with valid values.
  function explicitTargets(role: Role, ids: Map<string, Set<number>>): string[] {
    const one = (name: string) => [...(ids.get(name) ?? [])][0];
    const grant = one("grants");
    const period = one("periods");
    const plan = one("plans");
    const list: Record<Role, string[]> = {
      case_worker: [
        `/residents?q=Maria&state=${TRANSITION_STATES[1]}&targetGroup=${TARGET_GROUPS[0]}&institutionId=1&overdue=1&page=1`,
        `/staff?q=Anna&page=1`,
        ...(plan
          ? [`/plans/${plan}?version=1`, `/plans/${plan}/compare?a=1&b=1`, `/plans/${plan}/plan.pdf?version=1`]
          : []),
      ],
      working_group: plan ? [`/plans/${plan}?version=1`, `/plans/${plan}/compare?a=1&b=1`] : [],
      grant_manager:
        grant && period
          ? [
              `/grants/${grant}/periods/${period}?drill=${INDICATOR_CODES[0]}&list=cumulative`,
              `/grants/${grant}/periods/${period}/report.csv?encoding=legacy`,
            ]
          : [],
      // The monitoring pages read no query parameters: the crawl reaches their path ids.
      monitoring: [],
      admin: [
        `/admin/audit?action=signin.succeeded&before=1000`,
        `/residents?q=Maria&state=${TRANSITION_STATES[0]}&targetGroup=${TARGET_GROUPS[1]}&institutionId=2&overdue=1&page=2`,
      ],
    };
    return list[role].map((p) => base + p);
  }

  // -------------------------------------------------------------------------------------------
  const common = [
    "--batch",
    "--disable-coloring",
    `--level=${level}`,
    `--risk=${risk}`,
    "--dbms=SQLite",
    `--headers=Origin: ${base}`,
    // Keep our session: never adopt cookies the server sets (a flash, a cleared session).
    "--drop-set-cookie",
    "--skip=__session",
    // Keep the form's blanks blank: random text in a date field only earns a 400 before any SQL.
    "--answers=fill blank=N,quit=N",
    "--timeout=30",
    "--retries=1",
    // A wrong password answers 401 by design; sqlmap would otherwise skip the sign-in form.
    "--ignore-code=401",
  ];
  interface Job {
    name: string;
    args: string[];
    /** The target of a single-target run (sqlmap names targets only in crawl and -m modes). */
    target?: string;
  }
  const jobs: Job[] = [];
  const idsByRole = new Map<Role, Map<string, Set<number>>>();
  for (const role of ROLES) {
    if (only.length && !only.includes(role)) continue;
    const ids = await firstIds(cookies[role]);
    idsByRole.set(role, ids);
    const exclude = excludeRegex(role, ids);
    const cookie = `--cookie=${cookies[role]}`;
    // The short explicit list first, so a spent budget cuts the crawl rather than the list.
    const targets = explicitTargets(role, ids);
    if (targets.length) {
      const file = path.join(work, `${role}-targets.txt`);
      fs.writeFileSync(file, targets.join("\n") + "\n");
      jobs.push({ name: `${role}-urls`, args: ["-m", file, cookie] });
    }
    jobs.push({
      name: `${role}-crawl`,
      args: ["-u", `${base}/dashboard`, `--crawl=${crawlDepth}`, "--forms", `--crawl-exclude=${exclude}`, cookie],
    });
    log(`${role}: crawl excludes ${exclude}`);
  }
  if (!only.length || only.includes("anonymous")) {
    jobs.push({
      name: "anonymous-login-form",
      args: [
        "-u",
        `${base}/login`,
        "--data=email=nobody%40demo.local&password=not-the-password&redirectTo=%2Fdashboard",
      ],
      target: "POST /login",
    });
    const file = path.join(work, "anonymous-targets.txt");
    fs.writeFileSync(file, `${base}/login?redirectTo=%2Fresidents&reason=expired\n${base}/locales/en?v=1\n`);
    jobs.push({ name: "anonymous-urls", args: ["-m", file] });
  }

  const budgetEnds = Date.now() + budgetMinutes * 60_000;
  const cut = new Set<string>();
  const budgetTimer = setTimeout(() => {
    log(`budget of ${budgetMinutes} min spent: stopping the sqlmap runs still going`);
    for (const [c, name] of children) {
      cut.add(name);
      c.kill("SIGTERM");
    }
  }, budgetMinutes * 60_000);

  /** One sqlmap run; its output goes to sqlmap/<name>.log. */
  function run(job: Job): Promise<number> {
    if (Date.now() >= budgetEnds) {
      cut.add(job.name);
      fs.writeFileSync(path.join(OUT, `${job.name}.log`), "# not run: budget spent\n");
      return Promise.resolve(-1);
    }
    const outDir = path.join(work, job.name);
    const logFile = path.join(OUT, `${job.name}.log`);
    const out = fs.openSync(logFile, "w");
    const args = [...job.args, ...common, `--output-dir=${outDir}`];
    fs.writeSync(out, `# sqlmap ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")}\n`);
    const child = spawn("sqlmap", args, { stdio: ["ignore", out, out], env: { ...process.env, TERM: "dumb" } });
    children.set(child, job.name);
    return new Promise((resolve) =>
      child.on("exit", (code, signal) => {
        children.delete(child);
        fs.closeSync(out);
        if (signal) cut.add(job.name);
        resolve(code ?? 1);
      }),
    );
  }

  // Per role the crawl and the URL list run one after the other; the roles run side by side.
  const groups = new Map<string, Job[]>();
  for (const j of jobs) {
    const key = j.name.split("-")[0]!;
    groups.set(key, [...(groups.get(key) ?? []), j]);
  }
  log(`${jobs.length} sqlmap runs (level ${level}, risk ${risk}, crawl depth ${crawlDepth}); logs in sqlmap/*.log`);
  const codes = new Map<string, number>();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      for (const job of group) {
        const t0 = Date.now();
        const code = await run(job);
        codes.set(job.name, code);
        log(`${job.name} done in ${((Date.now() - t0) / 60000).toFixed(1)} min (exit ${code})`);
      }
    }),
  );

  clearTimeout(budgetTimer);

  // -------------------------------------------------------------------------------------------
  // Results: sqlmap's own words, from each run's output.
  interface Finding {
    run: string;
    line: string;
  }
  const injectable = new Map<string, Finding>();
  const heuristic: Finding[] = [];
  const falsePositives: Finding[] = [];
  const problems: string[] = [];
  const targets = new Set<string>();
  const params = new Set<string>();
  const httpErrors = new Map<string, number>();
  for (const job of jobs) {
    const text = fs.readFileSync(path.join(OUT, `${job.name}.log`), "utf8");
    let current = job.target ?? "";
    if (job.target) targets.add(job.target);
    let pending: Finding | null = null;
    const confirm = (f: Finding) => injectable.set(`${f.run} ${f.line.replace(/^\[[\d:]+\] /, "")}`, f);
    for (const line of text.split("\n")) {
      const target = /^(GET|POST) (http\S+)/.exec(line) ?? /^\[\d+\/\d+\] URL:\s*$/.exec(line);
      if (target && target[2] && !job.target) {
        current = `${target[1]} ${target[2].replace(base, "")}`;
        targets.add(current);
      }
      const p = /testing for SQL injection on (\S+) parameter '([^']+)'/.exec(line);
      if (p) params.add(`${current} ${p[1]} ${p[2]}`);
      // "appears to be … injectable" is provisional: sqlmap then checks for a false positive.
      const appears = /(\S+) parameter '([^']+)' appears to be '.*' injectable/.exec(line);
      if (appears) pending = { run: job.name, line: `${current}: ${line.trim()}` };
      else if (/false positive or unexploitable injection point detected/.test(line) && pending) {
        falsePositives.push(pending);
        pending = null;
      } else if (/does not seem to be injectable|testing for SQL injection on/.test(line) && pending) {
        confirm(pending);
        pending = null;
      }
      const sure =
        /(\S+) parameter '([^']+)' is vulnerable/.exec(line) ?? /^Parameter: (.+) \((\S+)\)$/.exec(line.trim());
      if (sure) {
        if (pending) confirm(pending);
        pending = null;
        confirm({ run: job.name, line: `${current}: ${line.trim()}` });
      } else if (/might be injectable/.test(line)) heuristic.push({ run: job.name, line: line.trim() });
      const e = /^(\d{3}) \(([^)]+)\) - (\d+) times/.exec(line);
      if (e) httpErrors.set(`${e[1]} ${e[2]}`, (httpErrors.get(`${e[1]} ${e[2]}`) ?? 0) + Number(e[3]));
      if (/\[CRITICAL\]/.test(line) && !/no parameter\(s\) found|all tested parameters do not appear/.test(line))
        problems.push(`${job.name}: ${line.trim()}`);
    }
    if (pending) confirm(pending);
    // In multiple-target mode sqlmap also lists each injection point in a results CSV.
    for (const csv of fs.existsSync(path.join(work, job.name))
      ? fs.readdirSync(path.join(work, job.name)).filter((f) => f.endsWith(".csv"))
      : []) {
      const rows = fs
        .readFileSync(path.join(work, job.name, csv), "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .filter(Boolean);
      for (const row of rows) {
        const f = { run: job.name, line: `results CSV: ${row}` };
        if (/false positive or unexploitable/.test(row)) falsePositives.push(f);
        else injectable.set(`${job.name} csv ${row}`, f);
      }
      fs.copyFileSync(path.join(work, job.name, csv), path.join(OUT, `${job.name}-${csv}`));
    }
  }
  // Input that reaches SQL text shows up as syntax errors in the server's log, even unconfirmed.
  const sqlErrors = server
    .log()
    .split("\n")
    .filter(
      (l) =>
        /SqliteError|SQLITE_ERROR/.test(l) && /syntax error|unrecognized token|incomplete input|no such column/.test(l),
    );
  fs.writeFileSync(path.join(OUT, "server.log"), server.log());

  // Sessions must have survived: a scan that was signed out tested sign-in redirects only.
  const lost: string[] = [];
  for (const role of ROLES) {
    if (!idsByRole.has(role)) continue;
    const r = await fetch(`${base}/dashboard`, { headers: { cookie: cookies[role] }, redirect: "manual" });
    await r.arrayBuffer();
    if (r.status !== 200) lost.push(`${role} (GET /dashboard → ${r.status})`);
  }

  const minutes = (Date.now() - started) / 60000;
  const summary = {
    at: new Date().toISOString(),
    sqlmap: { level, risk, crawlDepth, runs: jobs.length },
    runtimeMinutes: Math.round(minutes * 10) / 10,
    budgetMinutes,
    incomplete: [...cut].sort(),
    targetsTested: targets.size,
    formsTested: [...targets].filter((t) => t.startsWith("POST")).length,
    parametersTested: params.size,
    injectable: injectable.size,
    heuristicOnly: heuristic.length,
    falsePositivesRejectedBySqlmap: falsePositives.length,
    serverSqlSyntaxErrors: sqlErrors.length,
    lostSessions: lost,
    httpErrors: Object.fromEntries(httpErrors),
    sqlmapExitCodes: Object.fromEntries(codes),
    problems,
    findings: [...injectable.values()],
    heuristics: heuristic,
    falsePositives,
    targets: [...targets].sort(),
    parameters: [...params].sort(),
  };
  fs.writeFileSync(path.join(OUT, "summary.json"), JSON.stringify(summary, null, 2) + "\n");

  console.log("");
  console.log(
    `sqlmap scan: ${summary.targetsTested} targets (${summary.formsTested} POST forms), ${summary.parametersTested} parameters, ${jobs.length} runs, ${summary.runtimeMinutes} min`,
  );
  console.log(
    `  injectable: ${injectable.size}; heuristic "might be injectable" (unconfirmed): ${heuristic.length}; server SQL syntax errors: ${sqlErrors.length}`,
  );
  console.log(`  HTTP errors sqlmap met: ${[...httpErrors].map(([k, v]) => `${k} × ${v}`).join(", ") || "none"}`);
  for (const f of injectable.values()) console.log(`  INJECTABLE [${f.run}] ${f.line}`);
  for (const f of heuristic) console.log(`  heuristic [${f.run}] ${f.line}`);
  for (const f of falsePositives) console.log(`  false positive (sqlmap's own check) [${f.run}] ${f.line}`);
  for (const l of sqlErrors.slice(0, 20)) console.log(`  SERVER ${l}`);
  for (const p of problems) console.log(`  problem: ${p}`);
  if (lost.length) console.log(`  LOST SESSIONS (results incomplete): ${lost.join(", ")}`);
  console.log("  written: sqlmap/summary.json, sqlmap/*.log");
  if (cut.size)
    console.log(
      `  INCOMPLETE: stopped or not run when the ${budgetMinutes}-min budget was spent: ${[...cut].join(", ")}`,
    );
  const failed = injectable.size > 0 || sqlErrors.length > 0 || lost.length > 0 || summary.parametersTested === 0;
  console.log(
    failed
      ? "VERDICT: FAIL"
      : cut.size
        ? "VERDICT: INCOMPLETE (nothing injectable in what was tested)"
        : "VERDICT: PASS (nothing injectable)",
  );
  exitCode = failed ? 1 : cut.size ? 3 : 0;
} finally {
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
