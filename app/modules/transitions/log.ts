import { sql, type SQL } from "drizzle-orm";
import type { EffectRecord } from "#db/schema/transitions";
import type { TransitionEvent } from "#machines/transition";

/** A stored entry of a transition's event log (original, correction or void). */
export interface LogEntry {
  seq: number;
  type: string;
  event: unknown;
  occurredOn: string;
  recordedAt: string;
  actorUserId: number | null;
  fromState: string;
  toState: string;
  supersedesSeq: number | null;
  reason: string | null;
  effects: EffectRecord[] | null;
}

/** The type of an entry that voids the entry it supersedes. */
export const VOID = "VOID";

/** An entry of the effective log: the current version of one fact, at the place of the fact it replaces. */
export interface EffectiveEntry {
  entry: LogEntry;
  event: TransitionEvent;
  /** The seq of the original entry whose place this one takes (its own seq for an original). */
  position: number;
}

/**
 * The effective log: every entry neither superseded by a later correction or void nor itself a
 * void, ordered by the position of the original it replaces. Replaying it gives the state.
 */
export function effectiveLog(entries: readonly LogEntry[]): EffectiveEntry[] {
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  const superseded = new Set(entries.filter((e) => e.supersedesSeq !== null).map((e) => e.supersedesSeq!));
  const root = (e: LogEntry): number => {
    let cur = e;
    while (cur.supersedesSeq !== null) cur = bySeq.get(cur.supersedesSeq)!;
    return cur.seq;
  };
  return entries
    .filter((e) => !superseded.has(e.seq) && e.type !== VOID)
    .map((e) => ({ entry: e, event: e.event as TransitionEvent, position: root(e) }))
    .sort((a, b) => a.position - b.position);
}

/** What became of an entry: in force, replaced by a correction (which one), or voided. */
export function entryStatus(
  entries: readonly LogEntry[],
  seq: number,
): { status: "effective" | "superseded" | "voided"; by: LogEntry | null } {
  const by = entries.find((e) => e.supersedesSeq === seq) ?? null;
  if (!by) return { status: "effective", by: null };
  return { status: by.type === VOID ? "voided" : "superseded", by };
}

/**
 * SQL: the `transition_events` row under `alias` is in force (no correction or void supersedes
 * it). With the type filters callers add (a VOID entry has its own type), it reads the effective
 * log in SQL; the indicators count only such entries.
 */
export function inForceSql(alias: string): SQL {
  if (!/^[a-z_]+$/.test(alias)) throw new Error(`bad alias ${alias}`);
  return sql.raw(
    `not exists (select 1 from transition_events s where s.transition_id = ${alias}.transition_id and s.supersedes_seq = ${alias}.seq)`,
  );
}
