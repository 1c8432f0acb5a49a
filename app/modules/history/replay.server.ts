import type { ServiceContext } from "../../utils/context.server";
import { isAppError } from "../../utils/errors";
import type { FieldError, FieldErrors } from "../../utils/issues";
import type { ParsedCsvRow } from "../csv/import.server";

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
  constructor(readonly field: string, readonly error: FieldError) {
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

const ROLLBACK = Symbol("rollback");

/**
 * Replays every row that parsed without errors, in file order. `replayRow` enters one row
 * through the services and returns what it made; it throws a RowRefusal (or a service's
 * AppError, which becomes an error of the whole row) to refuse it. Only when `commit` is true
 * and no row has an error is anything kept.
 */
export function replayRows<F extends string, T, R>(
  ctx: ServiceContext,
  rows: readonly ParsedCsvRow<F, T>[],
  replayRow: (ctx: ServiceContext, input: T) => R,
  options: {
    commit: boolean;
    /** Inside the transaction, before any row: checks against the database (e.g. people already registered). */
    before?: (rows: ParsedCsvRow<F, T>[]) => void;
    /**
     * Inside the transaction, after the rows: what spans several rows (a support session several
     * people attended). It may add errors to rows (then nothing is committed).
     */
    finish?: (rows: ReplayedRow<F, R>[]) => void;
    /** Inside the transaction, after every row was accepted, before the commit (the summary audit event). */
    after?: (rows: ReplayedRow<F, R>[]) => void;
  }
): { rows: ReplayedRow<F, R>[]; committed: boolean } {
  const parsed = rows.map((r) => ({ ...r, errors: { ...r.errors } }));
  const out: ReplayedRow<F, R>[] = [];
  let committed = false;
  try {
    ctx.db.transaction(
      () => {
        options.before?.(parsed);
        out.push(...parsed.map((r) => ({ line: r.line, values: r.values, errors: r.errors, outcome: null as R | null })));
        parsed.forEach((row, i) => {
          if (!row.input || Object.keys(row.errors).length > 0) return;
          try {
            // A savepoint per row: a refused row leaves nothing behind for the rows after it.
            out[i]!.outcome = ctx.db.transaction(() => replayRow(ctx, row.input!));
          } catch (e) {
            if (e instanceof RowRefusal) out[i]!.errors[e.field] = e.error;
            else if (isAppError(e)) out[i]!.errors._row = { key: e.messageKey, values: e.values };
            else throw e;
          }
        });
        options.finish?.(out);
        const failed = out.some((r) => Object.keys(r.errors).length > 0);
        if (!options.commit || failed) throw ROLLBACK;
        options.after?.(out);
        committed = true;
      },
      { behavior: "immediate" }
    );
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return { rows: out, committed };
}
