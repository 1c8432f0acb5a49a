import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, serviceDeliveries } from "#db/schema";
import { correctHours, deliveriesOf, recordHours, removeHours } from "#app/modules/deliveries/service.server";
import { anonymiseResident } from "#app/modules/privacy/retention.server";
import { subjectAccessZip } from "#app/modules/privacy/subject-access.server";
import { residents } from "#db/schema";
import { findResident } from "#app/modules/residents/service.server";
import { endService } from "#app/modules/transitions/records.server";
import { applyEvent } from "#app/modules/transitions/service.server";
import { AppError } from "#app/utils/errors";
import { contextFor, createInstitution, createUser } from "#tests/factories";
import { residentWithService, trainingFlat } from "#tests/factories/moved-resident";
import { call, loadRoute, openAppDb, postRequest, signIn, type RouteModule } from "#tests/support/route-harness";

/**
 * Hours of a service delivered (issue #17 item 2, decision 048) on a real SQLite file: the dated
 * rules and their refusals in words, the 24-hour day, corrections and removals as new versions
 * (append-only, enforced by the database), the scope, and the online form's action in Polish.
 */
let db: Db;
let route: RouteModule;
const w = {} as {
  inst: number;
  unit: number;
  worker: number;
  second: number;
  stranger: number;
  admin: number;
  cookie: string;
};
const on = (d: string) => new Date(`${d}T10:00:00Z`);
const ctxOf = (user: number, d = "2026-04-20") => contextFor(db, user, on(d));
const entry = (deliveredOn: string, hours: number, note = "") => ({ deliveredOn, hours, note });

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("not refused");
}

beforeAll(async () => {
  db = await openAppDb();
  route = await loadRoute("_app.residents.$residentId.services_.$serviceId.tsx");
  w.inst = createInstitution(db, { name: "DPS Zielona" }).id;
  const other = createInstitution(db, { name: "DPS Obca" }).id;
  const worker = await createUser(db, { name: "Katarzyna", locale: "pl", institutionIds: [w.inst] });
  w.worker = worker.id;
  w.second = (await createUser(db, { name: "Piotr", institutionIds: [w.inst] })).id;
  w.stranger = (await createUser(db, { name: "Obcy", institutionIds: [other] })).id;
  w.admin = (await createUser(db, { name: "Admin", role: "admin" })).id;
  w.unit = trainingFlat(db, w.inst);
  w.cookie = await signIn(worker.email);
}, 60_000);

const fresh = () =>
  residentWithService(db, { institutionId: w.inst, unit: w.unit, worker: w.worker, second: w.second });

describe("recording hours delivered", () => {
  it("records entries, several a day, and totals them by month against hours per week", () => {
    const r = fresh();
    recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-04-14", 2, "Zakupy i sprzątanie"));
    recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-04-14", 1.5));
    recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-03-31", 3));
    const { entries, months } = deliveriesOf(ctxOf(w.worker), r.id, r.serviceId);
    expect(entries.map((e) => [e.deliveredOn, e.hours, e.note])).toEqual([
      ["2026-03-31", 3, null],
      ["2026-04-14", 2, "Zakupy i sprzątanie"],
      ["2026-04-14", 1.5, null],
    ]);
    // April up to the 20th: 20 days × 10 h / 7 = 28.6; March from the 10th: 22 days → 31.4.
    expect(months).toEqual([
      { month: "2026-04", delivered: 3.5, planned: 28.6 },
      { month: "2026-03", delivered: 3, planned: 31.4 },
    ]);
    const audits = db
      .select({ n: sql<number>`count(*)` })
      .from(auditEvents)
      .where(eq(auditEvents.action, "service_delivery.recorded"))
      .get()!.n;
    expect(audits).toBeGreaterThanOrEqual(3);
  });

  it("shows a month with nothing delivered as 0 against its planned hours (every month of the service)", () => {
    const r = fresh();
    recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-04-14", 2));
    const { months } = deliveriesOf(ctxOf(w.worker), r.id, r.serviceId);
    expect(months).toEqual([
      { month: "2026-04", delivered: 2, planned: 28.6 },
      { month: "2026-03", delivered: 0, planned: 31.4 },
    ]);
  });

  it("refuses, naming the dates: the future, before the move, before the start, after the end, over 24 h a day", () => {
    const r = fresh();
    const future = refusal(() => recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-04-21", 1)));
    expect(future).toMatchObject({
      messageKey: "transitions.errors.factInFuture",
      values: { on: "d:2026-04-21", today: "d:2026-04-20" },
      field: "deliveredOn",
    });
    expect(refusal(() => recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-03-02", 1)))).toMatchObject({
      messageKey: "hours.errors.beforeMove",
      values: { on: "d:2026-03-02", moveOn: "d:2026-03-03" },
    });
    expect(refusal(() => recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-03-09", 1)))).toMatchObject({
      messageKey: "hours.errors.beforeStart",
      values: { on: "d:2026-03-09", startOn: "d:2026-03-10" },
    });
    recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-04-01", 20));
    expect(refusal(() => recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-04-01", 4.25)))).toMatchObject({
      messageKey: "hours.errors.dayOver",
      values: { on: "d:2026-04-01", recorded: 20, hours: 4.25, max: 24 },
    });
    recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-04-01", 4)); // exactly 24
    endService(ctxOf(w.worker), r.id, { serviceId: r.serviceId, endOn: "2026-04-10", version: 1 });
    expect(refusal(() => recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-04-11", 1)))).toMatchObject({
      messageKey: "hours.errors.afterEnd",
      values: { on: "d:2026-04-11", endOn: "d:2026-04-10" },
    });
    recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-04-10", 1)); // the last day still counts
  });

  it("refuses on a closed transition and outside the user's institutions", () => {
    const r = fresh();
    const ctx = contextFor(db, w.worker, on("2026-04-02"));
    const version = findResident(ctx, r.id).transition.version;
    applyEvent(ctx, r.id, { type: "RECORD_DEATH", on: "2026-04-01", version });
    expect(refusal(() => recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-03-20", 1))).messageKey).toBe(
      "transitions.errors.closed",
    );
    const s = fresh();
    expect(refusal(() => recordHours(ctxOf(w.stranger), s.id, s.serviceId, entry("2026-04-01", 1))).label).toBe(
      "not_found",
    );
    // A service of another resident is not found through this one.
    expect(refusal(() => recordHours(ctxOf(w.worker), s.id, r.serviceId, entry("2026-04-01", 1))).label).toBe(
      "not_found",
    );
    expect(db.select().from(serviceDeliveries).where(eq(serviceDeliveries.serviceId, s.serviceId)).all()).toEqual([]);
  });
});

describe("corrections and removals", () => {
  it("a correction is a new version with its reason; the earlier one stays; a second correction of it is a conflict", () => {
    const r = fresh();
    const id = recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-04-14", 2));
    const fixed = correctHours(ctxOf(w.second), r.id, r.serviceId, {
      entryId: id,
      ...entry("2026-04-14", 2.5),
      reason: "Karta czasu pracy: 2,5 h",
    });
    expect(
      refusal(() =>
        correctHours(ctxOf(w.worker), r.id, r.serviceId, { entryId: id, ...entry("2026-04-14", 3), reason: "x" }),
      ),
    ).toMatchObject({ label: "conflict", messageKey: "hours.errors.alreadyCorrected" });
    const [e] = deliveriesOf(ctxOf(w.worker), r.id, r.serviceId).entries;
    expect(e).toMatchObject({ id: fixed, hours: 2.5, reason: "Karta czasu pracy: 2,5 h", recordedByName: "Piotr" });
    expect(e!.earlier.map((v) => v.hours)).toEqual([2]);
    // A correction is judged by the same rules; the entry itself is left out of its day's total.
    recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-04-14", 20));
    expect(
      refusal(() =>
        correctHours(ctxOf(w.worker), r.id, r.serviceId, { entryId: fixed, ...entry("2026-04-14", 4.5), reason: "x" }),
      ).messageKey,
    ).toBe("hours.errors.dayOver");
    correctHours(ctxOf(w.worker), r.id, r.serviceId, { entryId: fixed, ...entry("2026-04-14", 4), reason: "x" });
    expect(
      refusal(() =>
        correctHours(ctxOf(w.worker), r.id, r.serviceId, {
          entryId: deliveriesOf(ctxOf(w.worker), r.id, r.serviceId).entries[0]!.id,
          ...entry("2026-04-14", 4),
          reason: "x",
        }),
      ).messageKey,
    ).toBe("hours.errors.unchanged");
  });

  it("a removal keeps the entry visible and stops its hours counting; the table refuses UPDATE and DELETE", () => {
    const r = fresh();
    const id = recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-04-14", 2, "Pomyłka"));
    removeHours(ctxOf(w.worker), r.id, r.serviceId, { entryId: id, reason: "Wpisane do złej usługi" });
    const { entries, months } = deliveriesOf(ctxOf(w.worker), r.id, r.serviceId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ removed: true, reason: "Wpisane do złej usługi" });
    expect(months.find((m) => m.month === "2026-04")!.delivered).toBe(0);
    expect(() => db.update(serviceDeliveries).set({ hours: 9 }).where(eq(serviceDeliveries.id, id)).run()).toThrow(
      /append-only/,
    );
    expect(() => db.delete(serviceDeliveries).where(eq(serviceDeliveries.id, id)).run()).toThrow(/append-only/);
    expect(
      refusal(() => removeHours(ctxOf(w.worker), r.id, r.serviceId, { entryId: entries[0]!.id, reason: "again" }))
        .messageKey,
    ).toBe("hours.errors.removed");
  });
});

describe("the online form's action", () => {
  it("records with a comma decimal; refuses with the rule and its dates", async () => {
    const r = fresh();
    const url = `/residents/${r.id}/services/${r.serviceId}`;
    const params = { residentId: String(r.id), serviceId: String(r.serviceId) };
    const ok = await call(
      route.action!,
      postRequest(url, { intent: "add", deliveredOn: "2026-04-14", hours: "1,5", note: "" }, { cookie: w.cookie }),
      params,
    );
    expect(ok.status).toBe(302);
    const bad = await call(
      route.action!,
      postRequest(url, { intent: "add", deliveredOn: "2026-03-09", hours: "2", note: "" }, { cookie: w.cookie }),
      params,
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("hours.errors.beforeStart");
    const zero = await call(
      route.action!,
      postRequest(url, { intent: "add", deliveredOn: "2026-04-14", hours: "0", note: "" }, { cookie: w.cookie }),
      params,
    );
    expect(zero.status).toBe(400);
    expect(zero.body).toContain("hours.errors.hoursFormat");
    expect(db.select().from(serviceDeliveries).where(eq(serviceDeliveries.serviceId, r.serviceId)).all()).toHaveLength(
      1,
    );
  });
});

describe("the person's rights (decisions 041, 042)", () => {
  it("the subject-access export lists every entry with its versions; anonymisation empties notes and reasons only", async () => {
    const r = fresh();
    const id = recordHours(ctxOf(w.worker), r.id, r.serviceId, entry("2026-04-14", 2, "NotatkaGodzinzq"));
    correctHours(ctxOf(w.worker), r.id, r.serviceId, {
      entryId: id,
      ...entry("2026-04-14", 3, "NotatkaGodzinzq"),
      reason: "PowódPoprawkizq",
    });
    const { data } = await subjectAccessZip(ctxOf(w.worker), r.id);
    const [service] = data.communityServices;
    expect(service!.deliveries).toHaveLength(1);
    expect(service!.deliveries[0]).toMatchObject({ hours: 3, note: "NotatkaGodzinzq", reason: "PowódPoprawkizq" });
    expect(service!.deliveries[0]!.earlier.map((v) => v.hours)).toEqual([2]);

    const ctx = contextFor(db, w.worker, on("2026-04-21"));
    applyEvent(ctx, r.id, {
      type: "RECORD_DEATH",
      on: "2026-04-20",
      version: findResident(ctx, r.id).transition.version,
    });
    const version = db.select().from(residents).where(eq(residents.id, r.id)).get()!.version;
    expect(anonymiseResident(contextFor(db, w.admin, on("2032-01-05")), r.id, { version })).toBe(true);
    const rows = db.select().from(serviceDeliveries).where(eq(serviceDeliveries.serviceId, r.serviceId)).all();
    expect(rows.map((d) => [d.deliveredOn, d.hours, d.note, d.reason, !!d.redactedAt])).toEqual([
      ["2026-04-14", 2, null, null, true],
      ["2026-04-14", 3, null, null, true],
    ]);
    const audit = db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.entityType} = 'service_delivery' and ${auditEvents.residentId} = ${r.id}`)
      .all();
    expect(audit.length).toBe(2);
    expect(audit.every((a) => a.before === null && a.after === null && a.redactedAt)).toBe(true);
    expect(JSON.stringify(db.select().from(serviceDeliveries).all())).not.toMatch(/NotatkaGodzinzq|PowódPoprawkizq/);
    // A redacted row never changes again.
    expect(() =>
      db.update(serviceDeliveries).set({ note: "x" }).where(eq(serviceDeliveries.serviceId, r.serviceId)).run(),
    ).toThrow(/append-only/);
  });
});
