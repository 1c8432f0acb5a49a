import crypto from "node:crypto";

/**
 * History imports that run while the page shows their progress (decision 020). A job lives in
 * this server process only: it holds the replay's progress and, once done, what the import
 * page's action would have answered (a checked file, or the redirect after an import). Only
 * the user who started it reads it; the answer is handed out once. A server restart loses
 * running jobs: the page then says so and the user starts again (nothing half-written: the
 * replay works on a copy until its final short write).
 */

export const JOB_PHASES = ["checking", "importing"] as const;
export type JobPhase = (typeof JOB_PHASES)[number];

interface Job {
  id: string;
  userId: number;
  /** The import page the job belongs to. */
  path: string;
  phase: JobPhase;
  done: number;
  total: number | null;
  finished: boolean;
  answer: Promise<unknown>;
  startedAt: number;
}

export interface JobProgress {
  phase: JobPhase;
  done: number;
  total: number | null;
  finished: boolean;
}

/** Jobs are forgotten this long after they started, answered or not. */
const JOB_TTL_MS = 30 * 60 * 1000;
/** At most this many jobs per user at once (a page starts one at a time). */
const MAX_JOBS_PER_USER = 3;

/** A job's id: a UUID, with its worker first in a cluster (`w2.…`, decision 036). */
export const JOB_ID = /^(w\d+\.)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const jobs = new Map<string, Job>();

function sweep(now = Date.now()) {
  for (const [id, job] of jobs) if (now - job.startedAt > JOB_TTL_MS) jobs.delete(id);
}

/**
 * Starts `run` now (it reports progress through the callback it is given) and returns the
 * job's id at once. The answer is kept, including a thrown error, until `takeJobAnswer`.
 */
export function startJob(
  userId: number,
  path: string,
  phase: JobPhase,
  run: (onProgress: (done: number, total: number) => void) => Promise<unknown>,
): string {
  sweep();
  const mine = [...jobs.values()].filter((j) => j.userId === userId).sort((a, b) => a.startedAt - b.startedAt);
  for (const old of mine.slice(0, Math.max(0, mine.length - MAX_JOBS_PER_USER + 1))) jobs.delete(old.id);
  // Served by a worker of a cluster (server.js), the id names the worker: requests for the job
  // that reach another worker are relayed to this one (decision 036).
  const id = `${process.env.DI_WORKER ? `w${process.env.DI_WORKER}.` : ""}${crypto.randomUUID()}`;
  const job: Job = {
    id,
    userId,
    path,
    phase,
    done: 0,
    total: null,
    finished: false,
    answer: Promise.resolve(null),
    startedAt: Date.now(),
  };
  job.answer = run((done, total) => {
    job.done = done;
    job.total = total;
  }).finally(() => {
    job.finished = true;
  });
  // Kept for takeJobAnswer; never an unhandled rejection meanwhile.
  job.answer.catch(() => undefined);
  jobs.set(id, job);
  return id;
}

function mine(userId: number, path: string, id: string): Job | null {
  sweep();
  const job = jobs.get(id);
  return job && job.userId === userId && job.path === path ? job : null;
}

/** The progress of one of the user's jobs on that page, or null (unknown, another user's, forgotten). */
export function jobProgress(userId: number, path: string, id: string): JobProgress | null {
  const job = mine(userId, path, id);
  return job ? { phase: job.phase, done: job.done, total: job.total, finished: job.finished } : null;
}

/** Waits for the job's answer and forgets the job; null when there is no such job of the user's. */
export async function takeJobAnswer(userId: number, path: string, id: string): Promise<{ answer: unknown } | null> {
  const job = mine(userId, path, id);
  if (!job) return null;
  jobs.delete(id);
  return { answer: await job.answer };
}
