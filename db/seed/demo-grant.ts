import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "#db/client";
import { institutions, municipalities, residents, users } from "#db/schema";
import { grantCreateSchema } from "#app/modules/grants/schemas";
import { createGrant, getGrant } from "#app/modules/grants/service.server";
import { getPeriodReport, saveNarrative, submitReport } from "#app/modules/grants/reports.server";
import { updateResident } from "#app/modules/residents/service.server";
import { seedContext } from "./context";

/** The demo grant's contract number: seed 004 does not give it, so it says it is a demo. */
export const DEMO_GRANT_NUMBER = "POWR.02.08.00-00-DEMO/22";

/**
 * Seed 004's grant (Ministerstwo Rodziny i Polityki Społecznej → Miasto Zielona Góra, realised by
 * the DPS dla Kombatantów): POWER 2014–2020, Działanie 2.8; 2 341 850,00 PLN; August 2022 –
 * 31 August 2023; targets 100 covered, 60 staff supported, 30 moved, 21 staff to community
 * services, 2 protected flats for 12 people. Quarterly reporting periods from 1 August 2022.
 * The first three periods are submitted; then a case worker completes a record (a resident's
 * sex was missing), so the third period shows a late correction beside its frozen values.
 */
export function seedDemoGrant(db: Db): void {
  const manager = db.select().from(users).where(eq(users.email, "koordynator@demo.local")).get()!;
  const worker = db.select().from(users).where(eq(users.email, "pracownik@demo.local")).get()!;
  const dps = db
    .select()
    .from(institutions)
    .where(eq(institutions.name, "Dom Pomocy Społecznej dla Kombatantów w Zielonej Górze"))
    .get()!;
  const area = db.select().from(municipalities).where(eq(municipalities.name, "Miasto Zielona Góra")).get()!;
  const input = grantCreateSchema.parse({
    contractNumber: DEMO_GRANT_NUMBER,
    title:
      "Opracowanie i pilotażowe wdrożenie mechanizmów i planów deinstytucjonalizacji usług społecznych – Zielona Góra",
    programme: "Program Operacyjny Wiedza Edukacja Rozwój 2014–2020, Oś II, Działanie 2.8 Rozwój usług społecznych",
    ageScheme: "esf_2014_2020",
    funder: "Ministerstwo Rodziny i Polityki Społecznej",
    currency: "PLN",
    budget: "2 341 850,00",
    startsOn: "2022-08-01",
    endsOn: "2023-08-31",
    // The balance was paid after the final claim (retention: 5 years from 31.12.2023, CPR art. 82).
    lastPaymentOn: "2023-12-14",
    partners: "Miasto Zielona Góra\nDom Pomocy Społecznej dla Kombatantów w Zielonej Górze",
    municipalityId: String(area.id),
    institutionIds: [String(dps.id)],
    firstPeriodStart: "2022-08-01",
    periodMonths: "3",
    unit_RES_COVERED: "persons",
    baseline_RES_COVERED: "0",
    target_RES_COVERED: "100",
    unit_STAFF_SUPPORTED: "persons",
    baseline_STAFF_SUPPORTED: "0",
    target_STAFF_SUPPORTED: "60",
    unit_RES_MOVED: "persons",
    baseline_RES_MOVED: "0",
    target_RES_MOVED: "30",
    unit_STAFF_TO_COMMUNITY: "persons",
    baseline_STAFF_TO_COMMUNITY: "0",
    target_STAFF_TO_COMMUNITY: "21",
    unit_PLACES_CREATED: "places",
    baseline_PLACES_CREATED: "0",
    target_PLACES_CREATED: "12",
  });
  const grantId = createGrant(seedContext(db, manager, "2022-10-12"), input);
  const narratives: [string, string, string][] = [
    [
      "2022-11-14",
      "Opóźnienie w powołaniu grupy roboczej o dwa tygodnie; diagnoza potrzeb mieszkańców rozpoczęta we wrześniu.",
      "Zakończenie diagnozy, konsultacje projektu planu, pierwsze szkolenia pracowników DPS.",
    ],
    [
      "2023-02-14",
      "Remont pierwszego mieszkania chronionego przedłużył się o miesiąc z powodu dostaw.",
      "Otwarcie dwóch mieszkań chronionych (6 + 6 miejsc), kolejne przeprowadzki, superwizja pracowników.",
    ],
    [
      "2023-05-15",
      "Dwie osoby wróciły do DPS po próbie zamieszkania w mieszkaniu chronionym; plany przejścia zostały zrewidowane.",
      "Dalsze przeprowadzki do usług w społeczności lokalnej i rozpoczęcie pracy w usługach przez przeszkolonych pracowników.",
    ],
  ];
  const periods = getGrant(seedContext(db, manager, "2022-11-14"), grantId).periods;
  narratives.forEach(([date, problems, plannedProgress], i) => {
    const c = seedContext(db, manager, date);
    saveNarrative(c, grantId, periods[i]!.id, { version: 0, problems, plannedProgress });
    const version = getPeriodReport(c, grantId, periods[i]!.id).report!.version;
    submitReport(c, grantId, periods[i]!.id, { version, problems, plannedProgress });
  });
  // A late correction: the case worker records the sex missing from one record.
  const incomplete = db
    .select()
    .from(residents)
    .where(and(eq(residents.institutionId, dps.id), isNull(residents.sex)))
    .get();
  if (incomplete) {
    const { id, version, createdAt: _c, updatedAt: _u, code: _code, ...rest } = incomplete;
    updateResident(seedContext(db, worker, "2023-06-02"), id, {
      ...rest,
      sex: "female",
      guardianName: rest.guardianName ?? "",
      guardianContact: rest.guardianContact ?? "",
      guardianDecision: rest.guardianDecision ?? "",
      supportNeeds: rest.supportNeeds ?? "",
      version,
    });
  }
}

/** The Bulgarian demo grant's contract (seed 000 gives it). */
export const BG_DEMO_GRANT_NUMBER = "BG05M9OP001-2.002-0042-C001";

/**
 * Seed 000's grant: "Независим живот за гражданите на Тутракан", contract
 * BG05M9OP001-2.002-0042-C001 under ОП „Развитие на човешките ресурси" 2014–2020 (ESF), 494 451,93
 * лв., 19 months from 1 January 2016 (to 31 July 2017), with the provider „СОНИК СТАРТ" ООД. Its
 * targets are the unit's real figures: 96 users of the hourly home services and 58 assistants with
 * monthly supervision. Half-yearly periods; the first two reports are submitted by the Bulgarian
 * grant manager, so the report page has frozen values to show (decision 046).
 */
export function seedDemoBulgarianGrant(db: Db): void {
  const manager = db.select().from(users).where(eq(users.email, "menidzhar@demo.local")).get()!;
  const unit = db
    .select()
    .from(institutions)
    .where(eq(institutions.name, "Звено за почасово предоставяне на услуги в домашна среда – Тутракан"))
    .get()!;
  const area = db.select().from(municipalities).where(eq(municipalities.name, "Община Тутракан")).get()!;
  const input = grantCreateSchema.parse({
    contractNumber: BG_DEMO_GRANT_NUMBER,
    title: "Независим живот за гражданите на Тутракан",
    programme: "Оперативна програма „Развитие на човешките ресурси“ 2014–2020, процедура BG05M9OP001-2.002",
    ageScheme: "esf_2014_2020",
    funder: "Министерство на труда и социалната политика – Управляващ орган на ОП РЧР",
    currency: "BGN",
    budget: "494 451,93",
    startsOn: "2016-01-01",
    endsOn: "2017-07-31",
    partners: "Община Тутракан\n„СОНИК СТАРТ“ ООД",
    municipalityId: String(area.id),
    institutionIds: [String(unit.id)],
    firstPeriodStart: "2016-01-01",
    periodMonths: "6",
    unit_RES_COVERED: "persons",
    baseline_RES_COVERED: "0",
    target_RES_COVERED: "96",
    unit_STAFF_SUPPORTED: "persons",
    baseline_STAFF_SUPPORTED: "0",
    target_STAFF_SUPPORTED: "58",
  });
  const grantId = createGrant(seedContext(db, manager, "2016-02-01"), input);
  const narratives: [string, string, string][] = [
    [
      "2016-07-14",
      "Подборът на асистентите отне повече време; първите потребители са обслужвани от края на февруари.",
      "Обслужване на всички 96 потребители, ежемесечна супервизия на асистентите, обучение на новоназначените.",
    ],
    [
      "2017-01-16",
      "Двама асистенти напуснаха и бяха заменени; графикът на посещенията беше преразпределен.",
      "Продължаване на услугите до края на проекта и подготовка за осигуряване на устойчивост от общината.",
    ],
  ];
  const periods = getGrant(seedContext(db, manager, "2016-07-14"), grantId).periods;
  narratives.forEach(([date, problems, plannedProgress], i) => {
    const c = seedContext(db, manager, date);
    saveNarrative(c, grantId, periods[i]!.id, { version: 0, problems, plannedProgress });
    const version = getPeriodReport(c, grantId, periods[i]!.id).report!.version;
    submitReport(c, grantId, periods[i]!.id, { version, problems, plannedProgress });
  });
}
