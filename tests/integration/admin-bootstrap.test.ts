import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, users } from "#db/schema";
import { signIn } from "#app/modules/auth/service.server";
import { createFirstAdministrator } from "#app/modules/users/bootstrap.server";
import { freshDb } from "#tests/support/db";

const policy = { session: { idleMinutes: 30, absoluteHours: 12 }, lockout: { threshold: 5, minutes: 15 } };
const attempt = { now: new Date(), requestId: "t", ip: null, userAgent: null };

/** `npm run admin:create`: the first administrator of an installation without demo data. */
describe("the first administrator", () => {
  it("is created with a hashed password, can sign in, and is audited as the command", async () => {
    const db = freshDb();
    const r = await createFirstAdministrator(db, {
      email: " Anna@Example.org ",
      name: "Anna Nowak",
      password: "a-long-password-2026",
    });
    expect(r).toMatchObject({ ok: true });
    const user = db.select().from(users).where(eq(users.email, "anna@example.org")).get()!;
    expect(user).toMatchObject({ role: "admin", status: "active", name: "Anna Nowak" });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(
      await signIn(db, { email: "anna@example.org", password: "a-long-password-2026", ...attempt }, policy),
    ).toMatchObject({ ok: true });
    expect(
      db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, "user.created"))
        .all()
        .map((a) => a.actorLabel),
    ).toEqual(["cli:admin:create"]);
  });

  it("is refused once an administrator exists, and for bad input; nothing is written", async () => {
    const db = freshDb();
    expect(
      await createFirstAdministrator(db, { email: "not-an-email", name: "X", password: "a-long-password-2026" }),
    ).toEqual({ ok: false, field: "email", key: "validation.email", values: undefined });
    expect(await createFirstAdministrator(db, { email: "x@example.org", name: "X", password: "short" })).toMatchObject({
      ok: false,
      field: "password",
      key: "validation.passwordTooShort",
    });
    expect(db.select().from(users).all()).toHaveLength(0);
    await createFirstAdministrator(db, { email: "anna@example.org", name: "Anna", password: "a-long-password-2026" });
    expect(
      await createFirstAdministrator(db, { email: "bob@example.org", name: "Bob", password: "another-password-1" }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/already exists/) });
    expect(db.select().from(users).all()).toHaveLength(1);
  });
});
