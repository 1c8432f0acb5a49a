import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { residents } from "#db/schema";
import { buildWorld, type World } from "#tests/factories/world";
import { call, getRequest, loadRoute, openAppDb, signIn, type RouteModule } from "#tests/support/route-harness";

/** Decision 042: an anonymised record's edit page shows nothing of it (not even the stand-in date of birth). */
let db: Db;
let w: World;
let edit: RouteModule;
let cookie: string;

beforeAll(async () => {
  db = await openAppDb();
  w = await buildWorld(db);
  edit = await loadRoute("_app.residents.$residentId.edit.tsx");
  cookie = await signIn(w.emails.case_worker);
}, 60_000);

const open = () =>
  call(edit.loader!, getRequest(`/residents/${w.a.residentId}/edit`, cookie), { residentId: String(w.a.residentId) });

describe("the edit page of an anonymised record", () => {
  it("opens for a record that is not anonymised", async () => {
    expect((await open()).status).toBe(200);
  });

  it("is refused in words once the record is anonymised, and carries none of its data", async () => {
    const before = db.select().from(residents).where(eq(residents.id, w.a.residentId)).get()!;
    db.update(residents)
      .set({ anonymisedAt: "2026-12-01T10:00:00.000Z" })
      .where(eq(residents.id, w.a.residentId))
      .run();
    const res = await open();
    expect(res.status).toBe(400);
    const body = JSON.stringify(res.body ?? "");
    expect(body).toContain("retention.errors.alreadyAnonymised");
    expect(body).not.toContain(before.dateOfBirth ?? "—none—");
    expect(body).not.toContain(before.lastName);
  });
});
