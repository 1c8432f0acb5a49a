import { and, asc, eq, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { documents, transitionEvents, users, wgMeetings, type DocumentKind } from "#db/schema";
import { alias } from "drizzle-orm/sqlite-core";
import { COUNTRY_TIME_ZONE } from "#db/schema/enums";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { preparedQueries } from "#app/utils/prepared.server";
import { iso } from "#app/utils/time";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor, denyAccess, recordRead } from "#app/modules/audit/service.server";
import { findPlan } from "#app/modules/plans/service.server";
import { assertNotAnonymised, findResident, viewResident } from "#app/modules/residents/service.server";
import { effectiveLog, VOID } from "#app/modules/transitions/log";
import { loadLog } from "#app/modules/transitions/service.server";
import { checkDocumentFile } from "./file-check.server";

/** Whose document it is: a resident (optionally one step of their transition) or a working group's meeting. */
type Owner = { residentId: number } | { meetingId: number };

interface Where {
  owner: Owner;
  /** The institution a resident's document belongs to (the audit log's scope); null for a meeting's. */
  institutionId: number | null;
  /** Today in the owner's time zone: a document's date may not be later. */
  today: string;
}

const remover = alias(users, "remover");

/** A document's description (never its bytes), with who uploaded and who removed it. */
function documentList(db: DbOrTx, ownerIs: SQL | undefined) {
  return db
    .select({
      id: documents.id,
      kind: documents.kind,
      documentOn: documents.documentOn,
      validUntil: documents.validUntil,
      fileName: documents.fileName,
      contentType: documents.contentType,
      sizeBytes: documents.sizeBytes,
      sha256: documents.sha256,
      uploadedAt: documents.uploadedAt,
      uploadedByName: users.name,
      removedAt: documents.removedAt,
      removedByName: remover.name,
      removalReason: documents.removalReason,
      version: documents.version,
      step: { seq: transitionEvents.seq, type: transitionEvents.type, on: transitionEvents.occurredOn },
    })
    .from(documents)
    .innerJoin(users, eq(users.id, documents.uploadedBy))
    .leftJoin(remover, eq(remover.id, documents.removedBy))
    .leftJoin(transitionEvents, eq(transitionEvents.id, documents.transitionEventId))
    .where(ownerIs)
    .orderBy(asc(documents.documentOn), asc(documents.id))
    .prepare();
}

/** A resident's or a meeting's documents, built once per connection (every resident page reads them). */
const lists = preparedQueries((db) => ({
  resident: documentList(db, eq(documents.residentId, sql.placeholder("ownerId"))),
  meeting: documentList(db, eq(documents.meetingId, sql.placeholder("ownerId"))),
}));

function listFor(db: DbOrTx, owner: Owner) {
  const q = lists(db);
  const rows =
    "residentId" in owner ? q.resident.all({ ownerId: owner.residentId }) : q.meeting.all({ ownerId: owner.meetingId });
  return rows.map((d) => ({ ...d, step: d.step?.seq != null ? d.step : null }));
}
export type DocumentItem = ReturnType<typeof listFor>[number];

/** A resident's documents (the caller has checked the resident is the user's to see). */
export function listResidentDocuments(ctx: ServiceContext, residentId: number) {
  return listFor(ctx.db, { residentId });
}

/** The steps of a transition a document may be attached to: the entries of its log in force. */
function stepsOf(db: DbOrTx, transitionId: number) {
  return effectiveLog(loadLog(db, transitionId)).map(({ entry }) => ({
    seq: entry.seq,
    type: entry.type,
    on: entry.occurredOn,
  }));
}

/** The resident's documents page: the list, the steps to attach to, today (opening it is audited). */
export function residentDocumentsPage(ctx: ServiceContext, residentId: number) {
  const { resident, transition, institution } = viewResident(ctx, residentId);
  return {
    resident: { id: resident.id, name: `${resident.firstName} ${resident.lastName}` },
    documents: listFor(ctx.db, { residentId }),
    steps: stepsOf(ctx.db, transition.id),
    today: localDate(ctx.now, institution.timeZone),
    timeZone: institution.timeZone,
  };
}

function residentWhere(ctx: ServiceContext, residentId: number) {
  const row = findResident(ctx, residentId); // 404 (audited) out of scope
  return {
    row,
    where: {
      owner: { residentId },
      institutionId: row.resident.institutionId,
      today: localDate(ctx.now, row.institution.timeZone),
    } satisfies Where,
  };
}

/** A meeting of a plan the user may see, or not found. */
function findMeeting(ctx: ServiceContext, planId: number, meetingId: number) {
  const { plan, country } = findPlan(ctx, planId);
  const meeting = ctx.db
    .select()
    .from(wgMeetings)
    .where(and(eq(wgMeetings.id, meetingId), eq(wgMeetings.planId, planId)))
    .get();
  if (!meeting) denyAccess(ctx, "wg_meeting", meetingId);
  const timeZone = COUNTRY_TIME_ZONE[country];
  return {
    plan,
    meeting,
    timeZone,
    where: { owner: { meetingId }, institutionId: null, today: localDate(ctx.now, timeZone) } satisfies Where,
  };
}

/** A meeting's documents page. */
export function meetingDocumentsPage(ctx: ServiceContext, planId: number, meetingId: number) {
  const { plan, meeting, timeZone, where } = findMeeting(ctx, planId, meetingId);
  return {
    plan: { id: plan.id, title: plan.title },
    meeting: { id: meeting.id, heldOn: meeting.heldOn },
    documents: listFor(ctx.db, where.owner),
    today: where.today,
    timeZone,
  };
}

/** How many documents (not removed) each meeting of a plan has; the caller has checked the plan is the user's to see. */
export function meetingDocumentCounts(db: DbOrTx, planId: number): Record<number, number> {
  const rows = db
    .select({ meetingId: documents.meetingId })
    .from(documents)
    .innerJoin(wgMeetings, eq(wgMeetings.id, documents.meetingId))
    .where(and(eq(wgMeetings.planId, planId), isNull(documents.removedAt)))
    .all();
  const out: Record<number, number> = {};
  for (const r of rows) out[r.meetingId!] = (out[r.meetingId!] ?? 0) + 1;
  return out;
}

function checkDocumentDate(documentOn: string, today: string, notBefore?: { on: string; key: string }) {
  if (documentOn > today) {
    throw new AppError(
      "validation",
      "documents.errors.dateInFuture",
      { on: `d:${documentOn}`, today: `d:${today}` },
      { field: "documentOn" },
    );
  }
  if (documentOn < "1900-01-01")
    throw new AppError("validation", "validation.date", undefined, { field: "documentOn" });
  if (notBefore && documentOn < notBefore.on) {
    throw new AppError(
      "validation",
      notBefore.key,
      { on: `d:${documentOn}`, earlier: `d:${notBefore.on}` },
      { field: "documentOn" },
    );
  }
}

async function store(
  ctx: ServiceContext,
  where: Where,
  input: {
    kind: DocumentKind;
    documentOn: string;
    validUntil?: string | null;
    transitionId?: number;
    stepSeq?: number | null;
  },
  file: unknown,
): Promise<number> {
  // Every check before anything is written: a refusal stores nothing.
  const checked = await checkDocumentFile(file);
  return ctx.db.transaction(
    (tx) => {
      let transitionEventId: number | null = null;
      if (input.stepSeq != null && input.transitionId != null) {
        const step = tx
          .select({ id: transitionEvents.id })
          .from(transitionEvents)
          .where(
            and(
              eq(transitionEvents.transitionId, input.transitionId),
              eq(transitionEvents.seq, input.stepSeq),
              ne(transitionEvents.type, VOID),
            ),
          )
          .get();
        if (!step) throw new AppError("validation", "documents.errors.unknownStep", undefined, { field: "stepSeq" });
        transitionEventId = step.id;
      }
      const values = {
        residentId: "residentId" in where.owner ? where.owner.residentId : null,
        meetingId: "meetingId" in where.owner ? where.owner.meetingId : null,
        transitionEventId,
        kind: input.kind,
        documentOn: input.documentOn,
        validUntil: input.validUntil ?? null,
        fileName: checked.fileName,
        contentType: checked.contentType,
        sizeBytes: checked.bytes.byteLength,
        sha256: checked.sha256,
        uploadedBy: ctx.actor.id,
        uploadedAt: iso(ctx.now),
      };
      const id = tx
        .insert(documents)
        .values({ ...values, content: checked.bytes })
        .returning({ id: documents.id })
        .get().id;
      auditByActor(tx, ctx, {
        action: "document.uploaded",
        entityType: "document",
        entityId: id,
        institutionId: where.institutionId,
        residentId: residentOfOwner(where.owner),
        after: values,
      });
      return id;
    },
    { behavior: "immediate" },
  );
}

/** Uploads a resident's document (the consent, the court decision on legal capacity, the referral), optionally to one step. */
export async function uploadResidentDocument(
  ctx: ServiceContext,
  residentId: number,
  input: { kind: DocumentKind; documentOn: string; stepSeq: number | null; validUntil?: string | null },
  file: unknown,
): Promise<number> {
  const { row, where } = residentWhere(ctx, residentId);
  assertNotAnonymised(row.resident);
  checkDocumentDate(input.documentOn, where.today);
  checkValidUntil(input);
  return store(ctx, where, { ...input, transitionId: row.transition.id }, file);
}

/**
 * "Valid until" belongs to a referral decision only (decision 047) and is not before the date on
 * the document; a day already past is allowed (a referral uploaded late, or one that lapsed).
 */
function checkValidUntil(input: { kind: DocumentKind; documentOn: string; validUntil?: string | null }) {
  if (!input.validUntil) return;
  if (input.kind !== "referral_decision")
    throw new AppError("validation", "documents.errors.validUntilOnlyReferral", undefined, { field: "validUntil" });
  if (input.validUntil < input.documentOn)
    throw new AppError(
      "validation",
      "documents.errors.validUntilBeforeDocument",
      { on: `d:${input.validUntil}`, earlier: `d:${input.documentOn}` },
      { field: "validUntil" },
    );
}

/** Uploads a meeting's minutes: dated on or after the meeting. */
export async function uploadMeetingDocument(
  ctx: ServiceContext,
  planId: number,
  meetingId: number,
  input: { kind: DocumentKind; documentOn: string },
  file: unknown,
) {
  const { meeting, where } = findMeeting(ctx, planId, meetingId);
  if (!meeting.held) throw new AppError("validation", "documents.errors.meetingNotHeld");
  checkDocumentDate(input.documentOn, where.today, {
    on: meeting.heldOn,
    key: "documents.errors.minutesBeforeMeeting",
  });
  return store(ctx, where, input, file);
}

function remove(ctx: ServiceContext, where: Where, input: { documentId: number; reason: string; version: number }) {
  ctx.db.transaction(
    (tx) => {
      const doc = ownDocument(tx, where.owner, input.documentId);
      if (!doc) throw new AppError("not_found", "errors.notFound.body");
      if (doc.removedAt) throw new AppError("validation", "documents.errors.alreadyRemoved");
      const set = { content: null, removedAt: iso(ctx.now), removedBy: ctx.actor.id, removalReason: input.reason };
      updateVersioned(tx, documents, doc.id, input.version, set);
      auditByActor(tx, ctx, {
        action: "document.removed",
        entityType: "document",
        entityId: doc.id,
        institutionId: where.institutionId,
        residentId: residentOfOwner(where.owner),
        before: {
          kind: doc.kind,
          documentOn: doc.documentOn,
          fileName: doc.fileName,
          sha256: doc.sha256,
          sizeBytes: doc.sizeBytes,
        },
        after: { removedAt: set.removedAt, reason: input.reason },
      });
    },
    { behavior: "immediate" },
  );
}

export function removeResidentDocument(
  ctx: ServiceContext,
  residentId: number,
  input: { documentId: number; reason: string; version: number },
) {
  remove(ctx, residentWhere(ctx, residentId).where, input);
}

export function removeMeetingDocument(
  ctx: ServiceContext,
  planId: number,
  meetingId: number,
  input: { documentId: number; reason: string; version: number },
) {
  remove(ctx, findMeeting(ctx, planId, meetingId).where, input);
}

/** The resident a document belongs to (null for a meeting's minutes). */
const residentOfOwner = (owner: Owner) => ("residentId" in owner ? owner.residentId : null);

function ownDocument(db: DbOrTx, owner: Owner, documentId: number) {
  const ownerIs =
    "residentId" in owner ? eq(documents.residentId, owner.residentId) : eq(documents.meetingId, owner.meetingId);
  return db
    .select()
    .from(documents)
    .where(and(eq(documents.id, documentId), ownerIs))
    .get();
}

/** A document's bytes for a download, recorded in the audit log as a read of personal data. */
function open(ctx: ServiceContext, where: Where, documentId: number) {
  const doc = ownDocument(ctx.db, where.owner, documentId);
  if (!doc || !doc.content) denyAccess(ctx, "document", documentId);
  const residentId = residentOfOwner(where.owner);
  const read = { action: "document.downloaded", entityType: "document", entityId: doc.id };
  if (residentId != null && where.institutionId != null)
    recordRead(ctx, { ...read, residentId, institutionId: where.institutionId });
  else auditByActor(ctx.db, ctx, { ...read, institutionId: where.institutionId });
  return { bytes: doc.content, fileName: doc.fileName, contentType: doc.contentType };
}

export function openResidentDocument(ctx: ServiceContext, residentId: number, documentId: number) {
  return open(ctx, residentWhere(ctx, residentId).where, documentId);
}

export function openMeetingDocument(ctx: ServiceContext, planId: number, meetingId: number, documentId: number) {
  return open(ctx, findMeeting(ctx, planId, meetingId).where, documentId);
}
