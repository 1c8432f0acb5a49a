/**
 * The real production server as a child process (server.js on build/), for tests that need
 * several servers on one SQLite file or a server they can kill. No browser: plain fetch.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Scenario } from "./scenario";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const SESSION_SECRET = "durability-secret-durability-secret-0123456789";

/** A fresh temp directory for one test's database file. */
export function tempDir(prefix = "di-durability-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Migrates `file` and seeds a scenario into it (in a child process, through the services). */
export function makeScenario(file: string, residents: number, workers = 2, lastPlaceCapacity = 3): Scenario {
  const r = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "tests/support/scenario-cli.ts",
      file,
      String(residents),
      String(workers),
      String(lastPlaceCapacity),
    ],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`scenario seeding failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Scenario;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "0.0.0.0", () => s.close(() => resolve(true)));
  });
}

/** A free port in [from, to]; never the shared e2e port. */
export async function freePort(from = 3217, to = 3230, skip: number[] = []): Promise<number> {
  for (let p = from; p <= to; p++) {
    if (p !== 3100 && !skip.includes(p) && (await portFree(p))) return p;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

export interface Server {
  port: number;
  origin: string;
  proc: ChildProcess;
  /** What the server wrote on stderr (for failure messages). */
  stderr(): string;
  /** SIGKILL: no shutdown handler runs, as in a crash or an OOM kill. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the production server (`node server.js build/index.js`) with the production
 * environment (`env` adds or overrides variables), waits until it answers.
 */
export async function startServer(
  databasePath: string,
  port: number,
  env: Record<string, string> = {},
): Promise<Server> {
  if (!fs.existsSync(path.join(ROOT, "build/index.js")))
    throw new Error("build/index.js missing: run `npx remix build` first");
  // node itself, not npx: the pid is the server's, so SIGKILL hits it.
  const proc = spawn(process.execPath, ["server.js", "build/index.js"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DEMO_MODE: "false",
      PORT: String(port),
      DATABASE_PATH: databasePath,
      SESSION_SECRET,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  proc.stderr!.on("data", (d) => (err += d));
  proc.once("exit", (code, signal) => (err += `\n[exited: ${code ?? signal}]`));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  // Ready when *this* process says it listens (polling the port could reach another server),
  // every worker of a cluster (WEB_CONCURRENCY=N: "[server] worker 2 of N http://…");
  // the request log that follows is read and dropped, so the pipe never fills.
  const workers = Number(env.WEB_CONCURRENCY ?? 1) > 1 ? Number(env.WEB_CONCURRENCY) : 0;
  const ready = (log: string) =>
    workers
      ? log.split(`of ${workers} http://localhost:${port} `).length - 1 >= workers
      : log.includes(`[server] http://localhost:${port} `);
  let out = "";
  const listening = new Promise<boolean>((resolve) => {
    proc.stdout!.on("data", (d) => {
      if (out.length < 10_000) out += d;
      if (ready(out)) resolve(true);
    });
    void exited.then(() => resolve(false));
    // Each worker loads the build: a cluster on a loaded machine has needed over 20 s.
    setTimeout(() => resolve(false), workers ? 90_000 : 30_000).unref();
  });
  if (!(await listening)) {
    proc.kill("SIGKILL");
    await exited;
    throw new Error(`server on ${port} did not start (exit ${proc.exitCode ?? proc.signalCode}):\n${err}`);
  }
  const origin = `http://127.0.0.1:${port}`;
  const res = await fetch(`${origin}/login`);
  if (!res.ok) throw new Error(`server on ${port}: GET /login answered ${res.status}`);
  const end = async (signal: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
  };
  return { port, origin, proc, stderr: () => err, kill: () => end("SIGKILL"), stop: () => end("SIGTERM") };
}

/**
 * Starts a server on a free port of [from, to]. Other test runs may take a port between the
 * check and the listen: then the next one is tried.
 */
export async function startServerOnFreePort(
  databasePath: string,
  skip: number[] = [],
  from = 3217,
  to = 3230,
  env: Record<string, string> = {},
): Promise<Server> {
  const tried = [...skip];
  for (;;) {
    const port = await freePort(from, to, tried);
    try {
      return await startServer(databasePath, port, env);
    } catch (e) {
      if (!String(e).includes("EADDRINUSE")) throw e;
      tried.push(port);
    }
  }
}

/** Signs in through the real sign-in action; returns the Cookie header value. */
export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${origin}/login`, {
    method: "POST",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "/dashboard" }),
    redirect: "manual",
  });
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("__session="));
  if (res.status !== 302 || !setCookie)
    throw new Error(`sign-in as ${email} failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return setCookie.split(";")[0]!;
}

/** Posts a form as a browser without JavaScript would (same-origin, no redirect following). */
export function postForm(
  origin: string,
  cookie: string,
  pathname: string,
  fields: Record<string, string | number>,
): Promise<Response> {
  return fetch(`${origin}${pathname}`, {
    method: "POST",
    headers: { Origin: origin, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]))),
    redirect: "manual",
  });
}
