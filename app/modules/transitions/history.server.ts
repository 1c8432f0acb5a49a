import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  auditEvents,
  communityServices,
  consents,
  documents,
  transitionEvents,
  type DocumentKind,
  followUpVisits,
  needsAssessments,
  placements,
  transitionPlans,
  users,
} from "#db/schema";
import { replayLog, type TransitionEvent } from "#machines/transition";
import type { ServiceContext } from "#app/utils/context.server";
import { preparedQueries } from "#app/utils/prepared.server";
import { effectiveLog, entryStatus, VOID, type LogEntry } from "./log";
import { listNotes, type CaseNoteView } from "#app/modules/notes/service.server";

/** The records of a transition whose facts the history lists, by their audit entity type. */
const RECORD_TABLES = {
  needs_assessment: needsAssessments,
  transition_plan: transitionPlans,
  consent: consents,
  placement: placements,
  follow_up_visit: followUpVisits,
  community_service: communityServices,
} as const;

/** The date a recorded fact happened, read from its audited values. */
const FACT_DATE_FIELDS = [
  "openedOn",
  "completedOn",
  "writtenOn",
  "approvedOn",
  "givenOn",
  "withdrawnOn",
  "reservedOn",
  "visitedOn",
  "startOn",
  "endOn",
] as const;

export interface EventItem {
  kind: "event";
  seq: number;
  type: string;
  on: string;
  recordedAt: string;
  actorName: string | null;
  note: string | null;
  /** States around the step in the effective log (as replayed); null for an entry no longer in force. */
  fromState: string | null;
  toState: string | null;
  status: "effective" | "superseded" | "voided";
  /** For a correction or void: the entry it replaces, and why. */
  replaces: { seq: number; type: string; on: string; note: string | null } | null;
  reason: string | null;
  /** For an entry no longer in force: the seq of the entry that replaced it. */
  replacedBy: number | null;
}

export interface FactItem {
  kind: "fact";
  id: number;
  action: string;
  on: string | null;
  recordedAt: string;
  actorName: string | null;
  /** A date the record had before this change (a re-dated fact). */
  previousOn: string | null;
  /** Values of the fact's sentence (a key worker change: who handed over to whom). */
  values?: Record<string, string>;
}

/** A case note as it stands, with its earlier texts (decision 023). */
export interface NoteItem extends CaseNoteView {
  kind: "note";
}

/**
 * A document of the resident (decision 024), at the date on the document: its kind, who uploaded
 * it and when, the step it belongs to; a removed one says who removed it and why (its file is gone).
 */
export interface DocumentHistoryItem {
  kind: "document";
  id: number;
  documentKind: DocumentKind;
  on: string;
  /** A referral decision's "valid until" (decision 047). */
  validUntil: string | null;
  fileName: string;
  sizeBytes: number;
  recordedAt: string;
  actorName: string | null;
  step: { type: string; on: string } | null;
  removed: { at: string; by: string | null; reason: string | null } | null;
}

export type HistoryItem = EventItem | FactItem | NoteItem | DocumentHistoryItem;

const remover = alias(users, "history_remover");

/** The history's own reads, built once per connection (every resident page makes a history). */
const prepared = preparedQueries((db) => ({
  documents: db
    .select({
      id: documents.id,
      documentKind: documents.kind,
      on: documents.documentOn,
      validUntil: documents.validUntil,
      fileName: documents.fileName,
      sizeBytes: documents.sizeBytes,
      recordedAt: documents.uploadedAt,
      actorName: users.name,
      stepType: transitionEvents.type,
      stepOn: transitionEvents.occurredOn,
      removedAt: documents.removedAt,
      removedBy: remover.name,
      removalReason: documents.removalReason,
    })
    .from(documents)
    .innerJoin(users, eq(users.id, documents.uploadedBy))
    .leftJoin(remover, eq(remover.id, documents.removedBy))
    .leftJoin(transitionEvents, eq(transitionEvents.id, documents.transitionEventId))
    .where(eq(documents.residentId, sql.placeholder("residentId")))
    .orderBy(asc(documents.documentOn), asc(documents.id))
    .prepare(),
  userName: db
    .select({ name: users.name })
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare(),
  recordIds: Object.fromEntries(
    Object.entries(RECORD_TABLES).map(([entityType, table]) => [
      entityType,
      db
        .select({ id: table.id })
        .from(table)
        .where(eq(table.transitionId, sql.placeholder("transitionId")))
        .prepare(),
    ]),
  ),
}));

/** The resident's documents as history entries (descriptions only, never their bytes). */
function documentItems(ctx: ServiceContext, residentId: number): DocumentHistoryItem[] {
  return prepared(ctx.db)
    .documents.all({ residentId })
    .map((d) => ({
      kind: "document",
      id: d.id,
      documentKind: d.documentKind,
      on: d.on,
      validUntil: d.validUntil,
      fileName: d.fileName,
      sizeBytes: d.sizeBytes,
      recordedAt: d.recordedAt,
      actorName: d.actorName,
      step: d.stepType && d.stepOn ? { type: d.stepType, on: d.stepOn } : null,
      removed: d.removedAt ? { at: d.removedAt, by: d.removedBy, reason: d.removalReason } : null,
    }));
}

/** Audited changes of the transition itself that the history lists (not the workflow steps, which the log holds). */
const TRANSITION_FACTS = ["transition.key_worker_assigned"];

function factDate(values: unknown): string | null {
  if (!values || typeof values !== "object") return null;
  const v = values as Record<string, unknown>;
  for (const f of FACT_DATE_FIELDS) if (typeof v[f] === "string") return v[f] as string;
  return null;
}

/**
 * Every fact of a transition, in the order it happened: the workflow steps of the log (with
 * corrections and voids, what each replaced and why) and the facts recorded on its records
 * (assessment, plan and approval, consent, reservation, visits, services), the case notes and
 * the resident's documents, each with who recorded it and when.
 */
export function transitionHistory(
  ctx: ServiceContext,
  transition: { id: number; residentId: number },
  log: readonly LogEntry[],
  /** The transition's notes when the caller has read them already (the resident page shows them too). */
  caseNotes: readonly CaseNoteView[] = listNotes(ctx.db, transition.id),
): HistoryItem[] {
  const transitionId = transition.id;
  const q = prepared(ctx.db);
  const names = new Map<number, string>();
  const nameOf = (id: number | null) => {
    if (id === null) return null;
    if (!names.has(id)) names.set(id, q.userName.get({ id })?.name ?? "—");
    return names.get(id)!;
  };
  const effective = effectiveLog(log);
  const replayed = replayLog(effective.map((e) => e.event));
  const states = new Map<number, { from: string; to: string }>();
  if (replayed.ok)
    effective.forEach((e, i) => states.set(e.entry.seq, { from: replayed.steps[i]!.from, to: replayed.steps[i]!.to }));
  const bySeq = new Map(log.map((e) => [e.seq, e]));

  const events: EventItem[] = log.map((e) => {
    const { status, by } = entryStatus(log, e.seq);
    const replaced = e.supersedesSeq !== null ? bySeq.get(e.supersedesSeq)! : null;
    const ev = e.event as TransitionEvent;
    const s = states.get(e.seq);
    return {
      kind: "event",
      seq: e.seq,
      type: e.type,
      on: e.occurredOn,
      recordedAt: e.recordedAt,
      actorName: nameOf(e.actorUserId),
      note: e.type === VOID ? null : (ev.note ?? null),
      fromState: s?.from ?? (status === "effective" ? e.fromState : null),
      toState: s?.to ?? (status === "effective" ? e.toState : null),
      status: e.type === VOID ? "effective" : status,
      replaces: replaced
        ? {
            seq: replaced.seq,
            type: replaced.type,
            on: replaced.occurredOn,
            note: (replaced.event as TransitionEvent).note ?? null,
          }
        : null,
      reason: e.reason,
      replacedBy: by?.seq ?? null,
    };
  });

  const conditions = Object.keys(RECORD_TABLES).flatMap((entityType) => {
    const ids = q.recordIds[entityType]!.all({ transitionId }).map((r) => String(r.id));
    return ids.length > 0 ? [and(eq(auditEvents.entityType, entityType), inArray(auditEvents.entityId, ids))] : [];
  });
  // The opening: the registration of the resident opened the transition.
  conditions.push(
    and(
      eq(auditEvents.entityType, "resident"),
      eq(auditEvents.entityId, String(transition.residentId)),
      eq(auditEvents.action, "resident.created"),
    ),
  );
  conditions.push(
    and(
      eq(auditEvents.entityType, "transition"),
      eq(auditEvents.entityId, String(transitionId)),
      inArray(auditEvents.action, TRANSITION_FACTS),
    ),
  );
  const facts: FactItem[] = ctx.db
    .select()
    .from(auditEvents)
    .where(or(...conditions))
    .orderBy(asc(auditEvents.id))
    .all()
    .map((a): FactItem => {
      const item: FactItem = {
        kind: "fact",
        id: a.id,
        action: a.action,
        on: factDate(a.after),
        recordedAt: a.at,
        actorName: nameOf(a.actorUserId) ?? a.actorLabel,
        previousOn: factDate(a.before),
      };
      // A reservation's new "held until" (decision 047) is a change made that day, not a fact of that date.
      if (a.action === "placement.expiry_set") return { ...item, on: a.at.slice(0, 10), previousOn: null };
      if (a.action !== "transition.key_worker_assigned") return item;
      const name = (v: unknown) => (v as { name?: string | null } | null)?.name ?? "—";
      return { ...item, on: a.at.slice(0, 10), values: { from: name(a.before), to: name(a.after) } };
    });
  const notes: NoteItem[] = caseNotes.map((n) => ({ ...n, kind: "note" }));
  const docs = documentItems(ctx, transition.residentId);

  // A replaced entry and its corrections stand together, at the date now in force, oldest first.
  const finalOf = (seq: number): LogEntry => {
    let cur = bySeq.get(seq)!;
    for (
      let by = log.find((e) => e.supersedesSeq === cur.seq);
      by && by.type !== VOID;
      by = log.find((e) => e.supersedesSeq === cur.seq)
    )
      cur = by;
    return cur;
  };
  const rootOf = (seq: number): LogEntry => {
    let cur = bySeq.get(seq)!;
    while (cur.supersedesSeq !== null) cur = bySeq.get(cur.supersedesSeq)!;
    return cur;
  };
  const eventKey = (i: EventItem) => {
    const root = rootOf(i.seq);
    return `${finalOf(root.seq).occurredOn}|${root.recordedAt}|${String(i.seq).padStart(8, "0")}`;
  };
  const key = (i: HistoryItem) =>
    i.kind === "event"
      ? eventKey(i)
      : i.kind === "note"
        ? `${i.occurredOn}|${i.firstRecordedAt}|`
        : i.kind === "document"
          ? `${i.on}|${i.recordedAt}|`
          : `${i.on ?? i.recordedAt.slice(0, 10)}|${i.recordedAt}|`;
  return [...events, ...facts, ...notes, ...docs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
