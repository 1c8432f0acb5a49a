import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, documents, placements } from "#db/schema";
import { countTasks, listTasks, taskCountSql } from "#app/modules/caseload/tasks.server";
import { removeResidentDocument, uploadResidentDocument } from "#app/modules/documents/service.server";
import { residentUploadSchema } from "#app/modules/documents/schemas";
import { findResident } from "#app/modules/residents/service.server";
import { cancelReservation, reservePlace, setReservationExpiry } from "#app/modules/transitions/records.server";
import { applyEvent, history } from "#app/modules/transitions/service.server";
import { isAppError } from "#app/utils/errors";
import { caseWorld, day, newResident, type CaseWorld } from "#tests/factories/case-world";
import { contextFor } from "#tests/factories";
import { fileOf, samplePdf } from "#tests/factories/documents";
import { toPreparation as toPreparationOf } from "#tests/factories/moved-resident";

/** Decision 047: a reservation's "held until", a referral's "valid until", and the tasks they make. */
const version = (w: CaseWorld, id: number) => findResident(contextFor(w.db, w.admin), id).transition.version;
const send = (w: CaseWorld, id: number, type: Parameters<typeof applyEvent>[2]["type"], on: string) =>
  applyEvent(contextFor(w.db, w.worker, day(on)), id, { type, on, version: version(w, id) });

/** Takes a resident to the preparation of the move (the shared factory, decision 047's tests). */
const toPreparation = (w: CaseWorld, id: number) => toPreparationOf(w.db, w, id);

const placementOf = (w: CaseWorld, residentId: number) => {
  const t = findResident(contextFor(w.db, w.admin), residentId).transition;
  return w.db.select().from(placements).where(eq(placements.transitionId, t.id)).all().at(-1)!;
};

/** The refusal a call throws: its label, message key and values. */
function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return { label: e.label, key: e.messageKey, values: e.values, field: e.field };
    throw e;
  }
  throw new Error("not refused");
}

const tasksOn = (w: CaseWorld, d: string, kind: string) =>
  listTasks(contextFor(w.db, w.worker, day(d)))
    .filter((t) => t.kind === kind)
    .map((t) => [t.residentId, t.dueOn, t.overdue, t.href]);

describe("a reservation's held-until date", () => {
  it("is set when reserving; the task comes 7 days before, is overdue after, and the count equals the list", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    toPreparation(w, id);
    reservePlace(contextFor(w.db, w.worker, day("2026-03-01")), id, {
      housingUnitId: w.unitId,
      reservedOn: "2026-03-01",
      plannedMoveOn: null,
      expiresOn: "2026-03-31",
    });
    expect(placementOf(w, id).expiresOn).toBe("2026-03-31");
    const href = `/residents/${id}#reservation-expiry`;
    expect(tasksOn(w, "2026-03-23", "reservation_expiry")).toEqual([]);
    expect(tasksOn(w, "2026-03-24", "reservation_expiry")).toEqual([[id, "2026-03-31", false, href]]);
    expect(tasksOn(w, "2026-03-31", "reservation_expiry")).toEqual([[id, "2026-03-31", false, href]]);
    // Past it, the place is still held (decision 047) and the task is overdue.
    expect(tasksOn(w, "2026-04-01", "reservation_expiry")).toEqual([[id, "2026-03-31", true, href]]);
    expect(placementOf(w, id).status).toBe("reserved");
    for (const d of ["2026-03-23", "2026-03-24", "2026-04-01"]) {
      const ctx = contextFor(w.db, w.worker, day(d));
      expect(countTasks(ctx)).toBe(listTasks(ctx).length);
    }
    // Not another worker's task.
    expect(
      listTasks(contextFor(w.db, w.second, day("2026-04-01"))).filter((t) => t.kind === "reservation_expiry"),
    ).toEqual([]);

    // Extending it ends the task; the change is audited with both dates and shown in the history.
    const p = placementOf(w, id);
    setReservationExpiry(contextFor(w.db, w.worker, day("2026-04-01")), id, {
      placementId: p.id,
      expiresOn: "2026-05-31",
      version: p.version,
    });
    expect(tasksOn(w, "2026-04-01", "reservation_expiry")).toEqual([]);
    expect(tasksOn(w, "2026-05-24", "reservation_expiry")).toEqual([[id, "2026-05-31", false, href]]);
    const audit = w.db.select().from(auditEvents).where(eq(auditEvents.action, "placement.expiry_set")).get()!;
    expect([audit.before, audit.after]).toEqual([{ expiresOn: "2026-03-31" }, { expiresOn: "2026-05-31" }]);
    const t = findResident(contextFor(w.db, w.admin), id).transition;
    expect(
      history(contextFor(w.db, w.worker, day("2026-04-01")), t).some(
        (i) => i.kind === "fact" && i.action === "placement.expiry_set" && i.on === "2026-04-01",
      ),
    ).toBe(true);

    // Cleared: no end date, no task. Cancelled: no task either.
    setReservationExpiry(contextFor(w.db, w.worker, day("2026-04-01")), id, {
      placementId: p.id,
      expiresOn: "2026-04-02",
      version: p.version + 1,
    });
    expect(tasksOn(w, "2026-04-01", "reservation_expiry")).toHaveLength(1);
    cancelReservation(contextFor(w.db, w.worker, day("2026-04-01")), id, { placementId: p.id, version: p.version + 2 });
    expect(tasksOn(w, "2026-04-10", "reservation_expiry")).toEqual([]);
  });

  it("refuses a date before the reservation (naming both), a stale version, a place no longer reserved, and another institution's worker", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    toPreparation(w, id);
    const ctx = contextFor(w.db, w.worker, day("2026-03-01"));
    expect(
      refusal(() =>
        reservePlace(ctx, id, {
          housingUnitId: w.unitId,
          reservedOn: "2026-03-01",
          plannedMoveOn: null,
          expiresOn: "2026-02-28",
        }),
      ),
    ).toEqual({
      label: "validation",
      key: "transitions.errors.expiryBeforeReservation",
      values: { on: "d:2026-02-28", earlier: "d:2026-03-01" },
      field: "expiresOn",
    });
    expect(placementOf(w, id)).toBeUndefined();
    reservePlace(ctx, id, { housingUnitId: w.unitId, reservedOn: "2026-03-01", plannedMoveOn: null });
    const p = placementOf(w, id);
    expect(p.expiresOn).toBeNull();
    const audits = () => w.db.select().from(auditEvents).where(eq(auditEvents.action, "placement.expiry_set")).all();

    expect(
      refusal(() => setReservationExpiry(ctx, id, { placementId: p.id, expiresOn: "2026-02-01", version: p.version }))
        .values,
    ).toEqual({ on: "d:2026-02-01", earlier: "d:2026-03-01" });
    expect(
      refusal(() => setReservationExpiry(ctx, id, { placementId: p.id, expiresOn: "2026-04-01", version: 99 })).label,
    ).toBe("conflict");
    const strangerCtx = contextFor(w.db, w.stranger, day("2026-03-01"));
    expect(
      refusal(() =>
        setReservationExpiry(strangerCtx, id, { placementId: p.id, expiresOn: "2026-04-01", version: p.version }),
      ).label,
    ).toBe("not_found");
    expect(audits()).toEqual([]);
    expect(placementOf(w, id).expiresOn).toBeNull();

    cancelReservation(ctx, id, { placementId: p.id, version: p.version });
    expect(
      refusal(() =>
        setReservationExpiry(ctx, id, { placementId: p.id, expiresOn: "2026-04-01", version: p.version + 1 }),
      ).key,
    ).toBe("transitions.errors.notReserved");
    expect(audits()).toEqual([]);
  });
});

async function referral(w: CaseWorld, id: number, on: string, validUntil: string | null, today = on) {
  return uploadResidentDocument(
    contextFor(w.db, w.worker, day(today)),
    id,
    { kind: "referral_decision", documentOn: on, stepSeq: null, validUntil },
    fileOf(await samplePdf("Skierowanie"), "skierowanie.pdf", "application/pdf"),
  );
}

describe("a referral decision's valid-until date", () => {
  it("makes a task 30 days before, overdue after; a newer referral, a removal or the move ends it", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    const docId = await referral(w, id, "2026-01-10", "2026-06-30");
    expect(w.db.select().from(documents).where(eq(documents.id, docId)).get()!.validUntil).toBe("2026-06-30");
    const href = `/residents/${id}/documents#upload`;
    expect(tasksOn(w, "2026-05-30", "referral_expiry")).toEqual([]);
    expect(tasksOn(w, "2026-05-31", "referral_expiry")).toEqual([[id, "2026-06-30", false, href]]);
    expect(tasksOn(w, "2026-07-01", "referral_expiry")).toEqual([[id, "2026-06-30", true, href]]);
    const ctx = contextFor(w.db, w.worker, day("2026-07-01"));
    expect(countTasks(ctx)).toBe(listTasks(ctx).length);

    // A newer referral is the one in force: with no end date, no task.
    const newer = await referral(w, id, "2026-06-20", null, "2026-07-01");
    expect(tasksOn(w, "2026-07-01", "referral_expiry")).toEqual([]);
    // Removed, the older one is in force again.
    removeResidentDocument(contextFor(w.db, w.worker, day("2026-07-01")), id, {
      documentId: newer,
      reason: "Wrong person",
      version: 1,
    });
    expect(tasksOn(w, "2026-07-01", "referral_expiry")).toHaveLength(1);
    removeResidentDocument(contextFor(w.db, w.worker, day("2026-07-01")), id, {
      documentId: docId,
      reason: "Duplicate",
      version: 1,
    });
    expect(tasksOn(w, "2026-07-01", "referral_expiry")).toEqual([]);
  });

  it("is no task once the resident has moved", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    toPreparation(w, id);
    await referral(w, id, "2026-02-06", "2026-03-20");
    reservePlace(contextFor(w.db, w.worker, day("2026-02-10")), id, {
      housingUnitId: w.unitId,
      reservedOn: "2026-02-10",
      plannedMoveOn: "2026-03-03",
    });
    expect(tasksOn(w, "2026-03-01", "referral_expiry")).toHaveLength(1);
    send(w, id, "START_MOVE", "2026-02-20");
    send(w, id, "RECORD_MOVE", "2026-03-03");
    expect(tasksOn(w, "2026-03-10", "referral_expiry")).toEqual([]);
  });

  it("is refused on another kind of document and before the document's date, in words; the form's schema agrees", async () => {
    const w = await caseWorld();
    const id = newResident(w, "2026-01-02");
    const pdf = fileOf(await samplePdf("Zgoda"), "zgoda.pdf", "application/pdf");
    const ctx = contextFor(w.db, w.worker, day("2026-02-01"));
    await expect(
      uploadResidentDocument(
        ctx,
        id,
        { kind: "consent", documentOn: "2026-01-10", stepSeq: null, validUntil: "2026-06-30" },
        pdf,
      ),
    ).rejects.toMatchObject({ messageKey: "documents.errors.validUntilOnlyReferral" });
    await expect(referral(w, id, "2026-01-10", "2026-01-09", "2026-02-01")).rejects.toMatchObject({
      messageKey: "documents.errors.validUntilBeforeDocument",
      values: { on: "d:2026-01-09", earlier: "d:2026-01-10" },
    });
    expect(w.db.select().from(documents).all()).toEqual([]);
    const parsed = residentUploadSchema.safeParse({
      intent: "upload",
      kind: "consent",
      documentOn: "2026-01-10",
      stepSeq: "",
      validUntil: "2026-06-30",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toBe("documents.errors.validUntilOnlyReferral");
    // The database refuses it too (decision 047's triggers).
    const docId = await referral(w, id, "2026-01-10", "2026-06-30", "2026-02-01");
    const refusedByDb = (q: ReturnType<typeof sql>) => {
      try {
        w.db.run(q);
      } catch (e) {
        return String((e as { cause?: unknown }).cause ?? e);
      }
      return "written";
    };
    expect(refusedByDb(sql`update documents set kind = 'consent' where id = ${docId}`)).toMatch(/valid_until/);
    expect(refusedByDb(sql`update documents set valid_until = '2026-01-01' where id = ${docId}`)).toMatch(
      /valid_until/,
    );
  });
});

describe("the task query", () => {
  it("stays index-driven: no full scan of placements or documents", async () => {
    const w = await caseWorld();
    const ctx = contextFor(w.db, w.worker, day("2026-04-01"));
    expect(countTasks(ctx)).toBe(0);
    const q = taskCountSql(ctx);
    const plan = w.db.$client
      .prepare(`explain query plan ${q.sql}`)
      .all(...q.params)
      .map((r) => (r as { detail: string }).detail);
    expect(plan.some((d) => /documents_referral_idx/.test(d))).toBe(true);
    expect(plan.filter((d) => /^SCAN (placements|documents)\b/.test(d))).toEqual([]);
  });
});
