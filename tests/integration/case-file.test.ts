import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { auditEvents, users } from "#db/schema";
import type { Locale } from "#db/schema/enums";
import { buildWorld, daysAgo, type World } from "#tests/factories/world";
import { contextFor } from "#tests/factories";
import { pdfText } from "#tests/support/pdf-text";
import { call, getRequest, loadRoute, openAppDb, signIn, type RouteModule } from "#tests/support/route-harness";

/** The printable case file (issue #15): every record of the person, in the reader's language, for those who may see them. */
let db: Db;
let w: World;
let route: RouteModule;
let cw: string;

beforeAll(async () => {
  db = await openAppDb();
  w = await buildWorld(db);
  route = await loadRoute("_app.residents.$residentId.case-file[.]pdf.ts");
  cw = await signIn(w.emails.case_worker);
  // A needs assessment and a plan, so every section has content.
  const { saveAssessment, savePlan } = await import("#app/modules/transitions/records.server");
  const ctx = contextFor(db, w.userIds.case_worker);
  const domains: Record<string, string> = {};
  for (const d of [
    "self_care",
    "health",
    "household",
    "mobility",
    "communication",
    "social_relations",
    "daytime_activity",
    "finances",
    "safety",
  ]) {
    domains[`domain_${d}`] = "limited";
    domains[`note_${d}`] = d === "health" ? "Cukrzyca, insulina" : "";
  }
  saveAssessment(ctx, w.a.residentId, {
    overallIntensity: "limited",
    summary: "Samodzielna z asystą",
    completedByName: "Anna Nowak",
    completedOn: daysAgo(0),
    version: 0,
    ...domains,
  } as never);
  savePlan(ctx, w.a.residentId, {
    goals: "Mieszkanie chronione w Zielonej Górze",
    supportNeeded: "Asystent osobisty",
    housingPreference: "",
    plannedServices: ["pl_care_services"],
    writtenOn: daysAgo(0),
    version: 0,
  });
}, 60_000);

async function caseFileText(locale: Locale) {
  db.update(users).set({ locale }).where(eq(users.id, w.userIds.case_worker)).run();
  const res = (await route.loader!({
    request: getRequest(`/residents/${w.a.residentId}/case-file.pdf`, cw),
    params: { residentId: String(w.a.residentId) },
    context: {},
  })) as Response;
  expect(res.status).toBe(200);
  return { res, text: pdfText(Buffer.from(await res.arrayBuffer())) };
}

describe("the case file PDF", () => {
  const HEADINGS: Record<Locale, string[]> = {
    en: [
      "Case file",
      "Personal data",
      "Individual needs assessment",
      "Individual transition plan",
      "Informed consent",
      "Housing place",
      "Follow-up visits",
      "Community services received",
      "Documents",
    ],
    pl: [
      "Teczka sprawy",
      "Dane osobowe",
      "Indywidualna ocena potrzeb",
      "Indywidualny plan przejścia",
      "Świadoma zgoda",
      "Miejsce w mieszkaniu",
      "Wizyty monitorujące",
      "Otrzymywane usługi środowiskowe",
      "Dokumenty",
    ],
    bg: [
      "Досие",
      "Лични данни",
      "Индивидуална оценка на потребностите",
      "Индивидуален план за подкрепа",
      "Информирано съгласие",
      "Място в жилище",
      "Последващи посещения (мониторинг)",
      "Получавани социални услуги в общността",
      "Документи",
    ],
  };

  for (const locale of ["en", "pl", "bg"] as const) {
    it(`holds every section and the person's records, in ${locale}`, async () => {
      const { res, text } = await caseFileText(locale);
      expect(res.headers.get("Content-Type")).toBe("application/pdf");
      expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="case-file-${w.a.residentCode}.pdf"`);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      const flat = text.replace(/\s+/g, " ");
      for (const h of HEADINGS[locale]) expect(flat, h).toContain(h);
      for (const fact of [
        "GenowefaA",
        "SekretnaAzq",
        w.a.residentCode,
        "Cukrzyca, insulina",
        "Mieszkanie chronione w Zielonej Górze",
        "Asystent osobisty",
        "Zgoda A",
        "Mieszkanie A",
        "MOPS A",
        "zgoda-A.pdf",
        "Case Worker A",
      ]) {
        expect(flat, fact).toContain(fact);
      }
      // Nothing of the other institution.
      for (const secret of w.b.secrets) expect(flat).not.toContain(secret);
    });
  }

  it("is a read of personal data: audited; another institution's person is not found, a role without personal data is refused", async () => {
    const before = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "resident.case_file_exported"))
      .all().length;
    await caseFileText("en");
    const after = db.select().from(auditEvents).where(eq(auditEvents.action, "resident.case_file_exported")).all();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({
      entityId: String(w.a.residentId),
      actorUserId: w.userIds.case_worker,
      institutionId: w.a.institutionId,
    });
    const other = await call(route.loader!, getRequest(`/residents/${w.b.residentId}/case-file.pdf`, cw), {
      residentId: String(w.b.residentId),
    });
    expect(other.status).toBe(404);
    const gm = await signIn(w.emails.grant_manager);
    const denied = await call(route.loader!, getRequest(`/residents/${w.a.residentId}/case-file.pdf`, gm), {
      residentId: String(w.a.residentId),
    });
    expect(denied.status).toBe(403);
  });
});
