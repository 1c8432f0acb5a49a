import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { buildWorld, type World } from "#tests/factories/world";
import {
  call,
  getRequest,
  loadRoute,
  openAppDb,
  postRequest,
  signIn,
  type RouteModule,
} from "#tests/support/route-harness";

/**
 * Issue #15 item 8 (left from stop 22): the resident page's workflow forms. A refusal about the
 * step's date is the date field's error (marked at the field, in the form's error summary), not
 * only one message at the top; a refusal about the step as a whole stays the form's (decision 046).
 */
let db: Db;
let w: World;
let page: RouteModule;
let cw: string;

beforeAll(async () => {
  db = await openAppDb();
  w = await buildWorld(db);
  page = await loadRoute("_app.residents.$residentId._index.tsx");
  cw = await signIn(w.emails.case_worker);
}, 60_000);

type Failure = {
  fieldErrors?: Record<string, { key: string }>;
  formError?: { key: string };
  values?: Record<string, unknown>;
};
const params = () => ({ residentId: String(w.a.residentId) });

async function pageData() {
  const o = await call(page.loader!, getRequest(`/residents/${w.a.residentId}`, cw), params());
  return o.data as {
    transition: { version: number };
    today: string;
    options: { type: string; allowed: boolean; reasons: { guard: string }[] }[];
    events: { kind: string; seq?: number; status?: string }[];
  };
}
const post = async (fields: Record<string, string>) =>
  call(page.action!, postRequest(`/residents/${w.a.residentId}`, fields, { cookie: cw }), params());

const tomorrow = (today: string) => {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

describe("the resident page's workflow forms", () => {
  it("a step dated in the future: the date field carries the refusal", async () => {
    const d = await pageData();
    const step = d.options.find((o) => o.allowed && !["WITHDRAW", "RECORD_DEATH"].includes(o.type))!;
    expect(step).toBeTruthy();
    const o = await post({
      intent: "event",
      type: step.type,
      on: tomorrow(d.today),
      note: "",
      version: String(d.transition.version),
    });
    expect(o.status).toBe(400);
    const f = o.data as Failure;
    expect(f.fieldErrors?.on?.key).toBe("transitions.guards.occurredNotInFuture");
    expect(f.values).toMatchObject({ intent: "event", type: step.type });
  });

  it("a missing date is the date field's error; a refusal of the step itself is the form's", async () => {
    // One step taken first, so the log has an entry to correct and the next step waits on a record.
    const before = await pageData();
    const first = before.options.find(
      (o) => o.allowed && !["WITHDRAW", "RECORD_DEATH", "PUT_ON_HOLD"].includes(o.type),
    )!;
    const taken = await post({
      intent: "event",
      type: first.type,
      on: before.today,
      note: "",
      version: String(before.transition.version),
    });
    expect(taken.status, taken.body).toBe(302);
    const d = await pageData();
    const step = d.options.find((o) => o.allowed)!;
    const empty = await post({
      intent: "event",
      type: step.type,
      on: "",
      note: "",
      version: String(d.transition.version),
    });
    expect(empty.status).toBe(400);
    expect(Object.keys((empty.data as Failure).fieldErrors ?? {})).toEqual(["on"]);
    const refused = d.options.find(
      (o) =>
        !o.allowed && o.reasons.every((r) => !["occurredNotInFuture", "notBeforeOpening", "inOrder"].includes(r.guard)),
    );
    expect(refused, "a step refused for a reason other than its date").toBeTruthy();
    if (!refused) return;
    const o = await post({
      intent: "event",
      type: refused.type,
      on: d.today,
      note: "",
      version: String(d.transition.version),
    });
    expect(o.status).toBe(400);
    const f = o.data as Failure;
    expect(f.formError).toBeTruthy();
    expect(f.fieldErrors ?? {}).toEqual({});
  });

  it("a correction without a reason and one to a future date: each at its field", async () => {
    const d = await pageData();
    const entry = d.events.find((e) => e.kind === "event" && e.status === "effective");
    expect(entry, "an entry in force to correct").toBeTruthy();
    if (!entry) return;
    const base = { intent: "correct", seq: String(entry.seq), note: "", version: String(d.transition.version) };
    const noReason = await post({ ...base, on: d.today, reason: "" });
    expect(noReason.status).toBe(400);
    expect(Object.keys((noReason.data as Failure).fieldErrors ?? {})).toEqual(["reason"]);
    const future = await post({ ...base, on: tomorrow(d.today), reason: "Pomyłka w dacie" });
    expect(future.status).toBe(400);
    expect((future.data as Failure).fieldErrors?.on?.key).toBe("transitions.guards.occurredNotInFuture");
  });
});
