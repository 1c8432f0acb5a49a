import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { municipalities, users } from "#db/schema";
import { seedContext } from "./context";
import { draftDiagnosis } from "#app/modules/plans/diagnosis.server";
import {
  addComment,
  answerComment,
  closeConsultation,
  createPlan,
  editPlan,
  getPlanVersion,
  planEvent,
} from "#app/modules/plans/service.server";
import {
  addActionItem,
  addMember,
  recordMeetingHeld,
  scheduleMeeting,
  updateActionItem,
  workingGroup,
} from "#app/modules/plans/working-group.server";
import { addDays, localDate } from "#app/utils/dates";

/**
 * Seed 004's local DI plan for Zielona Góra: 100 residents covered, 30 to move, 60 staff
 * supported, 21 to community services, 2 protected flats for 12 people; project August 2022 –
 * 31 August 2023, 2 341 850,00 PLN. Adopted after a consultation, now being implemented.
 */
export function seedDemoPlan(db: Db): void {
  const area = db.select().from(municipalities).where(eq(municipalities.name, "Miasto Zielona Góra")).get()!;
  const wg = db.select().from(users).where(eq(users.email, "grupa@demo.local")).get()!;
  const ctx = (date: string) => seedContext(db, wg, date);
  const id = createPlan(ctx("2022-08-10"), {
    municipalityId: area.id,
    title: "Lokalny plan deinstytucjonalizacji usług społecznych dla Zielonej Góry",
  });
  const version = () => getPlanVersion(ctx("2022-08-10"), id).version.version;
  editPlan(ctx("2022-09-15"), id, version(), "general_updated", (c) => ({
    ...c,
    periodFrom: "2022-08-01",
    periodTo: "2023-08-31",
    regionalPlanLink: "Regionalny plan rozwoju usług społecznych i deinstytucjonalizacji dla województwa lubuskiego",
    diagnosis: {
      residentsByTargetGroup: { older_person: 64, person_with_disability: 36, mental_health_crisis: 0 },
      // Before the project: the municipality's 24 places in protected flats (MOPS), none run by the DPS.
      placesByType: { pl_protected_supported_flat: 24, pl_community_self_help_home: 45 },
      staff: 72,
      waitingList: 18,
      text: "Dom Pomocy Społecznej dla Kombatantów w Zielonej Górze: 100 mieszkańców objętych planem. Brak mieszkań chronionych prowadzonych przez DPS; 24 miejsca w mieszkaniach MOPS.",
    },
    monitoring:
      "Grupa robocza spotyka się co miesiąc; kwartalny przegląd wskaźników; ewaluacja końcowa po zakończeniu projektu.",
    goals: [
      {
        id: "g-move",
        title: "Przejście 30 mieszkańców DPS do usług w społeczności lokalnej",
        description: "Udomowienie usług opiekuńczych.",
      },
      {
        id: "g-staff",
        title: "Przygotowanie kadry DPS do świadczenia usług w społeczności",
        description: "Co najmniej 60 pracowników wspartych, 21 rozpocznie pracę w usługach środowiskowych.",
      },
    ],
    actions: [
      {
        id: "a-flats",
        goalId: "g-move",
        title: "Utworzenie dwóch mieszkań chronionych dla 12 osób",
        owner: "DPS dla Kombatantów",
        start: "2022-10-01",
        deadline: "2023-04-30",
        budget: 1200000,
        currency: "PLN",
        fundingSource: "POWER 2.8 (grant)",
        status: "done",
      },
      {
        id: "a-plans",
        goalId: "g-move",
        title: "Indywidualne plany przejścia dla 100 mieszkańców",
        owner: "Zespół pracowników socjalnych DPS",
        start: "2022-09-01",
        deadline: "2023-06-30",
        budget: 150000,
        currency: "PLN",
        fundingSource: "POWER 2.8 (grant)",
        status: "done",
      },
      {
        id: "a-training",
        goalId: "g-staff",
        title: "Szkolenia i superwizja pracowników DPS",
        owner: "ROPS w Zielonej Górze",
        start: "2022-10-01",
        deadline: "2023-08-31",
        budget: 420000,
        currency: "PLN",
        fundingSource: "POWER 2.8 (grant)",
        status: "in_progress",
      },
    ],
    risks: [
      {
        id: "r-housing",
        description: "Opóźnienie adaptacji lokali",
        likelihood: "medium",
        impact: "high",
        mitigation: "Wykorzystanie mieszkań MOPS w okresie przejściowym",
        owner: "Miasto Zielona Góra",
      },
    ],
    milestones: [
      {
        id: "m-1",
        date: "2023-03-31",
        title: "Pierwsze przeprowadzki i szkolenia",
        targets: { RES_MOVED: 10, STAFF_SUPPORTED: 30, PLACES_CREATED: 6 },
      },
      {
        id: "m-2",
        date: "2023-08-31",
        title: "Cele projektu",
        targets: { RES_COVERED: 100, RES_MOVED: 30, STAFF_SUPPORTED: 60, STAFF_TO_COMMUNITY: 21, PLACES_CREATED: 12 },
      },
    ],
  }));
  // The figures drafted from the demo register as of the end of August 2022 (decision 039);
  // the typed figures above are what the group had before, kept in the audit log.
  draftDiagnosis(ctx("2022-09-16"), id, { version: version(), asOf: "2022-08-31" }, 3);
  planEvent(ctx("2022-09-20"), id, { type: "START_CONSULTATION", version: version(), on: "2022-09-20" });
  addComment(ctx("2022-10-05"), id, {
    receivedFrom: "Stowarzyszenie Rodzin i Opiekunów Osób z Niepełnosprawnościami",
    receivedOn: "2022-10-04",
    section: "actions",
    comment: "Prosimy o udział rodzin w przygotowaniu indywidualnych planów.",
    response: "Uwzględniono: rodziny są zapraszane do ustalania indywidualnych planów przejścia.",
  });
  addComment(ctx("2022-10-12"), id, {
    receivedFrom: "Rada Osiedla Jędrzychów",
    receivedOn: "2022-10-11",
    section: "diagnosis",
    comment: "Diagnoza nie podaje, ile osób czeka na miejsce w mieszkaniu chronionym.",
    response: "",
  });
  {
    const c = getPlanVersion(ctx("2022-10-18"), id).comments.find((x) => !x.response)!;
    answerComment(ctx("2022-10-18"), id, {
      commentId: c.id,
      version: c.version,
      response: "Uzupełniono: lista oczekujących liczy 18 osób (stan na 30.09.2022).",
    });
  }
  closeConsultation(ctx("2022-10-20"), id, {
    version: version(),
    closedOn: "2022-10-20",
    summary: "Konsultacje społeczne 20.09–20.10.2022: wpłynęły 2 uwagi, obie rozpatrzone.",
  });
  planEvent(ctx("2022-10-27"), id, {
    type: "ADOPT",
    version: version(),
    on: "2022-10-27",
    adoptingBody: "Rada Miasta Zielona Góra",
    resolutionNumber: "LIII/710/22",
  });
  planEvent(ctx("2022-11-02"), id, { type: "START_IMPLEMENTATION", version: version(), on: "2022-11-02" });
  seedDemoWorkingGroup(ctx, id);
}

/**
 * The plan's working group (decision 037): four members, a meeting held with its minutes and
 * decisions, one scheduled three weeks ahead of the day the demo is loaded, and action items
 * (one done, one late, one in progress).
 */
function seedDemoWorkingGroup(ctx: (date: string) => ReturnType<typeof seedContext>, planId: number) {
  const members = [
    { name: "Anna Nowak", organisation: "MOPS Zielona Góra", roleInGroup: "przewodnicząca", contact: "" },
    { name: "Marek Zieliński", organisation: "DPS dla Kombatantów", roleInGroup: "dyrektor DPS", contact: "" },
    { name: "Ewa Lis", organisation: "Stowarzyszenie Rodzin i Opiekunów", roleInGroup: "członkini", contact: "" },
    {
      name: "Tomasz Wójcik",
      organisation: "Urząd Miasta, Wydział Spraw Społecznych",
      roleInGroup: "sekretarz",
      contact: "",
    },
  ];
  for (const m of members) addMember(ctx("2022-08-10"), planId, m);
  const g = () => workingGroup(ctx("2023-05-20"), planId);
  const ids = g().members.map((m) => m.id);
  const byName = (name: string) => g().members.find((m) => m.name === name)!.id;
  const held = scheduleMeeting(ctx("2023-04-28"), planId, {
    heldOn: "2023-05-10",
    place: "Urząd Miasta Zielona Góra, sala 105",
    agenda:
      "1. Przegląd przeprowadzek (kamień milowy 31.03).\n2. Otwarcie drugiego mieszkania.\n3. Szkolenia personelu.",
    inviteeIds: ids,
  });
  recordMeetingHeld(ctx("2023-05-11"), planId, {
    meetingId: held,
    version: 1,
    heldOn: "2023-05-10",
    memberIds: ids.slice(0, 3),
    minutes:
      "Przeprowadziło się 14 osób (cel na 31.03: 10). Drugie mieszkanie chronione otwarte 2 maja. Szkolenia: 41 osób z 60.",
    decisions: "Przyspieszyć szkolenia personelu; przygotować informację dla rodzin przed kolejnymi przeprowadzkami.",
  });
  const today = localDate(new Date(), "Europe/Warsaw");
  scheduleMeeting(ctx(today), planId, {
    heldOn: addDays(today, 21),
    place: "DPS dla Kombatantów, świetlica",
    agenda: "1. Ewaluacja końcowa planu.\n2. Rewizja planu na kolejne lata.",
    inviteeIds: ids,
  });
  addActionItem(ctx("2023-05-11"), planId, {
    title: "Informacja dla rodzin o przeprowadzkach",
    ownerMemberId: byName("Ewa Lis"),
    dueOn: "2023-05-31",
    planActionId: "",
    meetingId: held,
  });
  addActionItem(ctx("2023-05-11"), planId, {
    title: "Harmonogram szkoleń dla pozostałych 19 pracowników",
    ownerMemberId: byName("Marek Zieliński"),
    dueOn: "2023-06-30",
    planActionId: "",
    meetingId: held,
  });
  addActionItem(ctx(today), planId, {
    title: "Projekt rewizji planu na lata 2024–2027",
    ownerMemberId: byName("Anna Nowak"),
    dueOn: addDays(today, 60),
    planActionId: "",
    meetingId: null,
  });
  const [info, , revision] = g().items;
  updateActionItem(ctx("2023-05-30"), planId, {
    ...info!,
    itemId: info!.id,
    ownerMemberId: info!.ownerMemberId!,
    planActionId: "",
    state: "done",
    doneOn: "2023-05-29",
  });
  updateActionItem(ctx(today), planId, {
    ...revision!,
    itemId: revision!.id,
    ownerMemberId: revision!.ownerMemberId!,
    planActionId: "",
    state: "in_progress",
    doneOn: null,
  });
}
