import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, residents } from "#db/schema";
import { buildWorld, type World } from "#tests/factories/world";
import { contextFor } from "#tests/factories";
import { addDays, localDate } from "#app/utils/dates";
import { call, getRequest, loadRoute, openAppDb, signIn, type RouteModule } from "#tests/support/route-harness";

/** The days of the log's filter and of a note are Warsaw's (the world's institutions): not UTC's, which differ for an hour each night. */
const warsawToday = () => localDate(new Date(), "Europe/Warsaw");

/** Issue #16 item 3 (decisions 043, 044): reads of personal data are recorded; who saw a record; the log's filters. */
let db: Db;
let w: World;
let residentPage: RouteModule;
let auditPage: RouteModule;
let cookies: Record<"admin" | "case_worker" | "working_group", string>;

beforeAll(async () => {
  db = await openAppDb();
  w = await buildWorld(db);
  residentPage = await loadRoute("_app.residents.$residentId._index.tsx");
  auditPage = await loadRoute("_app.admin.audit.tsx");
  cookies = {
    admin: await signIn(w.emails.admin),
    case_worker: await signIn(w.emails.case_worker),
    working_group: await signIn(w.emails.working_group),
  };
}, 60_000);

const lastEvent = () => db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).get()!;

async function openResident(who: keyof typeof cookies, query = "") {
  const path = `/residents/${w.a.residentId}${query}`;
  return call(residentPage.loader!, getRequest(path, cookies[who]), { residentId: String(w.a.residentId) });
}

describe("a read of personal data writes an access event", () => {
  it("the resident page: who, when, which record, which page (also for its data request)", async () => {
    const before = lastEvent().id;
    const res = await openResident("case_worker");
    expect(res.status).toBe(200);
    const e = lastEvent();
    expect(e.id).toBe(before + 1);
    expect(e).toMatchObject({
      action: "resident.viewed",
      actorUserId: w.userIds.case_worker,
      entityType: "resident",
      entityId: String(w.a.residentId),
      residentId: w.a.residentId,
      institutionId: w.a.institutionId,
      page: `/residents/${w.a.residentId}`,
      before: null,
      after: null,
    });
    expect(Date.now() - Date.parse(e.at)).toBeLessThan(60_000);
    // Client navigation asks for `/residents/<id>.data`: the page is the same.
    await call(residentPage.loader!, getRequest(`/residents/${w.a.residentId}.data`, cookies.case_worker), {
      residentId: String(w.a.residentId),
    });
    expect(lastEvent().page).toBe(`/residents/${w.a.residentId}`);
  });

  it("the case file PDF, a document download and the list (with the records it showed)", async () => {
    const pdf = await loadRoute("_app.residents.$residentId.case-file[.]pdf.ts");
    await call(pdf.loader!, getRequest(`/residents/${w.a.residentId}/case-file.pdf`, cookies.case_worker), {
      residentId: String(w.a.residentId),
    });
    expect(lastEvent()).toMatchObject({
      action: "resident.case_file_exported",
      residentId: w.a.residentId,
      page: `/residents/${w.a.residentId}/case-file.pdf`,
    });
    const doc = await loadRoute("_app.residents.$residentId.documents_.$documentId.ts");
    const path = `/residents/${w.a.residentId}/documents/${w.a.documentId}`;
    const res = await call(doc.loader!, getRequest(path, cookies.case_worker), {
      residentId: String(w.a.residentId),
      documentId: String(w.a.documentId),
    });
    expect(res.status).toBe(200);
    expect(lastEvent()).toMatchObject({ action: "document.downloaded", residentId: w.a.residentId, page: path });
    const list = await loadRoute("_app.residents._index.tsx");
    await call(list.loader!, getRequest("/residents?q=zzz-nobody", cookies.case_worker));
    const e = lastEvent();
    expect(e).toMatchObject({ action: "resident_list.viewed", page: "/residents", residentId: null });
    // The search is in the log, not in the page column (a name typed stays out of `page`).
    expect(e.after).toMatchObject({ filters: { q: "zzz-nobody" }, total: 0, shown: [] });
  });

  it("a change carries its resident and page too", async () => {
    const { addNote } = await import("#app/modules/notes/service.server");
    const ctx = { ...contextFor(db, w.userIds.case_worker), page: `/residents/${w.a.residentId}/notes` };
    addNote(ctx, w.a.residentId, { occurredOn: warsawToday(), body: "Rozmowa" } as never);
    expect(lastEvent()).toMatchObject({
      action: "case_note.created",
      residentId: w.a.residentId,
      page: `/residents/${w.a.residentId}/notes`,
    });
  });
});

describe("who saw this record", () => {
  it("the administrator's page lists the case worker's earlier view, with the page it came from", async () => {
    await openResident("case_worker");
    const res = await openResident("admin");
    const access = (res.data as { access: { entries: { action: string; actorName: string; page: string }[] } }).access;
    expect(access.entries[0]).toMatchObject({ action: "resident.viewed", page: `/residents/${w.a.residentId}` });
    const worker = access.entries.find((e) => e.actorName && e.action === "resident.viewed" && e !== access.entries[0]);
    expect(worker).toBeDefined();
    expect(access.entries.some((e) => e.action === "case_note.created")).toBe(true);
    expect(access.entries.some((e) => e.action === "resident.case_file_exported")).toBe(true);
    // Nothing of another resident.
    const ids = db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.residentId, w.b.residentId));
    expect(ids.all().length).toBeGreaterThan(0);
    expect(JSON.stringify(access)).not.toContain(`/residents/${w.b.residentId}`);
  });

  it("is paginated: `?seen=` gives the older entries, none twice", async () => {
    for (let i = 0; i < 25; i++) await openResident("case_worker");
    const first = (await openResident("admin")).data as {
      access: { entries: { id: number }[]; older: number | null; pageSize: number };
    };
    expect(first.access.entries).toHaveLength(first.access.pageSize);
    expect(first.access.older).not.toBeNull();
    const second = (await openResident("admin", `?seen=${first.access.older}`)).data as typeof first;
    expect(second.access.entries.length).toBeGreaterThan(0);
    const a = new Set(first.access.entries.map((e) => e.id));
    expect(second.access.entries.every((e) => !a.has(e.id) && e.id < first.access.older!)).toBe(true);
  });

  it("a case worker or working-group member gets no panel and none of its data", async () => {
    for (const who of ["case_worker", "working_group"] as const) {
      const res = await openResident(who);
      expect(res.status).toBe(200);
      expect((res.data as { access: unknown }).access).toBeNull();
      // The other users' names and pages do not travel in the loader's answer.
      expect(res.body).not.toContain("resident.viewed");
      expect(res.body).not.toContain(w.emails.admin);
    }
  });
});

describe("the audit log's filters", () => {
  type Log = { events: { action: string; at: string; actorName: string | null; residentId: number | null }[] };
  const log = async (query: string) => {
    const res = await call(auditPage.loader!, getRequest(`/admin/audit?${query}`, cookies.admin));
    expect(res.status).toBe(200);
    return res.data as Log & { unknownRecord: boolean };
  };

  it("by user, action, record (a resident's code) and days, together, on the server", async () => {
    const byUser = await log(`user=${w.userIds.case_worker}`);
    expect(byUser.events.length).toBeGreaterThan(0);
    const worker = db.select().from(auditEvents).where(eq(auditEvents.actorUserId, w.userIds.case_worker)).all();
    expect(byUser.events.every((e) => worker.some((x) => x.action === e.action))).toBe(true);
    const viewed = await log(`user=${w.userIds.case_worker}&action=resident.viewed`);
    expect(viewed.events.length).toBeGreaterThan(0);
    expect(viewed.events.every((e) => e.action === "resident.viewed" && e.residentId === w.a.residentId)).toBe(true);
    const code = db.select({ code: residents.code }).from(residents).where(eq(residents.id, w.b.residentId)).get()!;
    const ofB = await log(`record=${code.code.toLowerCase()}`);
    expect(ofB.events.length).toBeGreaterThan(0);
    expect(ofB.events.every((e) => e.residentId === w.b.residentId)).toBe(true);
    const today = warsawToday();
    const tomorrow = addDays(today, 2);
    expect((await log(`user=${w.userIds.case_worker}&from=${today}&to=${today}`)).events.length).toBeGreaterThan(0);
    expect((await log(`user=${w.userIds.case_worker}&from=${tomorrow}`)).events).toEqual([]);
    expect((await log(`to=2000-01-01`)).events).toEqual([]);
    // The filter is on the server: each page is at most 50, older pages keep the filter.
    const page = await log(`action=resident.viewed`);
    expect(page.events.length).toBeLessThanOrEqual(50);
  });

  it("an unknown code says so; malformed values are ignored, not obeyed", async () => {
    expect((await log("record=NOPE-0000")).unknownRecord).toBe(true);
    const odd = await log("user=abc&from=2026-02-31&action=%27%20or%201=1");
    expect(odd.unknownRecord).toBe(false);
    expect(odd.events.length).toBeGreaterThan(0);
  });

  it("before/after reach the page as labelled fields, never as stored JSON", async () => {
    const res = await call(auditPage.loader!, getRequest(`/admin/audit?action=case_note.created`, cookies.admin));
    const events = (res.data as { events: { before: unknown; after: unknown }[] }).events;
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.before).toBeNull();
    expect(events[0]!.after).toMatchObject({ kind: "fields" });
    expect(JSON.stringify(events[0]!.after)).toContain('"key":"audit.fields.transitionId"');
    const { auditValues } = await import("#app/modules/audit/labels.server");
    expect(auditValues({ state: "assessment", sex: "female", dateOfBirth: "1950-01-02", hoursPerWeek: 4 })).toEqual({
      kind: "fields",
      fields: [
        {
          label: { key: "residents.state" },
          value: { kind: "label", label: { key: "transitions.states.assessment" } },
        },
        { label: { key: "residents.sex" }, value: { kind: "label", label: { key: "residents.sexes.female" } } },
        { label: { key: "residents.dateOfBirth" }, value: { kind: "date", date: "1950-01-02" } },
        { label: { key: "transitions.services.hoursPerWeek" }, value: { kind: "number", n: 4 } },
      ],
    });
  });

  it("a non-administrator cannot open the log (403, audited)", async () => {
    const res = await call(auditPage.loader!, getRequest(`/admin/audit`, cookies.case_worker));
    expect(res.status).toBe(403);
  });
});
