import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, userInstitutions, users } from "#db/schema";
import { createUser as createUserService, getUser, setUserStatus, updateUser } from "#app/modules/users/service.server";
import { getInstitution, listInstitutions } from "#app/modules/institutions/service.server";
import { AppError } from "#app/utils/errors";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createUser } from "#tests/factories";

describe("user administration", () => {
  it("creates a user with institution grants and audits it in the same transaction", async () => {
    const db = freshDb();
    const a = createInstitution(db);
    const b = createInstitution(db);
    const admin = await createUser(db, { role: "admin" });
    const ctx = contextFor(db, admin.id);
    const id = await createUserService(ctx, {
      email: "nowa@dps.pl",
      name: "Nowa",
      role: "case_worker",
      password: "0123456789ab",
      institutionIds: [b.id, a.id, a.id],
    });
    expect(getUser(ctx, id)).toMatchObject({ email: "nowa@dps.pl", institutionIds: [a.id, b.id], version: 1 });
    const ev = db.select().from(auditEvents).where(eq(auditEvents.action, "user.created")).get();
    expect(ev?.after).toEqual({
      email: "nowa@dps.pl",
      name: "Nowa",
      role: "case_worker",
      institutionIds: [a.id, b.id],
    });
    expect(JSON.stringify(ev)).not.toContain("0123456789ab");
  });

  it("refuses a taken e-mail and an unknown institution, writing nothing", async () => {
    const db = freshDb();
    const admin = await createUser(db, { role: "admin", email: "admin@x.pl" });
    const ctx = contextFor(db, admin.id);
    await expect(
      createUserService(ctx, {
        email: "admin@x.pl",
        name: "X",
        role: "case_worker",
        password: "0123456789ab",
        institutionIds: [],
      }),
    ).rejects.toMatchObject({ label: "conflict", messageKey: "users.errors.emailTaken" });
    await expect(
      createUserService(ctx, {
        email: "n@x.pl",
        name: "X",
        role: "case_worker",
        password: "0123456789ab",
        institutionIds: [999],
      }),
    ).rejects.toMatchObject({ label: "validation", messageKey: "users.errors.unknownInstitution" });
    expect(db.select().from(users).all()).toHaveLength(1);
    expect(db.select().from(auditEvents).all()).toHaveLength(0);
  });

  it("the second of two concurrent editors is told, and nothing of theirs is written", async () => {
    const db = freshDb();
    const inst = createInstitution(db);
    const admin = await createUser(db, { role: "admin" });
    const u = await createUser(db, { name: "Before" });
    const ctx = contextFor(db, admin.id);
    const seenVersion = getUser(ctx, u.id).version;
    updateUser(ctx, u.id, { version: seenVersion, name: "First", role: "case_worker", institutionIds: [inst.id] });
    let err: unknown;
    try {
      updateUser(ctx, u.id, { version: seenVersion, name: "Second", role: "working_group", institutionIds: [] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ label: "conflict", messageKey: "errors.conflict" });
    expect(getUser(ctx, u.id)).toMatchObject({
      name: "First",
      role: "case_worker",
      institutionIds: [inst.id],
      version: 2,
    });
    const ev = db.select().from(auditEvents).where(eq(auditEvents.action, "user.updated")).all();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ before: { name: "Before", role: "case_worker", institutionIds: [] } });
  });

  it("administrators keep no grants (they see all) and cannot disable themselves", async () => {
    const db = freshDb();
    const inst = createInstitution(db);
    const admin = await createUser(db, { role: "admin" });
    const ctx = contextFor(db, admin.id);
    const id = await createUserService(ctx, {
      email: "a2@x.pl",
      name: "A2",
      role: "admin",
      password: "0123456789ab",
      institutionIds: [inst.id],
    });
    expect(db.select().from(userInstitutions).where(eq(userInstitutions.userId, id)).all()).toHaveLength(0);
    expect(() => setUserStatus(ctx, admin.id, { version: 1, status: "disabled" })).toThrowError(/ownStatus/);
  });
});

describe("institution scope in the data access layer", () => {
  it("lists only granted institutions; admins see all", async () => {
    const db = freshDb();
    const mine = createInstitution(db, { name: "A mine" });
    createInstitution(db, { name: "B other" });
    const worker = await createUser(db, { institutionIds: [mine.id] });
    const admin = await createUser(db, { role: "admin" });
    const nobody = await createUser(db, { role: "grant_manager" });
    expect(listInstitutions(contextFor(db, worker.id)).map((i) => i.name)).toEqual(["A mine"]);
    expect(listInstitutions(contextFor(db, admin.id)).map((i) => i.name)).toEqual(["A mine", "B other"]);
    expect(listInstitutions(contextFor(db, nobody.id))).toEqual([]);
  });

  it("opening another institution's record answers not-found and audits the denial", async () => {
    const db = freshDb();
    const mine = createInstitution(db);
    const other = createInstitution(db);
    const worker = await createUser(db, { institutionIds: [mine.id] });
    const ctx = contextFor(db, worker.id);
    expect(getInstitution(ctx, mine.id).id).toBe(mine.id);
    expect(() => getInstitution(ctx, other.id)).toThrowError(AppError);
    const ev = db.select().from(auditEvents).where(eq(auditEvents.action, "access.denied")).get();
    expect(ev).toMatchObject({ actorUserId: worker.id, entityType: "institution", entityId: String(other.id) });
  });
});
