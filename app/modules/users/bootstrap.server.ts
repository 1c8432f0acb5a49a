import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { users } from "#db/schema";
import { flattenIssues } from "#app/utils/issues";
import { recordAudit } from "#app/modules/audit/service.server";
import { hashPassword } from "#app/modules/auth/password.server";
import { createUserSchema } from "./schemas";

export type BootstrapResult =
  | { ok: true; id: number }
  | { ok: false; error: string }
  | { ok: false; field: string; key: string; values?: Record<string, string | number> };

/**
 * The first administrator of an installation without demo data (`npm run admin:create`).
 * Refused once any administrator exists: from then on administrators add users in the app,
 * where every change is scoped and audited with its actor. Audited as `cli:admin:create`.
 */
export async function createFirstAdministrator(
  db: Db,
  input: { email: string; name: string; password: string },
  now = new Date(),
): Promise<BootstrapResult> {
  const parsed = createUserSchema.safeParse({ ...input, role: "admin", institutionIds: [] });
  if (!parsed.success) {
    const [field, error] = Object.entries(flattenIssues(parsed.error.issues))[0]!;
    return { ok: false, field, key: error.key, values: error.values };
  }
  const passwordHash = await hashPassword(parsed.data.password);
  return db.transaction(
    (tx): BootstrapResult => {
      const admin = tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, "admin"), eq(users.status, "active")))
        .get();
      if (admin)
        return {
          ok: false,
          error: "an administrator already exists: sign in as them and add users in the app (Administration → Users)",
        };
      if (tx.select({ id: users.id }).from(users).where(eq(users.email, parsed.data.email)).get()) {
        return { ok: false, error: `${parsed.data.email} is already a user` };
      }
      const id = tx
        .insert(users)
        .values({ email: parsed.data.email, name: parsed.data.name, role: "admin", passwordHash })
        .returning({ id: users.id })
        .get().id;
      recordAudit(tx, {
        action: "user.created",
        entityType: "user",
        entityId: id,
        actorLabel: "cli:admin:create",
        at: now,
        after: { email: parsed.data.email, name: parsed.data.name, role: "admin", institutionIds: [] },
      });
      return { ok: true, id };
    },
    { behavior: "immediate" },
  );
}
