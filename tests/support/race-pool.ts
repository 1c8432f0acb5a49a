/**
 * N race-worker processes kept for a test file: `race(ops)` hands op i to worker i in the same
 * tick and resolves with their answers, in order.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";
import readline from "node:readline";
import type { RaceOp, RaceResult } from "./race-worker";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface RacePool {
  size: number;
  race(ops: RaceOp[]): Promise<RaceResult[]>;
  close(): Promise<void>;
}

/**
 * The worker, bundled once into one ES module (packages stay external, resolved from the
 * project's node_modules): sixteen processes start in a fraction of the CPU time tsx needs to
 * load the TypeScript sources in each.
 */
function bundleWorker(): string {
  const out = path.join(ROOT, "node_modules/.cache/di-tests", `race-worker-${process.pid}-${crypto.randomUUID()}.mjs`);
  buildSync({
    entryPoints: [path.join(ROOT, "tests/support/race-worker.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile: out,
    logLevel: "error",
  });
  return out;
}

export async function startRacePool(size: number): Promise<RacePool> {
  const script = bundleWorker();
  const workers: { proc: ChildProcess; next: () => Promise<string> }[] = [];
  for (let i = 0; i < size; i++) {
    const proc = spawn(process.execPath, [script], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    proc.stderr!.on("data", (d) => (stderr += d));
    const lines: string[] = [];
    const waiting: { resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
    let exited: Error | undefined;
    readline.createInterface({ input: proc.stdout! }).on("line", (l) => {
      const w = waiting.shift();
      if (w) w.resolve(l);
      else lines.push(l);
    });
    proc.once("exit", (code) => {
      exited = new Error(`race worker exited ${code}: ${stderr}`);
      for (const w of waiting.splice(0)) w.reject(exited);
    });
    const next = () =>
      new Promise<string>((resolve, reject) => {
        const l = lines.shift();
        if (l !== undefined) return resolve(l);
        if (exited) return reject(exited);
        waiting.push({ resolve, reject });
      });
    workers.push({ proc, next });
  }
  const ready = await Promise.all(workers.map((w) => w.next()));
  if (ready.some((l) => l !== "ready")) throw new Error(`race workers not ready: ${ready.join(", ")}`);
  return {
    size,
    async race(ops) {
      if (ops.length > size) throw new Error(`${ops.length} ops for ${size} workers`);
      const answers = ops.map((_, i) => workers[i]!.next());
      ops.forEach((op, i) => workers[i]!.proc.stdin!.write(JSON.stringify(op) + "\n"));
      return (await Promise.all(answers)).map((l) => JSON.parse(l) as RaceResult);
    },
    async close() {
      fs.rmSync(script, { force: true });
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.proc.exitCode !== null) return resolve();
              w.proc.once("exit", () => resolve());
              w.proc.stdin!.end();
            }),
        ),
      );
    },
  };
}
