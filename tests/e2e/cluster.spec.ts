/**
 * Cluster mode (decision 036, tested by decision 050): server.js with WEB_CONCURRENCY=2 on its
 * own scenario database and port. A history import's job lives in the worker that started it;
 * every request here opens its own connection, so the primary hands them to the workers in turn.
 * The session made by the sign-in (on whichever worker) is honoured by both; the progress of a
 * job polled until it is done answers 200 on both workers (the other worker relays it to the
 * owner's socket: without the relay half the polls would say "gone"), and the final answer is
 * taken through either. No browser: plain HTTP, one connection per request.
 */
import { expect, test } from "@playwright/test";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { makeScenario, signIn, startServerOnFreePort, tempDir, type Server } from "#tests/support/server";
import { historyCsv } from "./fixtures";

let server: Server | undefined;
let dir: string | undefined;
test.afterEach(async ({}, testInfo) => {
  if (server && testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach("server stderr", { body: server.stderr() || "(empty)" });
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

/** One request on a connection of its own (no keep-alive: each may reach another worker). */
function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? "GET", headers: opts.headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** A form with a file, as bytes and its multipart content type. */
async function multipart(fields: Record<string, string>, file: { name: string; text: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new Blob([file.text], { type: "text/csv" }), file.name);
  const r = new Request("http://localhost/", { method: "POST", body: form });
  return { body: Buffer.from(await r.arrayBuffer()), type: r.headers.get("content-type")! };
}

const JOB = /"(w(\d+)\.[0-9a-f-]{36})"/;

test("two workers: a session of one works on the other, a job's progress and answer reach its worker from either", async () => {
  test.setTimeout(120_000);
  dir = tempDir("di-cluster-");
  const file = path.join(dir, "app.db");
  const scenario = makeScenario(file, 0, 1);
  server = await startServerOnFreePort(file, [], E2E_PORT + 1, E2E_PORT + 9, { WEB_CONCURRENCY: "2" });
  const origin = `http://localhost:${server.port}`;
  const cookie = await signIn(origin, scenario.workers[0]!.email, scenario.password);
  const headers = { Cookie: cookie, Origin: origin };

  // Checks of a history file started with progress, each on a new connection: jobs of both
  // workers, all with the one sign-in's cookie.
  const start = async (tag: string) => {
    const form = await multipart(
      { intent: "preview", institutionId: String(scenario.institutionId), progress: "1" },
      { name: `historia-${tag}.csv`, text: historyCsv(150, tag) },
    );
    const r = await send(`${origin}/residents/history-import.data`, {
      method: "POST",
      headers: { ...headers, "Content-Type": form.type, "Content-Length": String(form.body.length) },
      body: form.body,
    });
    expect(r.status, r.body.slice(0, 300)).toBe(202);
    const m = JOB.exec(r.body);
    expect(m, r.body.slice(0, 300)).not.toBeNull();
    return { id: m![1]!, worker: m![2]! };
  };
  const jobs = [await start("A"), await start("B")];
  expect(new Set(jobs.map((j) => j.worker)).size, JSON.stringify(jobs)).toBe(2);

  // Each job's progress, polled on new connections until it is done: every poll answers (on its
  // own worker, or relayed from the other one), the counts never go back.
  for (const job of jobs) {
    const seen: number[] = [];
    for (let polls = 0; ; polls++) {
      const r = await send(`${origin}/residents/history-import/progress?job=${encodeURIComponent(job.id)}`, {
        headers,
      });
      expect(r.status, `poll ${polls} of ${job.id}: ${r.body}`).toBe(200);
      const p = JSON.parse(r.body) as { done: number; total: number | null; finished: boolean };
      seen.push(p.done);
      if (p.finished && polls >= 5) {
        expect(p.done).toBe(150);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true);
  }

  // The answers, taken on new connections (one of the two lands on the other worker): the
  // checked files, ready to import. Taken once: a second ask is told the job is gone.
  for (const job of jobs) {
    const body = Buffer.from(new URLSearchParams({ intent: "result", job: job.id }).toString());
    const result = () =>
      send(`${origin}/residents/history-import.data?job=${encodeURIComponent(job.id)}`, {
        method: "POST",
        headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
    const r = await result();
    expect(r.status, r.body.slice(0, 300)).toBe(200);
    expect(r.body).toContain("file64");
    expect(r.body).toContain(`historia-${job.id === jobs[0]!.id ? "A" : "B"}.csv`);
    expect((await result()).status).toBe(410);
  }

  // The list page with the same cookie on a few new connections (both workers): signed in on each.
  for (let i = 0; i < 4; i++) {
    const r = await send(`${origin}/residents`, { headers });
    expect(r.status).toBe(200);
  }
});
