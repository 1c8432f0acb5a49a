import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "#db/schema";
import { recordAudit } from "#app/modules/audit/service.server";
import { freshDb } from "#tests/support/db";

/** ASVS 5.0 V16.4.2: the audit log cannot be changed or removed through the database (migration 0008). */
describe("the audit log is append-only", () => {
  it("an entry can be written and read, but not updated or deleted", () => {
    const db = freshDb();
    const id = db
      .insert(auditEvents)
      .values({
        at: "2026-11-25T10:00:00.000Z",
        actorLabel: "test",
        action: "resident.viewed",
        entityType: "resident",
        entityId: "1",
      })
      .returning({ id: auditEvents.id })
      .get().id;
    expect(() =>
      db.update(auditEvents).set({ action: "nothing.happened" }).where(eq(auditEvents.id, id)).run(),
    ).toThrowError(/append-only/);
    expect(() => db.delete(auditEvents).where(eq(auditEvents.id, id)).run()).toThrowError(/append-only/);
    expect(() => db.$client.exec("delete from audit_events")).toThrowError(/append-only/);
    expect(db.select().from(auditEvents).where(eq(auditEvents.id, id)).get()?.action).toBe("resident.viewed");
  });
});

/** recordAudit is one prepared insert (decision 043): values as given, a missing before/after NULL. */
describe("recordAudit", () => {
  it("stores before and after as JSON, an absent one as NULL (not the text null), inside a transaction too", () => {
    const db = freshDb();
    recordAudit(db, {
      action: "x.changed",
      entityType: "grant",
      entityId: 7,
      before: { a: 1, s: "ż" },
      after: ["b", null],
      at: new Date("2026-11-25T10:00:00.000Z"),
    });
    db.transaction((tx) => recordAudit(tx, { action: "x.seen", entityType: "plan", entityId: "3" }));
    const rows = db.$client
      .prepare(
        "select action, entity_id, resident_id, institution_id, at, before, after, typeof(before) as tb, typeof(after) as ta from audit_events order by id",
      )
      .all();
    expect(rows).toMatchObject([
      {
        action: "x.changed",
        entity_id: "7",
        resident_id: null,
        at: "2026-11-25T10:00:00.000Z",
        before: '{"a":1,"s":"ż"}',
        after: '["b",null]',
      },
      { action: "x.seen", entity_id: "3", resident_id: null, institution_id: null, tb: "null", ta: "null" },
    ]);
    expect(
      db
        .select()
        .from(auditEvents)
        .all()
        .map((r) => [r.before, r.after]),
    ).toEqual([
      [{ a: 1, s: "ż" }, ["b", null]],
      [null, null],
    ]);
  });
});
