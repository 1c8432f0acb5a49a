import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { needsAssessments } from "#db/schema";
import { LIFE_DOMAINS } from "#db/schema/enums";
import { localDate } from "#app/utils/dates";
import { contextFor, createInstitution, createUser } from "#tests/factories";
import { residentWithTransition } from "#tests/factories/housing";
import { call, loadRoute, openAppDb, postRequest, signIn, type RouteModule } from "#tests/support/route-harness";

/**
 * The needs assessment form posted as a browser posts it (issue #14): a life domain not assessed
 * is empty, never "no support"; a draft may leave domains empty, completing needs every one.
 */
let db: Db;
let page: RouteModule;
let cookie: string;
let worker: number;
let instId: number;

const form = (domains: Record<string, string>, over: Record<string, string> = {}) => ({
  ...Object.fromEntries(
    LIFE_DOMAINS.flatMap((d) => [
      [`domain_${d}`, domains[d] ?? ""],
      [`note_${d}`, ""],
    ]),
  ),
  overallIntensity: "limited",
  summary: "",
  completedByName: "",
  completedOn: "",
  version: "0",
  ...over,
});
const post = (residentId: number, fields: Record<string, string>) =>
  call(page.action!, postRequest(`/residents/${residentId}/assessment`, fields, { cookie }), {
    residentId: String(residentId),
  });

beforeAll(async () => {
  db = await openAppDb();
  page = await loadRoute("_app.residents.$residentId.assessment.tsx");
  instId = createInstitution(db).id;
  worker = (await createUser(db, { email: "ocena@world.test", institutionIds: [instId] })).id;
  cookie = await signIn("ocena@world.test");
});

describe("needs assessment form", () => {
  it("a draft may leave life domains empty: they are stored as not assessed, not as 'no support'", async () => {
    const { residentId, transitionId } = residentWithTransition(contextFor(db, worker), instId);
    const o = await post(residentId, form({ self_care: "extensive" }));
    expect(o.status, o.body).toBe(302);
    const row = db.select().from(needsAssessments).where(eq(needsAssessments.transitionId, transitionId)).get()!;
    const domains = row.domains as Record<string, { intensity: string | null }>;
    expect(domains.self_care!.intensity).toBe("extensive");
    expect(domains.health!.intensity).toBeNull();
    expect(row.completedOn).toBeNull();
  });

  it("completing needs every life domain: each empty one is named at its field, nothing is written", async () => {
    const { residentId, transitionId } = residentWithTransition(contextFor(db, worker), instId);
    const all = Object.fromEntries(LIFE_DOMAINS.map((d) => [d, "limited"]));
    const { health: _h, finances: _f, ...missingTwo } = all;
    const today = localDate(new Date(), "Europe/Warsaw");
    const o = await post(residentId, form(missingTwo, { completedByName: "Anna Nowak", completedOn: today }));
    expect(o.status).toBe(400);
    expect((o.data as { fieldErrors: Record<string, { key: string }> }).fieldErrors).toEqual({
      domain_health: { key: "validation.requiredToComplete" },
      domain_finances: { key: "validation.requiredToComplete" },
    });
    expect(
      db.select().from(needsAssessments).where(eq(needsAssessments.transitionId, transitionId)).get(),
    ).toBeUndefined();

    expect((await post(residentId, form(all, { completedByName: "Anna Nowak", completedOn: today }))).status).toBe(302);
    expect(
      db.select().from(needsAssessments).where(eq(needsAssessments.transitionId, transitionId)).get()!.completedOn,
    ).toBe(today);
  });

  it("the overall intensity is chosen, never assumed: an empty one is refused, draft or not", async () => {
    const { residentId } = residentWithTransition(contextFor(db, worker), instId);
    const o = await post(residentId, form({}, { overallIntensity: "" }));
    expect(o.status).toBe(400);
    expect(o.data).toMatchObject({ fieldErrors: { overallIntensity: { key: "validation.required" } } });
  });
});
