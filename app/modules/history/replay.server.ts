import type { ServiceContext } from "#app/utils/context.server";
import { isAppError } from "#app/utils/errors";
import type { FieldError, FieldErrors } from "#app/utils/issues";
import type { ParsedCsvRow } from "#app/modules/csv/import.server";
import { isSnapshot, onSnapshot, yieldToEventLoop } from "./snapshot.server";

/**
 * The replay of an imported history (docs/decisions/018-history-import.md): every valid row is
 * entered through the real service functions, one after the other, inside ONE transaction of
 * `ctx.db`. Each service opens its own `ctx.db.transaction(...)`; inside an open transaction
 * better-sqlite3 makes it a SAVEPOINT, so the services run unchanged, judge every step as they
 * would for a user, and their writes belong to the outer transaction.
 *
 * Each row runs inside its own savepoint as well: a row the services refuse is rolled back
 * alone, so the rows after it are judged exactly as they would be in a commit of the corrected
 * file. The preview rolls the whole transaction back; the commit commits it only when no row
 * failed. Both go through this one function, so a preview's errors are the commit's.
 */

/** Why a step of a row was refused: the field whose value it is (or `_row`) and the message. */
export class RowRefusal extends Error {
  constructor(
    readonly field: string,
    readonly error: FieldError,
  ) {
    super(`${field}: ${error.key}`);
  }
}

/** One row after the replay: its errors (parse and replay), and what it made when it was accepted. */
export interface ReplayedRow<F extends string, R> {
  line: number;
  values: Record<F, string>;
  errors: FieldErrors;
  outcome: R | null;
}

/** Progress of a replay: rows judged so far of those in the file. */
export type ReplayProgress = (done: number, total: number) => void;

/**
 * Replays every row that parsed without errors, in file order. `replayRow` enters one row
 * through the services and returns what it made; it throws a RowRefusal (or a service's
 * AppError, which becomes an error of the whole row) to refuse it. Only when `commit` is true
 * and no row has an error is anything kept.
 *
 * It runs on a copy of the database (`onSnapshot`, decision 020): one transaction on the copy,
 * yielding to the event loop after each row, so that the server answers other users and
 * `onProgress` can be read meanwhile; a commit is then merged into the real database. The
 * callbacks get the context of the copy and must use it (never the caller's `ctx.db`).
 */
export async function replayRows<F extends string, T, R>(
  ctx: ServiceContext,
  rows: readonly ParsedCsvRow<F, T>[],
  replayRow: (ctx: ServiceContext, input: T) => R,
  options: {
    commit: boolean;
    /** Inside the transaction, before any row: checks against the database (e.g. people already registered). */
    before?: (ctx: ServiceContext, rows: ParsedCsvRow<F, T>[]) => void;
    /**
     * Inside the transaction, after the rows: what spans several rows (a support session several
     * people attended). It may add errors to rows (then nothing is committed).
     */
    finish?: (ctx: ServiceContext, rows: ReplayedRow<F, R>[]) => void;
    /** Inside the transaction, after every row was accepted, before the commit (the summary audit event). */
    after?: (ctx: ServiceContext, rows: ReplayedRow<F, R>[]) => void;
    onProgress?: ReplayProgress;
  },
): Promise<{ rows: ReplayedRow<F, R>[]; committed: boolean }> {
  return onSnapshot(ctx, async (c) => {
    const result = await replayIn(c, rows, replayRow, options);
    return { value: result, keep: result.committed };
  });
}

async function replayIn<F extends string, T, R>(
  ctx: ServiceContext,
  rows: readonly ParsedCsvRow<F, T>[],
  replayRow: (ctx: ServiceContext, input: T) => R,
  options: Parameters<typeof replayRows<F, T, R>>[3],
): Promise<{ rows: ReplayedRow<F, R>[]; committed: boolean }> {
  const parsed = rows.map((r) => ({ ...r, errors: { ...r.errors } }));
  const out: ReplayedRow<F, R>[] = [];
  // On a copy only: on the real database, other requests would run inside this transaction.
  const mayYield = isSnapshot(ctx.db);
  const client = ctx.db.$client;
  let committed = false;
  options.onProgress?.(0, parsed.length);
  client.exec("BEGIN IMMEDIATE");
  try {
    options.before?.(ctx, parsed);
    out.push(...parsed.map((r) => ({ line: r.line, values: r.values, errors: r.errors, outcome: null as R | null })));
    for (const [i, row] of parsed.entries()) {
      if (row.input && Object.keys(row.errors).length === 0) {
        try {
          // A savepoint per row (a transaction inside the open one): a refused row leaves nothing behind.
          out[i]!.outcome = ctx.db.transaction(() => replayRow(ctx, row.input!));
        } catch (e) {
          if (e instanceof RowRefusal) out[i]!.errors[e.field] = e.error;
          else if (isAppError(e)) out[i]!.errors._row = { key: e.messageKey, values: e.values };
          else throw e;
        }
      }
      options.onProgress?.(i + 1, parsed.length);
      if (mayYield) await yieldToEventLoop();
    }
    options.finish?.(ctx, out);
    const failed = out.some((r) => Object.keys(r.errors).length > 0);
    if (options.commit && !failed) {
      options.after?.(ctx, out);
      client.exec("COMMIT");
      committed = true;
    } else {
      client.exec("ROLLBACK");
    }
  } finally {
    if (client.inTransaction) client.exec("ROLLBACK");
  }
  return { rows: out, committed };
}
