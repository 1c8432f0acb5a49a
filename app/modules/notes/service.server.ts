import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { caseNotes, users } from "#db/schema";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { roleHasPermission } from "#app/utils/permissions";
import { preparedQueries } from "#app/utils/prepared.server";
import { iso } from "#app/utils/time";
import { auditByActor } from "#app/modules/audit/service.server";
import { assertNotAnonymised, findResident } from "#app/modules/residents/service.server";
import type { AddNoteInput, CorrectNoteInput } from "./schemas";

/**
 * Case notes (issue #15, decision 023): dated (the day it happened, never after today in the
 * institution's zone, never before the transition opened), authored, append-only. A correction
 * is a new note superseding the old one, with a reason; whoever may see the resident sees every
 * earlier text. Only a note's author corrects it (a colleague adds a note of their own).
 */

export interface NoteVersion {
  id: number;
  occurredOn: string;
  body: string;
  authorName: string | null;
  recordedAt: string;
  /** Why this version replaced the one before it (null for the original). */
  reason: string | null;
}

/** A note as it stands now, with every earlier version, oldest first. */
export interface CaseNoteView extends NoteVersion {
  /** The original note's id (its chain's identity). */
  rootId: number;
  authorId: number | null;
  /** When the note was first written. */
  firstRecordedAt: string;
  earlier: NoteVersion[];
}

/** A transition's notes with their authors, built once per connection (every resident page reads them). */
const noteRows = preparedQueries((db) =>
  db
    .select({
      id: caseNotes.id,
      occurredOn: caseNotes.occurredOn,
      body: caseNotes.body,
      authorId: caseNotes.authorId,
      authorName: users.name,
      recordedAt: caseNotes.recordedAt,
      supersedesId: caseNotes.supersedesId,
      reason: caseNotes.reason,
    })
    .from(caseNotes)
    .leftJoin(users, eq(users.id, caseNotes.authorId))
    .where(eq(caseNotes.transitionId, sql.placeholder("transitionId")))
    .orderBy(asc(caseNotes.id))
    .prepare(),
);

/** Every note of a transition, as it stands, with its earlier versions; by the day it happened. */
export function listNotes(db: DbOrTx, transitionId: number): CaseNoteView[] {
  const rows = noteRows(db).all({ transitionId });
  const bySupersedes = new Map(rows.filter((r) => r.supersedesId !== null).map((r) => [r.supersedesId!, r]));
  const version = (r: (typeof rows)[number]): NoteVersion => ({
    id: r.id,
    occurredOn: r.occurredOn,
    body: r.body,
    authorName: r.authorName,
    recordedAt: r.recordedAt,
    reason: r.reason,
  });
  return rows
    .filter((r) => r.supersedesId === null)
    .map((root) => {
      const chain = [root];
      for (let next = bySupersedes.get(root.id); next; next = bySupersedes.get(next.id)) chain.push(next);
      const current = chain.at(-1)!;
      return {
        ...version(current),
        rootId: root.id,
        authorId: root.authorId,
        firstRecordedAt: root.recordedAt,
        earlier: chain.slice(0, -1).map(version),
      };
    })
    .sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : a.rootId - b.rootId));
}

/** The notes of a resident the user may see (404 otherwise). */
export function notesOf(ctx: ServiceContext, residentId: number) {
  const { transition } = findResident(ctx, residentId);
  return listNotes(ctx.db, transition.id);
}

/** May the user correct this note: a case worker, its author. */
export function mayCorrect(ctx: ServiceContext, note: { authorId: number | null }) {
  return roleHasPermission(ctx.actor.role, "write:transitions") && note.authorId === ctx.actor.id;
}

function checkDate(on: string, c: { today: string; openedOn: string }) {
  if (on > c.today) throw new AppError("validation", "notes.errors.inFuture", { on: `d:${on}`, today: `d:${c.today}` });
  if (on < c.openedOn)
    throw new AppError("validation", "notes.errors.beforeOpening", { on: `d:${on}`, openedOn: `d:${c.openedOn}` });
}

export function addNote(ctx: ServiceContext, residentId: number, input: Omit<AddNoteInput, "intent">): number {
  findResident(ctx, residentId); // outside the transaction: a denial's audit must not roll back
  return ctx.db.transaction(
    (tx) => {
      const { transition, institution, resident } = findResident(ctx, residentId);
      assertNotAnonymised(resident);
      checkDate(input.occurredOn, { today: localDate(ctx.now, institution.timeZone), openedOn: transition.openedOn });
      const id = tx
        .insert(caseNotes)
        .values({
          transitionId: transition.id,
          occurredOn: input.occurredOn,
          body: input.body,
          authorId: ctx.actor.id,
          recordedAt: iso(ctx.now),
        })
        .returning({ id: caseNotes.id })
        .get().id;
      auditByActor(tx, ctx, {
        action: "case_note.created",
        entityType: "case_note",
        entityId: id,
        institutionId: resident.institutionId,
        residentId: resident.id,
        after: { transitionId: transition.id, occurredOn: input.occurredOn },
      });
      return id;
    },
    { behavior: "immediate" },
  );
}

/**
 * Corrects a note: a new version superseding the one the user saw (`noteId`, the current one).
 * Refused when someone corrected it meanwhile (the user then sees the current text), when the
 * user is not its author, or when nothing changed.
 */
export function correctNote(ctx: ServiceContext, residentId: number, input: Omit<CorrectNoteInput, "intent">): number {
  findResident(ctx, residentId);
  return ctx.db.transaction(
    (tx) => {
      const { transition, institution, resident } = findResident(ctx, residentId);
      const target = tx.select().from(caseNotes).where(eq(caseNotes.id, input.noteId)).get();
      if (!target || target.transitionId !== transition.id) throw new AppError("not_found", "errors.notFound.body");
      const note = listNotes(tx, transition.id).find(
        (n) => n.id === target.id || n.earlier.some((e) => e.id === target.id),
      )!;
      if (note.id !== target.id) throw new AppError("conflict", "notes.errors.alreadyCorrected");
      if (!mayCorrect(ctx, note))
        throw new AppError("validation", "notes.errors.notAuthor", {
          author: note.earlier[0]?.authorName ?? note.authorName ?? "—",
        });
      if (input.body === target.body && input.occurredOn === target.occurredOn)
        throw new AppError("validation", "notes.errors.unchanged");
      checkDate(input.occurredOn, { today: localDate(ctx.now, institution.timeZone), openedOn: transition.openedOn });
      const id = tx
        .insert(caseNotes)
        .values({
          transitionId: transition.id,
          occurredOn: input.occurredOn,
          body: input.body,
          authorId: ctx.actor.id,
          recordedAt: iso(ctx.now),
          supersedesId: target.id,
          reason: input.reason,
        })
        .returning({ id: caseNotes.id })
        .get().id;
      auditByActor(tx, ctx, {
        action: "case_note.corrected",
        entityType: "case_note",
        entityId: id,
        institutionId: resident.institutionId,
        residentId: resident.id,
        before: { id: target.id, occurredOn: target.occurredOn },
        after: {
          transitionId: transition.id,
          supersedesId: target.id,
          occurredOn: input.occurredOn,
          reason: input.reason,
        },
      });
      return id;
    },
    { behavior: "immediate" },
  );
}
