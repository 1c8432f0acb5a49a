import { seedDemoRetention } from "./demo-retention";
import { hash } from "@node-rs/argon2";
import { sql } from "drizzle-orm";
import type { Db } from "#db/client";
import { auditEvents, institutions, municipalities, userInstitutions, userMonitoringAreas, users } from "#db/schema";
import { DEMO_ACCOUNTS } from "./demo-accounts";
import { seedDemoBulgaria } from "./demo-bulgaria";
import { seedDemoBulgarianGrant, seedDemoGrant } from "./demo-grant";
import { seedDemoPlan } from "./demo-plan";
import { seedDemoStaff } from "./demo-staff";
import { seedDemoTransitions } from "./demo-transitions";

/**
 * Demo data from the seeds' real figures (see docs/demo-data.md for the sources):
 * - seed 004: Miasto Zielona Góra; DPS dla Kombatantów w Zielonej Górze, project realiser of the
 *   2022–2023 POWER 2.8 DI grant (2 341 850,00 PLN);
 * - seed 000: Община Тутракан; the unit for hourly home services (Звено за почасово
 *   предоставяне на услуги в домашна среда), project BG05M9OP001-2.002-0042-C001;
 * - seed 001: Община Ракитово; its patronage care (project BG05M9OP001-6.002-0141-C01).
 * Residents, staff, housing, the plan and the grant are written through the real services.
 */
export const DEMO_INSTITUTIONS = {
  "zg-dps": {
    municipality: "zg",
    name: "Dom Pomocy Społecznej dla Kombatantów w Zielonej Górze",
    kind: "residential_care_home",
    country: "PL",
    address: "Zielona Góra",
    timeZone: "Europe/Warsaw",
    // Seed 004 gives no number of places for the DPS (its 100 are the residents covered by the plan).
    places: null,
  },
  "tutrakan-unit": {
    municipality: "tutrakan",
    name: "Звено за почасово предоставяне на услуги в домашна среда – Тутракан",
    kind: "community_service_unit",
    country: "BG",
    address: "гр. Тутракан, сградата на Центъра за социална рехабилитация и интеграция",
    timeZone: "Europe/Sofia",
    // A unit of home services: it houses nobody.
    places: null,
  },
  "rakitovo-patronage": {
    municipality: "rakitovo",
    name: "Патронажна грижа + – Община Ракитово",
    kind: "community_service_unit",
    country: "BG",
    address: "гр. Ракитово",
    timeZone: "Europe/Sofia",
    // Hourly mobile services at home: it houses nobody.
    places: null,
  },
} as const;

const DEMO_MUNICIPALITIES = {
  zg: { country: "PL", name: "Miasto Zielona Góra", kind: "gmina", region: "lubuskie" },
  tutrakan: { country: "BG", name: "Община Тутракан", kind: "obshtina", region: "Силистра" },
  rakitovo: { country: "BG", name: "Община Ракитово", kind: "obshtina", region: "Пазарджик" },
} as const;

/** Loads the demo data into an empty database. Returns false (and does nothing) otherwise. */
export async function seedDemo(db: Db): Promise<boolean> {
  const count = db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .get()!.n;
  if (count > 0) return false;
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hash(a.password)));
  db.transaction(
    (tx) => {
      const muniIds: Record<string, number> = {};
      for (const [key, m] of Object.entries(DEMO_MUNICIPALITIES)) {
        muniIds[key] = tx.insert(municipalities).values(m).returning({ id: municipalities.id }).get().id;
      }
      const instIds: Record<string, number> = {};
      for (const [key, i] of Object.entries(DEMO_INSTITUTIONS)) {
        const { municipality, ...rest } = i;
        instIds[key] = tx
          .insert(institutions)
          .values({ ...rest, municipalityId: muniIds[municipality]! })
          .returning({ id: institutions.id })
          .get().id;
      }
      DEMO_ACCOUNTS.forEach((a, idx) => {
        const id = tx
          .insert(users)
          .values({ email: a.email, name: a.name, role: a.role, locale: a.locale, passwordHash: hashes[idx]! })
          .returning({ id: users.id })
          .get().id;
        for (const key of a.institutions) {
          tx.insert(userInstitutions).values({ userId: id, institutionId: instIds[key]! }).run();
        }
        for (const key of a.municipalities ?? []) {
          tx.insert(userMonitoringAreas).values({ userId: id, municipalityId: muniIds[key]! }).run();
        }
        for (const country of a.countries ?? []) tx.insert(userMonitoringAreas).values({ userId: id, country }).run();
      });
      tx.insert(auditEvents)
        .values({
          at: new Date().toISOString(),
          action: "demo.seeded",
          entityType: "system",
          actorLabel: "seed",
        })
        .run();
    },
    { behavior: "immediate" },
  );
  seedDemoTransitions(db);
  seedDemoStaff(db);
  seedDemoPlan(db);
  seedDemoGrant(db);
  seedDemoBulgaria(db);
  seedDemoBulgarianGrant(db);
  seedDemoRetention(db);
  return true;
}
