import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "#db/schema";
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
