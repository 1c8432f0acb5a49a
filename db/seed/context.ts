import type { Db } from "#db/client";
import type { User } from "#db/schema";
import { scopeOf } from "#app/modules/auth/session.server";
import type { ServiceContext } from "#app/utils/context.server";

/** The demo data are written through the real services, as `user` on `date` (noon UTC). */
export function seedContext(db: Db, user: User, date: string): ServiceContext {
  return {
    db,
    actor: { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale },
    scope: scopeOf(db, user),
    requestId: "demo-seed",
    ip: null,
    now: new Date(`${date}T12:00:00Z`),
  };
}
