import { recordHours } from "#app/modules/deliveries/service.server";
import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { institutions, transitions, users, type User } from "#db/schema";
import type { LegalCapacity, Sex } from "#db/schema/enums";
import { LIFE_DOMAINS } from "#db/schema/enums";
import { createHousingUnit } from "#app/modules/housing/service.server";
import { createResident } from "#app/modules/residents/service.server";
import { createStaffMember } from "#app/modules/staff/service.server";
import { bulkEnrol, createModule, createSupportSession, enrolmentAction } from "#app/modules/staff/training.server";
import { setRatio } from "#app/modules/staff/readiness.server";
import {
  addService,
  approvePlan,
  listServices,
  listVisits,
  recordConsent,
  recordVisit,
  reservePlace,
  saveAssessment,
  savePlan,
} from "#app/modules/transitions/records.server";
import { applyEvent } from "#app/modules/transitions/service.server";
import type { AssessmentFormOutput } from "#app/modules/transitions/schemas";
import type { TransitionEventType } from "#machines/transition";
import { addDays, addMonths, localDate } from "#app/utils/dates";
import { seedContext } from "./context";

/**
 * The Bulgarian demo (docs/decisions/026-bulgarian-demo-and-page-times.md), from the seeds' figures:
 * - seed 000, Tutrakan's unit for hourly home services: services from 26.02.2016; in the first
 *   year 96 users of "social assistant" and "home helper", 58 assistants and home helpers
 *   employed, monthly psychological support and supervision from the partner „СОНИК СТАРТ“ ООД,
 *   an individual plan for every user;
 * - seed 001, Rakitovo's patronage care (period 01.11.2021 – 31.01.2022): two users died, two new
 *   users were admitted and signed contracts; supporting training and supervision of the home
 *   helpers;
 * - seed 003: a service delivered by another municipality's provider under a mechanism for
 *   interaction between municipalities.
 * The people, the protected home and the four people who moved into it are invented (the seeds
 * give no housing). Every history goes through the real services, each step on its own date.
 */
export const BG_FIGURES = {
  tutrakanUsers: 96,
  tutrakanAssistants: 58,
  tutrakanSupportMonths: 12,
  tutrakanMovers: 4,
  rakitovoDeaths: 2,
  rakitovoNewUsers: 2,
  rakitovoHelpers: 4,
} as const;

const BG_WOMEN = [
  "Мария",
  "Иванка",
  "Петя",
  "Стефка",
  "Радка",
  "Снежана",
  "Милка",
  "Росица",
  "Донка",
  "Веселина",
  "Златка",
  "Пенка",
  "Тодорка",
  "Василка",
  "Гергана",
  "Надежда",
  "Цветана",
  "Йорданка",
];
const BG_MEN = [
  "Иван",
  "Георги",
  "Димитър",
  "Петър",
  "Стоян",
  "Христо",
  "Николай",
  "Тодор",
  "Атанас",
  "Васил",
  "Костадин",
  "Марин",
  "Пламен",
  "Янко",
];
const BG_SURNAMES = [
  "Иванов",
  "Георгиев",
  "Димитров",
  "Петров",
  "Стоянов",
  "Христов",
  "Николов",
  "Тодоров",
  "Атанасов",
  "Василев",
  "Маринов",
  "Колев",
  "Пенев",
  "Илиев",
  "Радев",
  "Добрев",
  "Славов",
  "Минчев",
  "Русев",
  "Костадинов",
];
/** Bulgarian surnames take -а for a woman (Иванов → Иванова). */
const feminine = (s: string) => `${s}а`;

/** The unit's second case worker, who approves the plans the first one writes. */
export const BG_APPROVER_EMAIL = "rakovoditel@demo.local";

function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function assessment(on: string, by: string, summary: string): AssessmentFormOutput {
  const input: Record<string, unknown> = {
    overallIntensity: "limited",
    summary,
    completedByName: by,
    completedOn: on,
    version: 0,
  };
  for (const d of LIFE_DOMAINS) {
    input[`domain_${d}`] = d === "self_care" || d === "household" ? "extensive" : "limited";
    input[`note_${d}`] = "";
  }
  return input as AssessmentFormOutput;
}

const byEmail = (db: Db, email: string): User => {
  const u = db.select().from(users).where(eq(users.email, email)).get();
  if (!u) throw new Error(`demo account ${email} must be seeded first`);
  return u;
};

/** One person's record, and a way to send the machine's events on their transition. */
function person(db: Db, residentId: number) {
  const version = () =>
    db.select({ v: transitions.version }).from(transitions).where(eq(transitions.residentId, residentId)).get()!.v;
  const transitionId = () =>
    db.select({ id: transitions.id }).from(transitions).where(eq(transitions.residentId, residentId)).get()!.id;
  return {
    send: (user: User, type: TransitionEventType, on: string) =>
      applyEvent(seedContext(db, user, on), residentId, { type, on, version: version() }),
    transitionId,
  };
}

export function seedDemoBulgaria(db: Db): void {
  const tutrakan = db
    .select()
    .from(institutions)
    .where(eq(institutions.name, "Звено за почасово предоставяне на услуги в домашна среда – Тутракан"))
    .get();
  const rakitovo = db
    .select()
    .from(institutions)
    .where(eq(institutions.name, "Патронажна грижа + – Община Ракитово"))
    .get();
  if (!tutrakan || !rakitovo) throw new Error("the Bulgarian demo institutions must be seeded first");
  const worker = byEmail(db, "rabotnik@demo.local");
  const head = byEmail(db, BG_APPROVER_EMAIL);
  const patronage = byEmail(db, "patronazh@demo.local");
  const admin = byEmail(db, "admin@demo.local");
  const rnd = prng(359);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const name = (woman: boolean) => {
    const s = pick(BG_SURNAMES);
    return { firstName: woman ? pick(BG_WOMEN) : pick(BG_MEN), lastName: woman ? feminine(s) : s };
  };

  // ---------- Tutrakan (seed 000): 58 assistants and home helpers, monthly support ----------
  const assistants: number[] = [];
  for (let i = 0; i < BG_FIGURES.tutrakanAssistants; i++) {
    const woman = i % 9 !== 4;
    assistants.push(
      createStaffMember(seedContext(db, worker, "2016-02-26"), {
        institutionId: tutrakan.id,
        ...name(woman),
        sex: woman ? "female" : "male",
        dateOfBirth: `${1958 + (i % 30)}-${String(1 + (i % 12)).padStart(2, "0")}-10`,
        position: i % 2 === 0 ? "социален асистент" : "домашен помощник",
        employedFrom: i < 40 ? "2016-02-26" : addDays("2016-03-01", (i - 40) * 14),
        employedTo: null,
        email: "",
        phone: "",
      }),
    );
  }
  for (let m = 0; m < BG_FIGURES.tutrakanSupportMonths; m++) {
    const heldOn = addDays("2016-03-15", m * 30);
    createSupportSession(seedContext(db, worker, heldOn), {
      institutionId: tutrakan.id,
      kind: m % 2 === 0 ? "psychological_support" : "supervision",
      heldOn,
      facilitator: "„СОНИК СТАРТ“ ООД",
      topics:
        m % 2 === 0
          ? "Психологическа подкрепа и консултации на доставчиците на услуги"
          : "Супервизия: организация на работното място и съвместна работа",
      // Those employed by the session's day.
      staffIds: assistants.filter((_, i) => i < 40 || addDays("2016-03-01", (i - 40) * 14) <= heldOn),
    });
  }

  // ---------- Tutrakan: the 96 users of the hourly services ----------
  // Each had an individual social assessment, an individual plan and a contract for use of the
  // service (the consent record in Bulgaria). They live at home: nobody moves, so their
  // transitions stay in planning (the machine follows moves into housing; see the decision).
  for (let i = 0; i < BG_FIGURES.tutrakanUsers; i++) {
    const woman = rnd() < 0.62;
    const older = rnd() < 0.7;
    const year = older ? 1925 + Math.floor(rnd() * 26) : 1952 + Math.floor(rnd() * 40);
    const legalCapacity: LegalCapacity = i % 12 === 5 ? "partial" : "full";
    const opened = addDays("2016-02-26", Math.floor((i / BG_FIGURES.tutrakanUsers) * 330));
    const who = name(woman);
    const residentId = createResident(seedContext(db, worker, opened), {
      institutionId: tutrakan.id,
      ...who,
      sex: (woman ? "female" : "male") as Sex,
      dateOfBirth: `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}`,
      targetGroup: older ? "older_person" : "person_with_disability",
      disability: older ? (rnd() < 0.5 ? "yes" : "not_disclosed") : "yes",
      legalCapacity,
      guardianName: legalCapacity === "full" ? "" : `${pick(BG_MEN)} ${who.lastName.replace(/а$/, "")}`,
      guardianContact: "",
      guardianDecision: legalCapacity === "full" ? "" : "Районен съд – Тутракан",
      admissionDate: null,
      supportNeeds: older
        ? "Невъзможност за самообслужване; помощ в домакинството."
        : "Лична помощ и социално включване.",
    });
    const p = person(db, residentId);
    p.send(worker, "START_ASSESSMENT", opened);
    saveAssessment(
      seedContext(db, worker, addDays(opened, 5)),
      residentId,
      assessment(addDays(opened, 5), worker.name, "Индивидуална социална оценка в дома на потребителя."),
    );
    p.send(worker, "COMPLETE_ASSESSMENT", addDays(opened, 5));
    savePlan(seedContext(db, worker, addDays(opened, 7)), residentId, {
      goals: "Да остане у дома с почасова помощ и да поддържа контакт с близките си.",
      supportNeeded: older
        ? "Комунално-битова помощ, пазаруване, лична хигиена."
        : "Лична помощ, придружаване, социално включване.",
      housingPreference: "",
      plannedServices: ["bg_home_helper"],
      writtenOn: addDays(opened, 7),
      version: 0,
    });
    approvePlan(seedContext(db, head, addDays(opened, 8)), residentId, { approvedOn: addDays(opened, 8), version: 1 });
    recordConsent(seedContext(db, worker, addDays(opened, 9)), residentId, {
      givenBy: legalCapacity === "full" ? "resident" : "resident_with_curator",
      guardianName: legalCapacity === "full" ? "" : "попечител",
      givenOn: addDays(opened, 9),
      documentRef: `Договор за ползване № ${i + 1}/2016`,
    });
  }

  // ---------- Tutrakan: a protected home and four people who moved into it (invented) ----------
  const home = createHousingUnit(seedContext(db, worker, "2021-04-01"), {
    institutionId: tutrakan.id,
    housingType: "bg_protected_housing",
    name: "Защитено жилище – Тутракан",
    address: "гр. Тутракан",
    operatorName: "Община Тутракан",
    operatorKind: "municipality",
    capacity: 6,
    maxFundedUsers: 6,
    openedOn: "2021-04-01",
    status: "open",
    onInstitutionPremises: false,
  });
  const today = localDate(new Date(), tutrakan.timeZone);
  // Moves: two long ago (one completed), one a year ago, one two months ago (visits still due).
  const moves = ["2024-04-08", "2024-10-07", addMonths(today, -13), addMonths(today, -2)];
  moves.forEach((moveOn, k) => {
    const woman = k % 2 === 0;
    const opened = addDays(moveOn, -90);
    const residentId = createResident(seedContext(db, worker, opened), {
      institutionId: tutrakan.id,
      ...name(woman),
      sex: woman ? "female" : "male",
      dateOfBirth: `${1968 + k * 5}-0${k + 3}-12`,
      targetGroup: "person_with_disability",
      disability: "yes",
      legalCapacity: "full",
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: `${2004 + k}-09-01`,
      supportNeeds: "Напуска специализирана институция; подкрепа в ежедневието.",
    });
    const p = person(db, residentId);
    p.send(worker, "START_ASSESSMENT", opened);
    saveAssessment(
      seedContext(db, worker, addDays(opened, 14)),
      residentId,
      assessment(addDays(opened, 14), worker.name, "Оценка на потребностите преди напускане на институцията."),
    );
    p.send(worker, "COMPLETE_ASSESSMENT", addDays(opened, 14));
    savePlan(seedContext(db, worker, addDays(opened, 20)), residentId, {
      goals: "Да живее в защитено жилище в Тутракан и да работи на непълен работен ден.",
      supportNeeded: "Асистентска подкрепа; терапия и рехабилитация.",
      housingPreference: "bg_protected_housing",
      plannedServices: k === 1 ? ["bg_assistant_support", "bg_therapy_rehabilitation"] : ["bg_assistant_support"],
      writtenOn: addDays(opened, 20),
      version: 0,
    });
    approvePlan(seedContext(db, head, addDays(opened, 22)), residentId, {
      approvedOn: addDays(opened, 22),
      version: 1,
    });
    recordConsent(seedContext(db, worker, addDays(opened, 25)), residentId, {
      givenBy: "resident",
      guardianName: "",
      givenOn: addDays(opened, 25),
      documentRef: `Договор за ползване № ЗЖ-${k + 1}/${moveOn.slice(0, 4)}`,
    });
    p.send(worker, "START_PREPARATION", addDays(opened, 26));
    reservePlace(seedContext(db, worker, addDays(moveOn, -30)), residentId, {
      housingUnitId: home,
      reservedOn: addDays(moveOn, -30),
      plannedMoveOn: moveOn,
    });
    p.send(worker, "START_MOVE", addDays(moveOn, -20));
    p.send(worker, "RECORD_MOVE", moveOn);
    addService(seedContext(db, worker, moveOn), residentId, {
      serviceType: "bg_assistant_support",
      provider: "Звено за почасово предоставяне на услуги – Тутракан",
      startOn: moveOn,
      endOn: null,
      hoursPerWeek: 10,
    });
    // Hours delivered by the assistants (seed 000, decision 048): the first week's visits.
    const assistance = listServices(seedContext(db, worker, moveOn), p.transitionId()).at(-1)!.id;
    for (const [d, hours, note] of [
      [7, 2, "Пазаруване и помощ в домакинството"],
      [8, 1.5, "Придружаване до общопрактикуващия лекар"],
      [8, 1, "Вечерна помощ при хранене"],
      [10, 2.5, ""],
    ] as const) {
      const on = addDays(moveOn, d);
      if (on <= today)
        recordHours(seedContext(db, worker, on), residentId, assistance, { deliveredOn: on, hours, note });
    }
    if (k === 1) {
      // Seed 003: a service the municipality does not have, from a neighbouring municipality's
      // provider under a mechanism for interaction between the two municipalities.
      addService(seedContext(db, worker, addDays(moveOn, 14)), residentId, {
        serviceType: "bg_therapy_rehabilitation",
        provider: "Комплекс за социални услуги – Община Силистра (механизъм за взаимодействие с Община Тутракан)",
        startOn: addDays(moveOn, 14),
        endOn: null,
        hoursPerWeek: 2,
      });
    }
    // Monthly monitoring at home (seed 000): the follow-up visits that are due, recorded.
    for (const v of listVisits(seedContext(db, worker, moveOn), p.transitionId())) {
      const on = addDays(v.dueOn, 1);
      if (on > today) continue;
      recordVisit(seedContext(db, worker, on), residentId, v.id, {
        visitedOn: on,
        findings: "Проверка на място в дома: услугата се предоставя според плана.",
        actions: "",
        version: v.version,
      });
    }
    if (k === 0) p.send(worker, "COMPLETE", addDays(addMonths(moveOn, 12), 2));
  });

  // ---------- Rakitovo (seed 001): patronage care, two deaths, two new users ----------
  const helpers: number[] = [];
  for (let i = 0; i < BG_FIGURES.rakitovoHelpers; i++) {
    helpers.push(
      createStaffMember(seedContext(db, patronage, "2021-03-01"), {
        institutionId: rakitovo.id,
        ...name(true),
        sex: "female",
        dateOfBirth: `${1966 + i * 3}-05-20`,
        position: "домашен помощник",
        employedFrom: "2021-03-01",
        employedTo: null,
        email: "",
        phone: "",
      }),
    );
  }
  const patronageModule = createModule(seedContext(db, admin, "2021-10-01"), {
    titleEn: "Supporting training for home helpers (patronage care)",
    titlePl: "Szkolenie podtrzymujące dla opiekunek domowych (opieka patronażowa)",
    titleBg: "Поддържащо обучение на домашни помощници (патронажна грижа)",
    hours: 8,
    competenceArea: "home_care",
    provider: "Община Ракитово",
  });
  const enrolled = bulkEnrol(seedContext(db, patronage, "2021-11-08"), {
    moduleId: patronageModule,
    enrolledOn: "2021-11-08",
    staffIds: helpers,
  });
  enrolmentAction(seedContext(db, patronage, "2021-11-22"), {
    intent: "attend",
    on: "2021-11-22",
    enrolmentIds: enrolled,
    hours: 8,
  });
  enrolmentAction(seedContext(db, patronage, "2021-11-22"), {
    intent: "complete",
    on: "2021-11-22",
    enrolmentIds: enrolled,
    certificateRef: "",
  });
  for (const heldOn of ["2021-11-29", "2021-12-20", "2022-01-24"]) {
    createSupportSession(seedContext(db, patronage, heldOn), {
      institutionId: rakitovo.id,
      kind: "supervision",
      heldOn,
      facilitator: "Екип за организация и управление на проекта",
      topics: "Супервизия на домашните помощници",
      staffIds: helpers,
    });
  }
  const patronagePlan = (residentId: number, on: string) => {
    savePlan(seedContext(db, patronage, on), residentId, {
      goals: "Почасови мобилни интегрирани здравно-социални услуги у дома.",
      supportNeeded: "Патронажна грижа: здравни грижи и помощ в домакинството.",
      housingPreference: "",
      plannedServices: ["bg_patronage_care"],
      writtenOn: on,
      version: 0,
    });
  };
  const patronageUser = (opened: string, woman: boolean, year: number) => {
    const residentId = createResident(seedContext(db, patronage, opened), {
      institutionId: rakitovo.id,
      ...name(woman),
      sex: woman ? "female" : "male",
      dateOfBirth: `${year}-02-14`,
      targetGroup: "older_person",
      disability: "yes",
      legalCapacity: "full",
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: null,
      supportNeeds: "Възрастен човек в невъзможност за самообслужване.",
    });
    const p = person(db, residentId);
    p.send(patronage, "START_ASSESSMENT", opened);
    saveAssessment(
      seedContext(db, patronage, addDays(opened, 6)),
      residentId,
      assessment(addDays(opened, 6), patronage.name, "Индивидуална социална оценка за патронажна грижа."),
    );
    p.send(patronage, "COMPLETE_ASSESSMENT", addDays(opened, 6));
    patronagePlan(residentId, addDays(opened, 8));
    recordConsent(seedContext(db, patronage, addDays(opened, 10)), residentId, {
      givenBy: "resident",
      guardianName: "",
      givenOn: addDays(opened, 10),
      documentRef: `Договор за ползване, ${addDays(opened, 10).slice(0, 4)}`,
    });
    return p;
  };
  // Two of the target group died in the period; two new users were admitted in their places.
  patronageUser("2021-03-15", true, 1931).send(patronage, "RECORD_DEATH", "2021-11-18");
  patronageUser("2021-03-22", false, 1936).send(patronage, "RECORD_DEATH", "2021-12-09");
  patronageUser("2021-12-13", true, 1940);
  patronageUser("2022-01-10", false, 1944);

  // ---------- the readiness view's basis for Bulgarian types ----------
  const ratio = (
    subject: "housing" | "service",
    typeCode: string,
    competenceArea: "supported_living" | "home_care" | "personal_assistance",
    staffPerUnit: number,
  ) => setRatio(seedContext(db, admin, "2021-10-01"), { subject, typeCode, competenceArea, staffPerUnit });
  ratio("housing", "bg_protected_housing", "supported_living", 0.5);
  ratio("service", "bg_assistant_support", "personal_assistance", 0.25);
  ratio("service", "bg_patronage_care", "home_care", 0.5);
}
