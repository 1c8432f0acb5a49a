/**
 * The production server for the scripts that drive it over HTTP (bench, soak, sqlmap scan):
 * checking or making the production build, a fresh demo database in a temporary directory,
 * starting the production server (`server.js`) on it, signing in, and reading the server's memory from /proc.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { runMigrations } from "#db/migrate";
import { openDatabase } from "#db/client";
import { seedDemo } from "#db/seed/demo";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const SERVER_BUILD = path.join(ROOT, "build/index.js");

/** Why build/index.js is not a production build worth measuring, or null when it is. */
export function buildProblem(serverBuild = SERVER_BUILD): string | null {
  if (!fs.existsSync(serverBuild))
    return "no build found: run `npm run build` first (the benchmark measures the production build).";
  if (!/\bmode = "production"/.test(fs.readFileSync(serverBuild, "utf8"))) {
    return "build/index.js is a development build: run `npm run build` (NODE_ENV=production) and measure that, not `remix dev`.";
  }
  return null;
}

/** The sources the server build is made from; a file newer than the build makes it stale. */
const BUILD_INPUTS = ["app", "db/schema", "machines", "remix.config.js", "tsconfig.json", "package-lock.json"];

function newestMtime(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

export function buildIsStale(): boolean {
  if (buildProblem()) return true;
  const built = fs.statSync(SERVER_BUILD).mtimeMs;
  return BUILD_INPUTS.some((p) => newestMtime(path.join(ROOT, p)) > built);
}

/** Runs `remix build` (production) when the build is missing, a development build, or older than its sources. */
export function ensureFreshBuild(log: (line: string) => void = console.log): void {
  if (!buildIsStale()) return;
  log("Building the production bundle (npx remix build) …");
  const r = spawnSync("npx", ["remix", "build"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", VITE_CJS_IGNORE_WARNING: "true" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (r.status !== 0) throw new Error("`npx remix build` failed");
  const problem = buildProblem();
  if (problem) throw new Error(problem);
}

/** A freshly migrated database with the demo data (db/seed/demo.ts) at `file`, checkpointed. */
export async function makeDemoDatabase(file: string): Promise<string> {
  runMigrations(file);
  const db = openDatabase(file);
  try {
    if (!(await seedDemo(db))) throw new Error(`${file} already had data`);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.$client.close();
  }
  return file;
}

/** `preferred` when nothing listens there, else a free port the system picks. Never 3100 (the e2e server's). */
export async function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const s = net.createServer();
      s.once("error", () => resolve(null));
      s.listen(port, "127.0.0.1", () => {
        const got = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(got));
      });
    });
  if (preferred !== 3100) {
    const p = await tryListen(preferred);
    if (p) return p;
  }
  for (;;) {
    const p = await tryListen(0);
    if (p && p !== 3100) return p;
  }
}

/** Resident set size and its high-water mark of a process, in bytes (0 once it has exited). */
export function readMemory(pid: number): { rss: number; hwm: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** The process and its descendants (a cluster's workers), from /proc. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const task of fs.readdirSync(`/proc/${out[i]}/task`)) {
        const kids = fs.readFileSync(`/proc/${out[i]}/task/${task}/children`, "utf8").trim();
        if (kids) out.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

export interface ServerOptions {
  port: number;
  dbFile: string;
  /** Host in the base URL; also the listening address when `listenHost` is set. */
  host?: string;
  /** HOST for server.js (bind address); unset = its default (all interfaces). */
  listenHost?: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
}

export interface RunningServer {
  child: ChildProcess;
  base: string;
  /** Everything the server printed so far. */
  log(): string;
  /** Highest VmHWM of any one of its processes (sampled every 200 ms), bytes. */
  peakRss(): number;
  /** How many processes serve (1, or a cluster's primary and workers). */
  processes(): number;
  /** The largest VmRSS of its processes now, bytes (after start: what a process holds before serving). */
  rssNow(): number;
  /** SIGTERM, then wait for the exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** server.js on the production build and `dbFile`; resolves once GET /login answers 200. */
export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? "localhost";
  const base = `http://${host}:${opts.port}`;
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), path.join(ROOT, "server.js"), SERVER_BUILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_PATH: opts.dbFile,
      PORT: String(opts.port),
      DEMO_MODE: "false",
      SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
      COOKIE_SECURE: "false",
      ...(opts.listenHost ? { HOST: opts.listenHost } : {}),
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  let peak = 0;
  let processes = 1;
  const rssTimer = setInterval(() => {
    if (!child.pid) return;
    const tree = processTree(child.pid);
    processes = Math.max(processes, tree.length);
    for (const pid of tree) peak = Math.max(peak, readMemory(pid).hwm);
  }, 200);
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  child.on("exit", () => clearInterval(rssTimer));
  const server: RunningServer = {
    child,
    base,
    log: () => log,
    peakRss: () => peak,
    processes: () => processes,
    rssNow: () => (child.pid ? Math.max(...processTree(child.pid).map((pid) => readMemory(pid).rss)) : 0),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 30_000;
    const poll = async () => {
      try {
        const r = await fetch(`${base}/login`);
        if (r.ok) return resolve(server);
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline || child.exitCode !== null)
        return reject(new Error(`the server did not start:\n${log}`));
      setTimeout(poll, 200);
    };
    void poll();
  });
}

/** Signs in through the real form POST; returns the `__session=…` cookie pair. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const r = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ email, password, redirectTo: "/dashboard" }),
  });
  const cookie = r.headers.get("set-cookie")?.split(";")[0];
  if (r.status !== 302 || !cookie) throw new Error(`could not sign in as ${email} (HTTP ${r.status})`);
  return cookie;
}
