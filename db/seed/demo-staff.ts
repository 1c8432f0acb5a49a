import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { institutions, users } from "#db/schema";
import { createStaffMember, recordCommunityStart } from "#app/modules/staff/service.server";
import { bulkEnrol, createModule, createSupportSession, enrolmentAction } from "#app/modules/staff/training.server";
import { setRatio } from "#app/modules/staff/readiness.server";
import { addDays } from "#app/utils/dates";
import { seedContext } from "./context";

/**
 * Staff of seed 004's DPS (60 supported in preparing DI, 21 starting community services during the
 * grant); the Bulgarian units' staff are in demo-bulgaria.ts. Written through the real services,
 * each step on its own date.
 */
export const ZG_STAFF_FIGURES = { supported: 60, toCommunity: 21, total: 72 } as const;

const POSITIONS = [
  "opiekun",
  "opiekunka",
  "pokojowa",
  "pielęgniarka",
  "terapeuta zajęciowy",
  "pracownik socjalny",
  "psycholog",
  "rehabilitant",
];
const PL_WOMEN = [
  "Agnieszka",
  "Beata",
  "Dorota",
  "Ewa",
  "Grażyna",
  "Iwona",
  "Joanna",
  "Magdalena",
  "Małgorzata",
  "Renata",
  "Sylwia",
  "Wioletta",
];
const PL_MEN = ["Adam", "Dariusz", "Grzegorz", "Krzysztof", "Marek", "Paweł", "Robert", "Tomasz"];
const PL_SURNAMES = [
  "Adamczyk",
  "Bąk",
  "Czarnecka",
  "Dudek",
  "Górecka",
  "Jabłońska",
  "Kaczmarek",
  "Lis",
  "Majewska",
  "Nowicka",
  "Olszewska",
  "Pietrzak",
  "Rutkowska",
  "Sikora",
  "Tomaszewska",
  "Urbańska",
  "Walczak",
  "Zając",
];

export function seedDemoStaff(db: Db): void {
  const zg = db.select().from(institutions).where(eq(institutions.kind, "residential_care_home")).get()!;
  const worker = db.select().from(users).where(eq(users.email, "pracownik@demo.local")).get()!;
  const admin = db.select().from(users).where(eq(users.email, "admin@demo.local")).get()!;

  const living = createModule(seedContext(db, admin, "2022-09-01"), {
    titleEn: "Assistance in supported living",
    titlePl: "Asystowanie w mieszkalnictwie wspomaganym",
    titleBg: "Подкрепа в защитено жилище",
    hours: 40,
    competenceArea: "supported_living",
    provider: "Regionalny Ośrodek Polityki Społecznej w Zielonej Górze",
  });
  const pcp = createModule(seedContext(db, admin, "2022-09-01"), {
    titleEn: "Person-centred planning",
    titlePl: "Planowanie skoncentrowane na osobie",
    titleBg: "Планиране, ориентирано към човека",
    hours: 16,
    competenceArea: "person_centred_planning",
    provider: "Stowarzyszenie na rzecz Rozwoju Usług Społecznych",
  });
  createModule(seedContext(db, admin, "2022-09-01"), {
    titleEn: "Home care in the community",
    titlePl: "Usługi opiekuńcze w miejscu zamieszkania",
    titleBg: "Грижа в домашна среда",
    hours: 24,
    competenceArea: "home_care",
    provider: "Miejski Ośrodek Pomocy Społecznej w Zielonej Górze",
  });

  // Zielona Góra DPS staff.
  const zgStaff: number[] = [];
  for (let i = 0; i < ZG_STAFF_FIGURES.total; i++) {
    const woman = i % 5 !== 0;
    const surname = PL_SURNAMES[i % PL_SURNAMES.length]!;
    zgStaff.push(
      createStaffMember(seedContext(db, worker, "2022-09-01"), {
        institutionId: zg.id,
        firstName: woman ? PL_WOMEN[i % PL_WOMEN.length]! : PL_MEN[i % PL_MEN.length]!,
        lastName: woman ? surname : surname.replace(/ska$/, "ski").replace(/cka$/, "cki"),
        sex: i === 71 ? null : woman ? "female" : "male",
        dateOfBirth: `${1962 + (i % 35)}-${String(1 + (i % 12)).padStart(2, "0")}-15`,
        position: POSITIONS[i % POSITIONS.length]!,
        employedFrom: `${2000 + (i % 20)}-04-01`,
        employedTo: null,
        email: "",
        phone: "",
      }),
    );
  }
  // 55 trained in supported living (enrolled in autumn 2022, sessions until spring 2023, 40 completed).
  const trainees = zgStaff.slice(0, 55);
  const ids = bulkEnrol(seedContext(db, worker, "2022-10-03"), {
    moduleId: living,
    enrolledOn: "2022-10-03",
    staffIds: trainees,
  });
  const sessions = ["2022-10-10", "2022-11-14", "2022-12-12", "2023-01-16", "2023-02-13"];
  sessions.forEach((d, k) => {
    const attending = ids.filter((_, i) => i < 40 || k < 2 + (i % 3));
    enrolmentAction(seedContext(db, worker, d), { intent: "attend", on: d, enrolmentIds: attending, hours: 8 });
  });
  enrolmentAction(seedContext(db, worker, "2023-02-20"), {
    intent: "complete",
    on: "2023-02-20",
    enrolmentIds: ids.slice(0, 40),
    certificateRef: "ROPS/ZG/2023",
  });
  enrolmentAction(seedContext(db, worker, "2023-03-01"), {
    intent: "drop",
    on: "2023-03-01",
    enrolmentIds: ids.slice(50, 52),
    reason: "długotrwałe zwolnienie lekarskie",
  });

  // Person-centred planning: 10 enrolled, 3 completed so far; 62–66 enrolled, never attended
  // (enrolment alone does not count as support).
  const pcpIds = bulkEnrol(seedContext(db, worker, "2023-04-03"), {
    moduleId: pcp,
    enrolledOn: "2023-04-03",
    staffIds: [...zgStaff.slice(0, 5), ...zgStaff.slice(62, 67)],
  });
  enrolmentAction(seedContext(db, worker, "2023-04-17"), {
    intent: "attend",
    on: "2023-04-17",
    enrolmentIds: pcpIds.slice(0, 5),
    hours: 8,
  });
  enrolmentAction(seedContext(db, worker, "2023-05-15"), {
    intent: "complete",
    on: "2023-05-15",
    enrolmentIds: pcpIds.slice(0, 3),
    certificateRef: "SRUS/2023/PCP",
  });

  // Monthly supervision; 55–59 are supported only through it (60 supported in all).
  for (let m = 0; m < 10; m++) {
    const heldOn = addDays("2022-10-20", m * 30);
    createSupportSession(seedContext(db, worker, heldOn), {
      institutionId: zg.id,
      kind: m % 2 === 0 ? "supervision" : "psychological_support",
      heldOn,
      facilitator: "Dr Anna Lis, superwizor",
      topics: m === 0 ? "Rola opiekuna w mieszkaniu wspomaganym" : "Omówienie przypadków",
      staffIds: [...zgStaff.slice(55, 60), ...zgStaff.slice(m * 3, m * 3 + 6)],
    });
  }
  // 21 start delivering community services during the grant.
  for (let i = 0; i < ZG_STAFF_FIGURES.toCommunity; i++) {
    const on = addDays("2023-02-01", i * 9);
    const staffId = zgStaff[i]!;
    recordCommunityStart(seedContext(db, worker, on), staffId, {
      communityStartOn: on,
      communityServiceType: i % 3 === 0 ? "pl_specialist_care_services" : "pl_care_services",
      communityEmployer:
        i % 2 === 0
          ? "Miejski Ośrodek Pomocy Społecznej w Zielonej Górze"
          : "Dom Pomocy Społecznej dla Kombatantów – zespół usług środowiskowych",
      version: 1,
    });
  }

  // Staff needed per place or person (administrator's ratios), so the readiness view has a basis.
  const ratio = (
    subject: "housing" | "service",
    typeCode: string,
    competenceArea: "supported_living" | "home_care" | "person_centred_planning" | "personal_assistance",
    staffPerUnit: number,
  ) => setRatio(seedContext(db, admin, "2022-09-01"), { subject, typeCode, competenceArea, staffPerUnit });
  ratio("housing", "pl_protected_training_flat", "supported_living", 0.5);
  ratio("housing", "pl_protected_supported_flat", "supported_living", 0.34);
  ratio("housing", "pl_training_flat", "supported_living", 0.5);
  ratio("housing", "pl_assisted_flat", "supported_living", 0.34);
  ratio("service", "pl_care_services", "home_care", 0.25);
  ratio("service", "pl_care_services", "person_centred_planning", 0.2);
  ratio("service", "pl_personal_assistance", "personal_assistance", 1);
}
