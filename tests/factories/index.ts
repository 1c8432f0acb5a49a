import { hash } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import {
  institutions,
  municipalities,
  userInstitutions,
  userMonitoringAreas,
  users,
  type NewInstitution,
  type NewMunicipality,
  type NewUser,
} from "#db/schema";
import type { Country, Role } from "#db/schema/enums";
import { scopeOf } from "#app/modules/auth/session.server";
import type { ServiceContext } from "#app/utils/context.server";

let seq = 0;
const next = () => ++seq;

export function createMunicipality(db: Db, overrides: Partial<NewMunicipality> = {}) {
  return db
    .insert(municipalities)
    .values({ country: "PL", name: `Gmina ${next()}`, kind: "gmina", ...overrides })
    .returning()
    .get();
}

export function createInstitution(db: Db, overrides: Partial<NewInstitution> = {}) {
  const municipalityId = overrides.municipalityId ?? createMunicipality(db).id;
  return db
    .insert(institutions)
    .values({
      country: "PL",
      kind: "residential_care_home",
      name: `DPS ${next()}`,
      timeZone: "Europe/Warsaw",
      ...overrides,
      municipalityId,
    })
    .returning()
    .get();
}

const hashes = new Map<string, Promise<string>>();
function cachedHash(password: string) {
  if (!hashes.has(password)) hashes.set(password, hash(password));
  return hashes.get(password)!;
}

export const DEFAULT_PASSWORD = "correct horse battery staple";

export async function createUser(
  db: Db,
  overrides: Partial<NewUser> & {
    password?: string;
    institutionIds?: number[];
    /** A monitoring user's plan areas and whole countries (decision 033). */
    municipalityIds?: number[];
    countries?: Country[];
  } = {},
) {
  const { password = DEFAULT_PASSWORD, institutionIds = [], municipalityIds = [], countries = [], ...rest } = overrides;
  const user = db
    .insert(users)
    .values({
      email: `user${next()}@example.test`,
      name: `User ${seq}`,
      role: "case_worker" as Role,
      passwordHash: await cachedHash(password),
      ...rest,
    })
    .returning()
    .get();
  for (const institutionId of institutionIds) {
    db.insert(userInstitutions).values({ userId: user.id, institutionId }).run();
  }
  for (const municipalityId of municipalityIds)
    db.insert(userMonitoringAreas).values({ userId: user.id, municipalityId }).run();
  for (const country of countries) db.insert(userMonitoringAreas).values({ userId: user.id, country }).run();
  return user;
}

/** The service context of a user, as requireUser would build it. */
export function contextFor(db: Db, userId: number, now = new Date()): ServiceContext {
  const u = db.select().from(users).where(eq(users.id, userId)).get()!;
  return {
    db,
    actor: { id: u.id, email: u.email, name: u.name, role: u.role, locale: u.locale },
    scope: scopeOf(db, u),
    requestId: `test-${next()}`,
    ip: "127.0.0.1",
    now,
  };
}
