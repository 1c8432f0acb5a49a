import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, caseNotes, followUpVisits, housingUnits, offlineWrites, serviceDeliveries } from "#db/schema";
import { assignKeyWorker } from "#app/modules/caseload/service.server";
import { findResident } from "#app/modules/residents/service.server";
import { endService, recordVisit } from "#app/modules/transitions/records.server";
import { applyEvent } from "#app/modules/transitions/service.server";
import { contextFor, createInstitution, createUser } from "#tests/factories";
import { movedResident as movedResidentOf, residentWithService } from "#tests/factories/moved-resident";
import {
  call,
  getRequest,
  loadRoute,
  openAppDb,
  postRequest,
  signIn,
  type RouteModule,
} from "#tests/support/route-harness";

/**
 * The offline layer's endpoints (issue #17, decision 031) on a real SQLite file, through the
 * route modules as Remix calls them: a queued write goes through the forms' own checks, is
 * applied once per device-made key, and a record changed on the server is answered as a conflict
 * with the server's version; the device's copy holds only the worker's own cases, minimum fields.
 */
let db: Db;
let sync: RouteModule;
let copy: RouteModule;
const w = {} as {
  inst: number;
  other: number;
  unit: number;
  worker: number;
  second: number;
  stranger: number;
  group: number;
  emails: Record<"worker" | "second" | "stranger" | "group", string>;
  cookies: Record<"worker" | "second" | "stranger" | "group", string>;
};

const day = (d: string) => new Date(`${d}T10:00:00Z`);
const version = (id: number) => findResident(contextFor(db, w.worker), id).transition.version;
const send = (id: number, type: Parameters<typeof applyEvent>[2]["type"], on: string) =>
  applyEvent(contextFor(db, w.worker, day(on)), id, { type, on, version: version(id) });

/** A resident of the worker's institution who moved on 3 March 2026: visits due from April. */
function movedResident(): { id: number; visitId: number } {
  const id = movedResidentOf(
    db,
    { institutionId: w.inst, unit: w.unit, worker: w.worker, second: w.second },
    "Sensitive support need",
  );
  const transitionId = findResident(contextFor(db, w.worker), id).transition.id;
  const visit = db
    .select()
    .from(followUpVisits)
    .where(eq(followUpVisits.transitionId, transitionId))
    .orderBy(followUpVisits.monthsAfterMove)
    .get()!;
  return { id, visitId: visit.id };
}

const key = () => crypto.randomUUID();
const base = (caseWorkerId: number | null = w.worker, state = "in_community") => ({ caseWorkerId, state });

function visitItem(r: { id: number; visitId: number }, over: Record<string, unknown> = {}) {
  return {
    key: key(),
    kind: "visit",
    residentId: r.id,
    visitId: r.visitId,
    payload: { visitedOn: "2026-04-04", findings: "Settled in well", actions: "", version: 1 },
    base: base(),
    ...over,
  };
}

function noteItem(residentId: number, over: Record<string, unknown> = {}) {
  return {
    key: key(),
    kind: "note",
    residentId,
    payload: { occurredOn: "2026-04-04", body: "Met at home" },
    base: base(),
    ...over,
  };
}

async function post(body: unknown, who: keyof typeof w.cookies | null = "worker") {
  const o = await call(
    sync.action!,
    postRequest("/offline/sync", JSON.stringify(body), {
      cookie: who ? w.cookies[who] : undefined,
      contentType: "application/json",
    }),
  );
  return { status: o.status, body: JSON.parse(o.body || "null") as Record<string, unknown> };
}

const visitRow = (visitId: number) => db.select().from(followUpVisits).where(eq(followUpVisits.id, visitId)).get()!;
const notesOf = (residentId: number) =>
  db
    .select()
    .from(caseNotes)
    .where(eq(caseNotes.transitionId, findResident(contextFor(db, w.worker), residentId).transition.id))
    .all();

beforeAll(async () => {
  db = await openAppDb();
  sync = await loadRoute("offline.sync.ts");
  copy = await loadRoute("offline.caseload.ts");
  w.inst = createInstitution(db, { name: "DPS Zielona" }).id;
  w.other = createInstitution(db, { name: "DPS Obca" }).id;
  const mk = async (name: string, role: "case_worker" | "working_group", inst: number) =>
    createUser(db, { name, role, locale: "pl", institutionIds: [inst] });
  const worker = await mk("Katarzyna", "case_worker", w.inst);
  const second = await mk("Piotr", "case_worker", w.inst);
  const stranger = await mk("Obcy", "case_worker", w.other);
  const group = await mk("Grupa", "working_group", w.inst);
  Object.assign(w, { worker: worker.id, second: second.id, stranger: stranger.id, group: group.id });
  w.emails = { worker: worker.email, second: second.email, stranger: stranger.email, group: group.email };
  w.cookies = {
    worker: await signIn(worker.email),
    second: await signIn(second.email),
    stranger: await signIn(stranger.email),
    group: await signIn(group.email),
  };
  w.unit = db
    .insert(housingUnits)
    .values({
      institutionId: w.inst,
      housingType: "pl_training_flat",
      name: "M1",
      address: "ul. 1",
      operatorName: "Miasto",
      operatorKind: "municipality",
      capacity: 20,
      status: "open",
      openedOn: "2025-12-01",
    })
    .returning({ id: housingUnits.id })
    .get().id;
}, 60_000);

describe("POST /offline/sync", () => {
  it("applies a visit and a note once however often they are sent; the key is kept with the write", async () => {
    const r = movedResident();
    const visit = visitItem(r);
    const first = await post(visit);
    expect(first).toMatchObject({ status: 200, body: { status: "sent", recordId: r.visitId, duplicate: false } });
    const again = await post(visit);
    expect(again).toMatchObject({ status: 200, body: { status: "sent", recordId: r.visitId, duplicate: true } });
    expect(visitRow(r.visitId)).toMatchObject({ visitedOn: "2026-04-04", findings: "Settled in well", version: 2 });
    const audits = db
      .select({ n: sql<number>`count(*)` })
      .from(auditEvents)
      .where(sql`${auditEvents.action} = 'visit.recorded' and ${auditEvents.entityId} = ${String(r.visitId)}`)
      .get()!.n;
    expect(audits).toBe(1);

    const note = noteItem(r.id);
    for (let i = 0; i < 3; i++) expect((await post(note)).body.status).toBe("sent");
    expect(notesOf(r.id).map((n) => n.body)).toEqual(["Met at home"]);
    expect(db.select().from(offlineWrites).where(eq(offlineWrites.key, note.key)).get()).toMatchObject({
      userId: w.worker,
      kind: "note",
      residentId: r.id,
    });
  });

  it("refuses what the form refuses, with the reason in the worker's language; nothing is written", async () => {
    const r = movedResident();
    const future = await post(
      visitItem(r, { payload: { visitedOn: "2999-01-01", findings: "x", actions: "", version: 1 } }),
    );
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ status: "refused", field: "visitedOn" });
    expect(String(future.body.reason)).toMatch(/2999/);
    expect(String(future.body.reason)).not.toMatch(/transitions\.errors/);
    const empty = await post(
      visitItem(r, { payload: { visitedOn: "2026-04-04", findings: " ", actions: "", version: 1 } }),
    );
    expect(empty).toMatchObject({ status: 400, body: { status: "refused", field: "findings" } });
    const early = await post(
      visitItem(r, { payload: { visitedOn: "2026-03-04", findings: "x", actions: "", version: 1 } }),
    );
    expect(early.status).toBe(400);
    const beforeOpening = await post(noteItem(r.id, { payload: { occurredOn: "2025-01-01", body: "x" } }));
    expect(beforeOpening.status).toBe(400);
    expect(visitRow(r.visitId).visitedOn).toBeNull();
    expect(notesOf(r.id)).toEqual([]);
    expect((await post({ key: "not-a-uuid", kind: "note" })).status).toBe(400);
    const notJson = await call(sync.action!, postRequest("/offline/sync", { a: "b" }, { cookie: w.cookies.worker }));
    expect(notJson.status).toBe(415);
  });

  it("a key already used by another user is refused, not answered with that user's outcome", async () => {
    const r = movedResident();
    const note = noteItem(r.id);
    expect((await post(note)).status).toBe(200);
    const theirs = await post(note, "second");
    expect(theirs).toMatchObject({ status: 400, body: { status: "refused" } });
    expect(notesOf(r.id)).toHaveLength(1);
  });

  it("a visit a colleague recorded meanwhile is a conflict with their version; keeping mine writes on top of it", async () => {
    const r = movedResident();
    recordVisit(contextFor(db, w.second), r.id, r.visitId, {
      visitedOn: "2026-04-05",
      findings: "Colleague's findings",
      actions: "",
      version: 1,
    });
    const mine = visitItem(r);
    const c = await post(mine);
    expect(c.status).toBe(409);
    expect(c.body).toMatchObject({
      status: "conflict",
      conflict: "visitRecorded",
      theirs: { visitedOn: "2026-04-05", findings: "Colleague's findings", recordedBy: "Piotr", version: 2 },
    });
    expect(visitRow(r.visitId).findings).toBe("Colleague's findings");
    // Keep mine: the same key, rebased on the server's version.
    const kept = await post({ ...mine, payload: { ...mine.payload, version: 2 } });
    expect(kept).toMatchObject({ status: 200, body: { status: "sent" } });
    expect(visitRow(r.visitId)).toMatchObject({ findings: "Settled in well", version: 3 });
  });

  it("a case handed to another key worker meanwhile is a conflict naming them; sending anyway is the worker's choice", async () => {
    const r = movedResident();
    assignKeyWorker(contextFor(db, w.worker), r.id, { workerId: w.second, version: version(r.id) });
    const note = noteItem(r.id);
    const c = await post(note);
    expect(c).toMatchObject({
      status: 409,
      body: { status: "conflict", conflict: "reassigned", theirs: { caseWorkerId: w.second, keyWorker: "Piotr" } },
    });
    expect(notesOf(r.id)).toEqual([]);
    expect((await post({ ...note, base: base(w.second) })).body.status).toBe("sent");
    expect(notesOf(r.id)).toHaveLength(1);
  });

  it("a transition closed meanwhile is a conflict; writing a visit to it anyway is refused by the visit's own rule", async () => {
    const r = movedResident();
    send(r.id, "RECORD_DEATH", "2026-04-01");
    const visit = visitItem(r);
    const c = await post(visit);
    expect(c).toMatchObject({
      status: 409,
      body: { status: "conflict", conflict: "closed", theirs: { state: "deceased" } },
    });
    expect(String((c.body.theirs as Record<string, unknown>).stateLabel)).not.toMatch(/transitions\.states/);
    const anyway = await post({ ...visit, base: base(w.worker, "deceased") });
    expect(anyway).toMatchObject({ status: 400, body: { status: "refused" } });
    expect(visitRow(r.visitId).visitedOn).toBeNull();
  });

  it("scope and permission: another institution's resident is not found, other roles are forbidden, no session is 401", async () => {
    const r = movedResident();
    const stranger = await post({ ...visitItem(r), base: base(w.stranger) }, "stranger");
    expect(stranger).toMatchObject({ status: 404, body: { status: "refused" } });
    expect((await post(noteItem(r.id), "group")).status).toBe(403);
    expect(await post(noteItem(r.id), null)).toMatchObject({ status: 401, body: { status: "unauthenticated" } });
    expect(visitRow(r.visitId).visitedOn).toBeNull();
    expect(notesOf(r.id)).toEqual([]);
    expect(db.select().from(offlineWrites).where(eq(offlineWrites.residentId, r.id)).all()).toEqual([]);
  });

  it("a cross-site request is refused", async () => {
    const r = movedResident();
    const o = await call(
      sync.action!,
      postRequest("/offline/sync", JSON.stringify(noteItem(r.id)), {
        cookie: w.cookies.worker,
        contentType: "application/json",
        origin: "https://evil.example",
      }),
    );
    expect(o.status).toBe(403);
    expect(notesOf(r.id)).toEqual([]);
  });
});

describe("POST /offline/sync: hours delivered (decision 048)", () => {
  const withService = () =>
    residentWithService(db, { institutionId: w.inst, unit: w.unit, worker: w.worker, second: w.second });
  const hoursItem = (r: { id: number; serviceId: number }, over: Record<string, unknown> = {}) => ({
    key: key(),
    kind: "hours",
    residentId: r.id,
    serviceId: r.serviceId,
    serviceEndOn: null,
    payload: { deliveredOn: "2026-04-14", hours: "1,5", note: "Zakupy" },
    base: base(),
    ...over,
  });
  const deliveries = (serviceId: number) =>
    db.select().from(serviceDeliveries).where(eq(serviceDeliveries.serviceId, serviceId)).all();

  it("an entry sent twice is recorded once, through the form's function, audited once", async () => {
    const r = withService();
    const item = hoursItem(r);
    const first = await post(item);
    expect(first).toMatchObject({ status: 200, body: { status: "sent", duplicate: false } });
    expect(await post(item)).toMatchObject({
      status: 200,
      body: { status: "sent", recordId: first.body.recordId, duplicate: true },
    });
    expect(deliveries(r.serviceId).map((d) => [d.deliveredOn, d.hours, d.note, d.recordedBy])).toEqual([
      ["2026-04-14", 1.5, "Zakupy", w.worker],
    ]);
    const audits = db
      .select({ n: sql<number>`count(*)` })
      .from(auditEvents)
      .where(
        sql`${auditEvents.action} = 'service_delivery.recorded' and ${auditEvents.entityId} = ${String(first.body.recordId)}`,
      )
      .get()!.n;
    expect(audits).toBe(1);
    expect(db.select().from(offlineWrites).where(eq(offlineWrites.key, item.key)).get()).toMatchObject({
      kind: "hours",
      recordId: first.body.recordId,
    });
  });

  it("refuses what the form refuses, in the worker's language, naming the dates", async () => {
    const r = withService();
    const early = await post(hoursItem(r, { payload: { deliveredOn: "2026-03-09", hours: "2", note: "" } }));
    expect(early).toMatchObject({ status: 400, body: { status: "refused", field: "deliveredOn" } });
    // Polish, with both dates written out.
    expect(String(early.body.reason)).toMatch(/przed rozpoczęciem usługi/);
    expect(String(early.body.reason)).toMatch(/2026/);
    const tooMany = await post(hoursItem(r, { payload: { deliveredOn: "2026-04-14", hours: "25", note: "" } }));
    expect(tooMany).toMatchObject({ status: 400, body: { status: "refused", field: "hours" } });
    expect(deliveries(r.serviceId)).toEqual([]);
  });

  it("a service ended meanwhile is a conflict with its end; keeping mine is judged by the rules", async () => {
    const r = withService();
    endService(contextFor(db, w.second), r.id, { serviceId: r.serviceId, endOn: "2026-04-10", version: 1 });
    const item = hoursItem(r);
    const c = await post(item);
    expect(c).toMatchObject({
      status: 409,
      body: { status: "conflict", conflict: "serviceEnded", theirs: { endOn: "2026-04-10" } },
    });
    expect(deliveries(r.serviceId)).toEqual([]);
    // Keep mine, rebased on the end: 14 April is after it, so the rule refuses, naming both days.
    const after = await post({ ...item, serviceEndOn: "2026-04-10" });
    expect(after).toMatchObject({ status: 400, body: { status: "refused" } });
    expect(String(after.body.reason)).toMatch(/po zakończeniu usługi/);
    // An earlier day of the same service is accepted once rebased.
    const before = hoursItem(r, { payload: { deliveredOn: "2026-04-09", hours: "2", note: "" } });
    expect((await post(before)).status).toBe(409);
    expect((await post({ ...before, serviceEndOn: "2026-04-10" })).body.status).toBe("sent");
    expect(deliveries(r.serviceId)).toHaveLength(1);
  });

  it("a case reassigned or closed meanwhile is a conflict, as for visits and notes; scope holds", async () => {
    const r = withService();
    assignKeyWorker(contextFor(db, w.worker), r.id, { workerId: w.second, version: version(r.id) });
    expect((await post(hoursItem(r))).body).toMatchObject({ status: "conflict", conflict: "reassigned" });
    const s = withService();
    send(s.id, "RECORD_DEATH", "2026-04-20");
    expect((await post(hoursItem(s))).body).toMatchObject({ status: "conflict", conflict: "closed" });
    // The death also ended the services: sending anyway meets that conflict, then the closed rule.
    const anyway = hoursItem(s, { base: base(w.worker, "deceased") });
    const ended = await post(anyway);
    expect(ended.body).toMatchObject({ status: "conflict", conflict: "serviceEnded" });
    const theirs = ended.body.theirs as { endOn: string };
    expect((await post({ ...anyway, serviceEndOn: theirs.endOn })).status).toBe(400);
    const t = withService();
    expect((await post(hoursItem(t, { base: base(w.stranger) }), "stranger")).status).toBe(404);
    expect([...deliveries(r.serviceId), ...deliveries(s.serviceId), ...deliveries(t.serviceId)]).toEqual([]);
  });
});

describe("GET /offline/caseload", () => {
  it("holds only the worker's own open cases, with the minimum a visit needs, never cached", async () => {
    const mine = movedResident();
    const theirs = movedResident();
    assignKeyWorker(contextFor(db, w.worker), theirs.id, { workerId: w.second, version: version(theirs.id) });
    const o = await call(copy.loader!, getRequest("/offline/caseload", w.cookies.worker));
    expect(o.status).toBe(200);
    const body = JSON.parse(o.body) as { userId: number; cases: Record<string, unknown>[] };
    expect(body.userId).toBe(w.worker);
    const ids = body.cases.map((c) => c.residentId);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    const one = body.cases.find((c) => c.residentId === mine.id)!;
    expect(Object.keys(one).sort()).toEqual(
      [
        "caseWorkerId",
        "code",
        "institutionName",
        "name",
        "openedOn",
        "residentId",
        "services",
        "state",
        "stateLabel",
        "stateSince",
        "timeZone",
        "today",
        "visitsDue",
      ].sort(),
    );
    expect(one.timeZone).toBe("Europe/Warsaw");
    expect(o.body).not.toMatch(/1950-04-02|Sensitive support need|disability/);
    // A running service carries what the hours form needs, nothing more (decision 048).
    const served = residentWithService(db, { institutionId: w.inst, unit: w.unit, worker: w.worker, second: w.second });
    const again = JSON.parse((await call(copy.loader!, getRequest("/offline/caseload", w.cookies.worker))).body) as {
      cases: { residentId: number; services: Record<string, unknown>[] }[];
    };
    const service = again.cases.find((c) => c.residentId === served.id)!.services[0]!;
    expect(Object.keys(service).sort()).toEqual(
      ["endOn", "hoursPerWeek", "id", "label", "provider", "serviceType", "startOn"].sort(),
    );
    expect(service).toMatchObject({ id: served.serviceId, startOn: "2026-03-10", endOn: null });
    const resp = (await copy.loader!({
      request: getRequest("/offline/caseload", w.cookies.worker),
      params: {},
      context: {},
    })) as Response;
    expect(resp.headers.get("Cache-Control")).toBe("no-store");
    expect((await call(copy.loader!, getRequest("/offline/caseload"))).status).toBe(401);
    expect((await call(copy.loader!, getRequest("/offline/caseload", w.cookies.group))).status).toBe(403);
  });
});
