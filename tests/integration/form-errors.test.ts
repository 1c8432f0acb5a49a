import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { buildWorld, daysAgo, type World } from "#tests/factories/world";
import { call, loadRoute, openAppDb, postRequest, signIn } from "#tests/support/route-harness";

/**
 * Issue #15: a refusal about one field of a long form (a date out of order, in the future) is
 * that field's error in the answer, so the form marks the field and shows the message beside it
 * (and in its error summary), not only at the top of the page.
 */
let db: Db;
let w: World;

beforeAll(async () => {
  db = await openAppDb();
  w = await buildWorld(db);
}, 60_000);

async function post(
  file: string,
  url: string,
  params: Record<string, string>,
  fields: Record<string, string | string[]>,
  email: string,
) {
  const route = await loadRoute(file);
  const o = await call(route.action!, postRequest(url, fields, { cookie: await signIn(email) }), params);
  return o.data as { fieldErrors?: Record<string, { key: string }>; formError?: { key: string } };
}

describe("a service's refusal about a field comes back as that field's error", () => {
  it("the needs assessment: completed before the transition opened", async () => {
    const fields: Record<string, string> = {
      overallIntensity: "limited",
      summary: "",
      completedByName: "Anna",
      completedOn: "2001-01-01",
      version: "0",
    };
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
      fields[`domain_${d}`] = "limited";
      fields[`note_${d}`] = "";
    }
    const r = await post(
      "_app.residents.$residentId.assessment.tsx",
      `/residents/${w.a.residentId}/assessment`,
      { residentId: String(w.a.residentId) },
      fields,
      w.emails.case_worker,
    );
    expect(r.fieldErrors?.completedOn?.key).toBe("transitions.errors.factBeforeOpening");
    expect(r.formError?.key).toBe("transitions.errors.factBeforeOpening");
  });

  it("the plan's approval: dated before the plan was written", async () => {
    const params = { residentId: String(w.a.residentId) };
    const url = `/residents/${w.a.residentId}/plan`;
    await post(
      "_app.residents.$residentId.plan.tsx",
      url,
      params,
      {
        intent: "save",
        goals: "Dom",
        supportNeeded: "Asystent",
        housingPreference: "",
        writtenOn: daysAgo(0),
        version: "0",
      },
      w.emails.case_worker,
    );
    const r = await post(
      "_app.residents.$residentId.plan.tsx",
      url,
      params,
      { intent: "approve", approvedOn: "2001-01-01", version: "1" },
      "spare-a@world.test",
    );
    expect(Object.keys(r.fieldErrors ?? {})).toEqual(["approvedOn"]);
  });

  it("the working group's meeting: held in the future", async () => {
    const r = await post(
      "_app.plans.$planId.group.tsx",
      `/plans/${w.a.planId}/group`,
      { planId: String(w.a.planId) },
      {
        intent: "meeting",
        heldOn: daysAgo(-3),
        agenda: "",
        minutes: "",
        decisions: "",
        memberIds: [String(w.a.memberId)],
      },
      w.emails.working_group,
    );
    expect(r.fieldErrors?.heldOn?.key).toBe("plans.group.errors.notYetHeld");
  });

  it("the follow-up visit: a date the record refuses", async () => {
    // The world's transition opened today; its visit (scheduled by hand in the world) cannot be 39 days ago.
    const r = await post(
      "_app.residents.$residentId.visits.$visitId.tsx",
      `/residents/${w.a.residentId}/visits/${w.a.visitId}`,
      { residentId: String(w.a.residentId), visitId: String(w.a.visitId) },
      { visitedOn: daysAgo(39), findings: "Dobrze", actions: "", version: "1" },
      w.emails.case_worker,
    );
    expect(r.fieldErrors?.visitedOn?.key).toBe("transitions.errors.factBeforeOpening");
  });
});
