import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import type { Role } from "#db/schema/enums";
import { planContentSchema } from "#app/modules/plans/schemas";
import { isValidDate } from "#app/utils/dates";
import { buildWorld, daysAgo, FORMS, type Fields, type Side, type World } from "#tests/factories/world";
import {
  call,
  loadRoute,
  LOCKOUT_COLUMNS,
  openAppDb,
  postRequest,
  routeFiles,
  signIn,
  UNTRACKED_TABLES,
  type Outcome,
  type RouteModule,
} from "#tests/support/route-harness";

/**
 * Fuzzing every action (every intent of an action with several) with malformed forms (issue #8):
 * wrong types, huge strings, unicode edge cases, missing and extra fields, bad numbers and dates,
 * another institution's ids, stale versions, bodies that are not forms at all. The user is one who
 * may call the action, so the payload reaches validation.
 *
 * After each payload: no 5xx (nor a thrown error that is no Response); the database's foreign keys
 * and integrity hold; a refused payload (4xx) wrote nothing (the audit log and sessions aside); an
 * accepted one wrote only rows within the user's institutions, and rows that keep the invariants
 * (valid calendar dates, bounded texts, finite numbers, a plan document its schema accepts).
 */
const RUNS = 200;
const SEED = 20_260_808;

/** Who calls each action: a role that holds its permission. */
const ROLE_OF: Record<string, Role | "anon"> = {
  "_app.admin.users.$userId.tsx": "admin",
  "_app.admin.users.new.tsx": "admin",
  "_app.institutions.new.tsx": "admin",
  "_app.institutions.$institutionId.tsx": "admin",
  "_app.municipalities.new.tsx": "admin",
  "_app.municipalities.$municipalityId.tsx": "admin",
  "_app.readiness.tsx": "admin",
  "_app.training._index.tsx": "admin",
  "_app.grants.$grantId._index.tsx": "grant_manager",
  "_app.grants.$grantId.edit.tsx": "grant_manager",
  "_app.grants.$grantId.periods.$periodId._index.tsx": "grant_manager",
  "_app.grants.new.tsx": "grant_manager",
  "_app.plans.$planId._index.tsx": "working_group",
  "_app.plans.$planId.group.tsx": "working_group",
  "_app.plans.$planId.publication.tsx": "working_group",
  "_app.plans.$planId.group_.meetings.$meetingId.tsx": "working_group",
  "_app.plans._index.tsx": "working_group",
  "login.tsx": "anon",
  "logout.tsx": "case_worker",
  "set-language.tsx": "case_worker",
  "_app.account.password.tsx": "case_worker",
};
const roleOf = (file: string): Role | "anon" => ROLE_OF[file] ?? "case_worker";

/** URL and params of each action, for the user's own institution (side A). */
function target(file: string, w: World, s: Side): { url: string; params: Record<string, string> } {
  const p = (url: string, params: Record<string, string> = {}) => ({ url, params });
  switch (file) {
    case "_app.admin.users.$userId.tsx":
      return p(`/admin/users/${s.spareUserId}`, { userId: String(s.spareUserId) });
    case "_app.grants.$grantId._index.tsx":
      return p(`/grants/${s.grantId}`, { grantId: String(s.grantId) });
    case "_app.grants.$grantId.edit.tsx":
      return p(`/grants/${s.grantId}/edit`, { grantId: String(s.grantId) });
    case "_app.grants.$grantId.periods.$periodId._index.tsx":
      return p(`/grants/${s.grantId}/periods/${s.periodId}`, {
        grantId: String(s.grantId),
        periodId: String(s.periodId),
      });
    case "_app.residents.$residentId.services_.$serviceId.tsx":
      return p(`/residents/${s.residentId}/services/${s.serviceId}`, {
        residentId: String(s.residentId),
        serviceId: String(s.serviceId),
      });
    case "_app.housing.$unitId.tsx":
      return p(`/housing/${s.unitId}`, { unitId: String(s.unitId) });
    case "_app.institutions.$institutionId.tsx":
      return p(`/institutions/${s.institutionId}`, { institutionId: String(s.institutionId) });
    case "_app.municipalities.$municipalityId.tsx":
      return p(`/municipalities/${s.municipalityId}`, { municipalityId: String(s.municipalityId) });
    case "_app.plans.$planId._index.tsx":
      return p(`/plans/${s.planId}`, { planId: String(s.planId) });
    case "_app.plans.$planId.group.tsx":
      return p(`/plans/${s.planId}/group`, { planId: String(s.planId) });
    case "_app.plans.$planId.publication.tsx":
      return p(`/plans/${s.planId}/publication`, { planId: String(s.planId) });
    case "_app.plans.$planId.group_.meetings.$meetingId.tsx":
      return p(`/plans/${s.planId}/group/meetings/${s.meetingId}`, {
        planId: String(s.planId),
        meetingId: String(s.meetingId),
      });
    case "_app.residents.$residentId.visits.$visitId.tsx":
      return p(`/residents/${s.residentId}/visits/${s.visitId}`, {
        residentId: String(s.residentId),
        visitId: String(s.visitId),
      });
    case "_app.staff.$staffId.tsx":
      return p(`/staff/${s.staffId}`, { staffId: String(s.staffId) });
    case "_app.training.$moduleId.tsx":
      return p(`/training/${w.moduleId}`, { moduleId: String(w.moduleId) });
  }
  const m = /^_app\.residents\.\$residentId\.(\w+)\.tsx$/.exec(file);
  if (m)
    return p(`/residents/${s.residentId}${m[1] === "_index" ? "" : `/${m[1]}`}`, { residentId: String(s.residentId) });
  const path = file
    .replace(/\.tsx?$/, "")
    .replace(/^_app\./, "")
    .replace(/\._index$/, "")
    .split(".")
    .join("/");
  return p(`/${path}`);
}

/**
 * The order actions are fuzzed in: those that can end a record's life (a transition's final
 * event, a submitted report, a disabled user) after the others of the same record.
 */
const LAST_INTENTS = new Set([
  "submit",
  "disable",
  "event",
  "correct",
  "void",
  "withdraw",
  "cancel",
  "ADOPT",
  "START_IMPLEMENTATION",
  "EVALUATE",
  "revise",
]);

// ---------- the malformed values ----------

const HUGE = ["x".repeat(100_000), "ą".repeat(60_000), "😀".repeat(30_000), "a\u0301".repeat(40_000)];
const NUMBERS = [
  "0",
  "-1",
  "-0",
  "1.5",
  "1,5",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "1e-309",
  "9007199254740993",
  "99999999999999999999999",
  "0x10",
  " 7 ",
  "+3",
  "١٢",
  "0".repeat(400),
];
const DATES = [
  "2024-02-30",
  "2023-02-29",
  "0000-00-00",
  "9999-12-31",
  "2024-13-01",
  "2100-01-01",
  "1899-12-31",
  "0001-01-01",
  "2024-1-1",
  "24-01-01",
  "2024-01-01T00:00:00Z",
  "31.12.2024",
  "today",
  "2024-02-29 ",
  daysAgo(-1),
  daysAgo(-400),
];
const UNICODE = [
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF",
  "x\uD83D",
  "\u202Eevil\u202C",
  "\u200F\u200E\u061C",
  "👩‍👩‍👧‍👦",
  "e\u0301\u0301\u0301\u0301",
  "\uFEFF",
  "\uFFFD",
  "\uFFFF",
  "\r\n\t",
  "Z̸̢͉̈́a̶l̷g̵o̸",
  "İıß",
  "%00",
  "%C0%AF",
];
const WEIRD = [
  "",
  " ",
  "true",
  "null",
  "undefined",
  "[]",
  "{}",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  '=HYPERLINK("x")',
  "__proto__",
];

function otherIds(b: Side): string[] {
  return [
    b.institutionId,
    b.municipalityId,
    b.residentId,
    b.transitionId,
    b.unitId,
    b.placementId,
    b.consentId,
    b.serviceId,
    b.visitId,
    b.staffId,
    b.enrolmentId,
    b.planId,
    b.memberId,
    b.itemId,
    b.meetingId,
    b.minutesId,
    b.documentId,
    b.grantId,
    b.periodId,
    b.spareUserId,
  ].map(String);
}

type Value =
  | { kind: "text"; v: string }
  | { kind: "version"; delta: number | "nan" | "huge" | "neg" }
  | { kind: "file"; bytes: Uint8Array; name: string };
type Op = { kind: "keep" } | { kind: "drop" } | { kind: "set"; v: Value } | { kind: "many"; vs: Value[] };
interface Mutation {
  ops: Op[];
  extra: [string, Value][];
  body: "form" | "multipart" | "json" | "bytes" | "percent" | "empty" | "text-plain";
  bytes: Uint8Array;
  /** A stale (or future) `version`, when the version field is kept. */
  stale: number;
  /** Every id field (…Id, …Ids) kept points at this record of another institution instead. */
  foreign: string | null;
}

function valueArb(ids: string[]): fc.Arbitrary<Value> {
  const text = (a: fc.Arbitrary<string>) => a.map((v): Value => ({ kind: "text", v }));
  return fc.oneof(
    { weight: 3, arbitrary: text(fc.constantFrom(...NUMBERS)) },
    { weight: 3, arbitrary: text(fc.constantFrom(...DATES)) },
    { weight: 3, arbitrary: text(fc.constantFrom(...UNICODE)) },
    { weight: 2, arbitrary: text(fc.constantFrom(...WEIRD)) },
    { weight: 1, arbitrary: text(fc.constantFrom(...HUGE)) },
    { weight: 3, arbitrary: text(fc.constantFrom(...ids)) },
    { weight: 2, arbitrary: text(fc.string({ unit: "binary", maxLength: 40 })) },
    { weight: 2, arbitrary: text(fc.string({ unit: "grapheme", maxLength: 40 })) },
    { weight: 1, arbitrary: text(fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }).map(String)) },
    { weight: 1, arbitrary: text(fc.double().map(String)) },
    {
      weight: 3,
      arbitrary: fc.constantFrom<Value>(
        { kind: "version", delta: -1 },
        { kind: "version", delta: 1 },
        { kind: "version", delta: "nan" },
        { kind: "version", delta: "huge" },
        { kind: "version", delta: "neg" },
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          bytes: fc.uint8Array({ maxLength: 300 }),
          name: fc.constantFrom("x.csv", "", "../../x.csv", "😀.csv"),
        })
        .map((f): Value => ({ kind: "file", ...f })),
    },
  );
}

function mutationArb(fieldCount: number, ids: string[]): fc.Arbitrary<Mutation> {
  const v = valueArb(ids);
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.constant<Op>({ kind: "keep" }) },
    { weight: 1, arbitrary: fc.constant<Op>({ kind: "drop" }) },
    { weight: 3, arbitrary: v.map((x): Op => ({ kind: "set", v: x })) },
    { weight: 1, arbitrary: fc.array(v, { minLength: 2, maxLength: 3 }).map((vs): Op => ({ kind: "many", vs })) },
  );
  const extraName = fc.oneof(
    fc.constantFrom(
      "intent",
      "version",
      "institutionId",
      "id",
      "__proto__",
      "constructor",
      "toString",
      "role",
      "file",
      "staffIds",
      "x[]",
    ),
    fc.string({ maxLength: 20 }),
  );
  return fc.record({
    ops: fc.array(op, { minLength: fieldCount, maxLength: fieldCount }),
    extra: fc.array(fc.tuple(extraName, v), { maxLength: 3 }),
    body: fc.oneof(
      { weight: 12, arbitrary: fc.constant("form" as const) },
      { weight: 2, arbitrary: fc.constant("multipart" as const) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          "json" as const,
          "bytes" as const,
          "percent" as const,
          "empty" as const,
          "text-plain" as const,
        ),
      },
    ),
    bytes: fc.uint8Array({ maxLength: 200 }),
    stale: fc.constantFrom(0, 0, 0, -1, 1),
    foreign: fc.option(fc.constantFrom(...ids), { freq: 3 }),
  });
}

function resolve(v: Value, base: string | undefined): string | File {
  if (v.kind === "text") return v.v;
  if (v.kind === "file") return new File([v.bytes as Uint8Array<ArrayBuffer>], v.name, { type: "text/csv" });
  const live = Number(base ?? "1");
  if (v.delta === "nan") return "NaN";
  if (v.delta === "huge") return "1e400";
  if (v.delta === "neg") return String(-live);
  return String(live + v.delta);
}

function apply(base: Fields, m: Mutation): Fields {
  const out: Fields = {};
  Object.entries(base).forEach(([k, value], i) => {
    const op = m.ops[i] ?? { kind: "keep" };
    const baseText = typeof value === "string" ? value : undefined;
    if (op.kind === "keep") {
      if (k === "version" && m.stale !== 0) out[k] = String(Number(value) + m.stale);
      else if (m.foreign && /Ids?$/.test(k)) out[k] = Array.isArray(value) ? [m.foreign] : m.foreign;
      else out[k] = value;
    } else if (op.kind === "set") out[k] = resolve(op.v, baseText);
    else if (op.kind === "many") {
      const vs = op.vs.map((x) => resolve(x, baseText));
      out[k] = vs.every((x) => typeof x === "string") ? (vs as string[]) : vs[0]!;
    }
  });
  for (const [k, v] of m.extra) if (!(k in out)) out[k] = resolve(v, undefined);
  return out;
}

function flatText(fields: Fields): [string, string][] {
  return Object.entries(fields).flatMap(([k, v]) =>
    Array.isArray(v)
      ? v.map((x) => [k, x] as [string, string])
      : typeof v === "string"
        ? [[k, v] as [string, string]]
        : [[k, "file"] as [string, string]],
  );
}

function request(url: string, fields: Fields, m: Mutation, cookie: string | undefined): Request {
  switch (m.body) {
    case "form":
      return postRequest(url, fields, { cookie });
    case "multipart": {
      const fd: Fields = { ...fields, __multipart: new File([""], "") };
      return postRequest(url, fd, { cookie });
    }
    case "json":
      return postRequest(url, JSON.stringify(fields), { cookie, contentType: "application/json" });
    case "bytes":
      return postRequest(url, m.bytes, { cookie });
    case "percent":
      return postRequest(
        url,
        flatText(fields)
          .map(([k, v]) => `${k}=${v.replace(/./gsu, (c) => (c === "%" ? "%ZZ" : c))}%ED%A0%80`)
          .join("&"),
        { cookie },
      );
    case "empty":
      return postRequest(url, "", { cookie });
    case "text-plain":
      return postRequest(
        url,
        flatText(fields)
          .map(([k, v]) => `${k}=${v}`)
          .join("\n"),
        { cookie, contentType: "text/plain" },
      );
  }
}

// ---------- what the database must still be ----------

type Rows = Map<string, Map<number, Record<string, unknown>>>;

let tables: string[] = [];
function snapshot(db: Db): Rows {
  return new Map(
    tables.map((t) => [
      t,
      new Map(
        (db.$client.prepare(`select rowid as __rowid, * from "${t}"`).all() as Record<string, unknown>[]).map((r) => {
          // A wrong password is counted even when refused (the lockout), as the audit log is written.
          for (const c of LOCKOUT_COLUMNS[t] ?? []) delete r[c];
          return [r.__rowid as number, r];
        }),
      ),
    ]),
  );
}

interface Change {
  table: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}
function diff(a: Rows, b: Rows): Change[] {
  const out: Change[] = [];
  for (const t of tables) {
    const x = a.get(t)!;
    const y = b.get(t)!;
    for (const [id, row] of y) {
      const old = x.get(id);
      if (!old || JSON.stringify(old) !== JSON.stringify(row)) out.push({ table: t, before: old, after: row });
    }
    for (const [id, row] of x) if (!y.has(id)) out.push({ table: t, before: row });
  }
  return out;
}

/**
 * The scope keys of a row: "i:<institution>", "m:<plan area>", "u:<user>", or "catalogue".
 * A row is in the user's scope when every key is theirs.
 */
function scopeKeys(db: Db, table: string, r: Record<string, unknown>): string[] {
  const one = (sql: string, id: unknown) => db.$client.prepare(sql).get(id) as Record<string, number> | undefined;
  const inst = (id: unknown) => `i:${String(id)}`;
  const ofTransition = (id: unknown) => inst(one("select institution_id as v from transitions where id = ?", id)?.v);
  const ofPlan = (id: unknown) => `m:${one("select municipality_id as v from plans where id = ?", id)?.v}`;
  const ofVersion = (id: unknown) => ofPlan(one("select plan_id as v from plan_versions where id = ?", id)?.v);
  const ofGrant = (id: unknown) =>
    (
      db.$client.prepare("select institution_id as v from grant_institutions where grant_id = ?").all(id) as {
        v: number;
      }[]
    ).map((x) => inst(x.v));
  switch (table) {
    case "institutions":
      return [inst(r.id), `m:${String(r.municipality_id)}`];
    case "municipalities":
      return [`m:${String(r.id)}`];
    case "residents":
    case "transitions":
    case "housing_units":
    case "staff_members":
    case "support_sessions":
      return [inst(r.institution_id)];
    case "enrolments":
      return [
        inst(r.institution_id),
        inst(one("select institution_id as v from staff_members where id = ?", r.staff_member_id)?.v),
      ];
    case "training_attendance":
      return [inst(one("select institution_id as v from enrolments where id = ?", r.enrolment_id)?.v)];
    case "support_session_attendees":
      return [
        inst(one("select institution_id as v from support_sessions where id = ?", r.session_id)?.v),
        inst(one("select institution_id as v from staff_members where id = ?", r.staff_member_id)?.v),
      ];
    case "transition_events":
    case "needs_assessments":
    case "transition_plans":
    case "consents":
    case "follow_up_visits":
    case "case_notes":
    case "community_services":
      return [ofTransition(r.transition_id)];
    case "service_deliveries":
      return [ofTransition(one("select transition_id as v from community_services where id = ?", r.service_id)?.v)];
    case "placements":
      return [
        ofTransition(r.transition_id),
        inst(one("select institution_id as v from housing_units where id = ?", r.housing_unit_id)?.v),
      ];
    case "plans":
      return [`m:${String(r.municipality_id)}`];
    case "plan_versions":
    case "plan_publications":
    case "plan_action_progress":
    case "wg_members":
    case "wg_meetings":
    case "wg_action_items":
      return [ofPlan(r.plan_id)];
    case "plan_version_events":
    case "plan_consultation_comments":
    case "plan_consultation_reports":
      return [ofVersion(r.plan_version_id)];
    case "documents":
      return r.resident_id != null
        ? [inst(one("select institution_id as v from residents where id = ?", r.resident_id)?.v)]
        : [ofPlan(one("select plan_id as v from wg_meetings where id = ?", r.meeting_id)?.v)];
    case "wg_meeting_attendees":
    case "wg_meeting_invitees":
      return [
        ofPlan(one("select plan_id as v from wg_meetings where id = ?", r.meeting_id)?.v),
        ofPlan(one("select plan_id as v from wg_members where id = ?", r.member_id)?.v),
      ];
    case "grants":
      return r.id == null
        ? ["?"]
        : [...ofGrant(r.id), ...(r.municipality_id == null ? [] : [`m:${String(r.municipality_id)}`])];
    case "grant_institutions":
    case "counting_moments":
    case "task_input_versions":
      return [inst(r.institution_id)];
    case "grant_targets":
    case "reporting_periods":
    case "period_reports":
      return ofGrant(r.grant_id);
    case "users":
      return [`u:${String(r.id)}`];
    case "user_institutions":
      return [`u:${String(r.user_id)}`, inst(r.institution_id)];
    case "training_modules":
    case "readiness_ratios":
      return ["catalogue"];
    case "offline_writes":
      return [
        `u:${String(r.user_id)}`,
        inst(one("select institution_id as v from residents where id = ?", r.resident_id)?.v),
      ];
    default:
      return [`unclassified:${table}`];
  }
}

const JSON_COLUMNS = new Set([
  "content",
  "snapshot",
  "domains",
  "event",
  "planned_services",
  "partners",
  "frozen_content",
  "content_json",
]);

/** Invariants every written row keeps, whatever the form said. */
function rowProblems(table: string, r: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [col, v] of Object.entries(r)) {
    if (typeof v === "number" && !Number.isFinite(v)) out.push(`${col} is not finite`);
    if (typeof v !== "string") continue;
    if ((/_on$/.test(col) || col === "date_of_birth" || col === "admission_date") && !isValidDate(v))
      out.push(`${col} is not a date: ${JSON.stringify(v.slice(0, 40))}`);
    if (!JSON_COLUMNS.has(col) && !/^[[{]/.test(v) && v.length > 20_000) out.push(`${col} has ${v.length} characters`);
  }
  if (typeof r.version === "number" && (!Number.isInteger(r.version) || r.version < 1))
    out.push(`version ${r.version}`);
  if (table === "housing_units" && !(Number(r.capacity) >= 1 && Number(r.capacity) <= 200))
    out.push(`capacity ${String(r.capacity)}`);
  if (
    table === "institutions" &&
    r.places != null &&
    !(Number.isInteger(r.places) && Number(r.places) >= 0 && Number(r.places) <= 9999)
  )
    out.push(`places ${String(r.places)}`);
  if (
    table === "community_services" &&
    r.hours_per_week != null &&
    !(Number(r.hours_per_week) >= 0 && Number(r.hours_per_week) <= 168)
  )
    out.push(`hours ${String(r.hours_per_week)}`);
  if (table === "service_deliveries" && !(Number(r.hours) > 0 && Number(r.hours) <= 24))
    out.push(`hours delivered ${String(r.hours)}`);
  if (table === "plan_versions") {
    const parsed = planContentSchema.safeParse(typeof r.content === "string" ? JSON.parse(r.content) : r.content);
    if (!parsed.success) out.push(`plan content: ${parsed.error.issues[0]?.message}`);
  }
  return out;
}

// ---------- the run ----------

let db: Db;
let w: World;
const modules = new Map<string, RouteModule>();
const cookies = new Map<Role | "anon", string | undefined>();
const tally = { actions: 0, payloads: 0, fiveXX: 0, accepted: 0 };

beforeAll(async () => {
  db = await openAppDb();
  w = await buildWorld(db);
  tables = (
    db.$client
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .all() as { name: string }[]
  )
    .map((x) => x.name)
    .filter((n) => !UNTRACKED_TABLES.has(n));
  for (const file of routeFiles()) modules.set(file, await loadRoute(file));
  cookies.set("anon", undefined);
  for (const role of ["admin", "working_group", "case_worker", "grant_manager"] as const)
    cookies.set(role, await signIn(w.emails[role]));
}, 60_000);

afterAll(() => {
  console.log(
    `fuzz: ${tally.actions} actions × ${RUNS} payloads (${tally.payloads} in all, ${tally.accepted} accepted), ${tally.fiveXX} 5xx`,
  );
});

/**
 * Actions that can change the world itself, run after all the others: an administrator's edit of
 * an institution or plan area can move institution A into B's plan area, and then A's users
 * rightly see B's plans, while the scope check here assumes the world as it was built.
 */
const WORLD_CHANGING = new Set(["_app.institutions.$institutionId.tsx", "_app.municipalities.$municipalityId.tsx"]);

function targets(): { file: string; intent: string }[] {
  const list = Object.entries(FORMS).flatMap(([file, intents]) =>
    Object.keys(intents).map((intent) => ({ file, intent })),
  );
  const world = list.filter((t) => WORLD_CHANGING.has(t.file));
  const rest = list.filter((t) => !WORLD_CHANGING.has(t.file));
  return [
    ...rest.filter((t) => !LAST_INTENTS.has(t.intent)),
    ...rest.filter((t) => LAST_INTENTS.has(t.intent)),
    ...world,
  ];
}

describe("fuzzing every action", () => {
  it("every route with an action has its forms (every intent) to fuzz", () => {
    const withAction = routeFiles().filter((f) => modules.get(f)?.action);
    expect(withAction.filter((f) => !FORMS[f])).toEqual([]);
  });

  for (const { file, intent } of targets()) {
    it(`${file}${intent ? ` intent=${intent}` : ""}: ${RUNS} malformed forms, no 5xx, nothing out of scope`, async () => {
      const role = roleOf(file);
      const handler = modules.get(file)!.action!;
      const { url, params } = target(file, w, w.a);
      const build = FORMS[file]![intent]!;
      const fieldCount = Object.keys(build(w, w.a)).length;
      // Logging out ends the session: that action gets a session of its own (of the working-group
      // member: the password-change form's wrong passwords have locked the case worker by then).
      let cookie = file === "logout.tsx" ? await signIn(w.emails.working_group) : cookies.get(role);
      const mine =
        role === "admin"
          ? null
          : new Set([
              `i:${w.a.institutionId}`,
              `m:${w.a.municipalityId}`,
              `u:${w.userIds[role === "anon" ? "case_worker" : role]}`,
            ]);
      let rows = snapshot(db);
      const changes = () => (db.$client.prepare("select total_changes() as n").get() as { n: number }).n;
      tally.actions++;

      await fc.assert(
        fc.asyncProperty(mutationArb(fieldCount, otherIds(w.b)), async (m) => {
          const fields = apply(build(w, w.a), m);
          const before = changes();
          let o: Outcome;
          try {
            o = await call(handler, request(url, fields, m, cookie), params);
          } finally {
            tally.payloads++;
          }
          if (o.status >= 500 || o.error) {
            tally.fiveXX++;
            throw new Error(
              `${o.status}: ${o.body.slice(0, 300)}${o.error instanceof Error ? `\n${o.error.stack}` : ""}`,
            );
          }
          if (file === "logout.tsx" && o.status === 302) cookie = undefined;

          // Nothing written, nothing to check (the foreign keys and integrity are checked after every
          // write, and once more after each action's runs).
          if (changes() === before) return;
          expect(db.$client.prepare("pragma foreign_key_check").all(), "foreign keys").toEqual([]);
          expect(db.$client.pragma("integrity_check", { simple: true }), "integrity").toBe("ok");
          const next = snapshot(db);
          const changed = diff(rows, next);
          rows = next;
          if (o.status >= 400) {
            expect(
              changed.map((c) => c.table),
              `a refused form (${o.status}) wrote rows`,
            ).toEqual([]);
            return;
          }
          if (changed.length > 0) tally.accepted++;
          for (const c of changed) {
            for (const r of [c.before, c.after]) {
              if (!r) continue;
              if (r === c.after) expect(rowProblems(c.table, r), `${c.table} row ${String(r.__rowid)}`).toEqual([]);
              if (!mine) continue;
              const keys = scopeKeys(db, c.table, r);
              const outside = keys.filter((k) => !mine.has(k));
              expect(outside, `${c.table} row ${String(r.__rowid)} written outside the user's scope`).toEqual([]);
            }
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      expect(db.$client.prepare("pragma foreign_key_check").all(), "foreign keys").toEqual([]);
      expect(db.$client.pragma("integrity_check", { simple: true }), "integrity").toBe("ok");
    });
  }
});
