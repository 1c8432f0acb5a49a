import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { ROLES, type Role } from "#db/schema/enums";
import { buildWorld, FORMS, type Side, type World } from "#tests/factories/world";
import {
  call,
  changedTables,
  getRequest,
  loadRoute,
  openAppDb,
  postRequest,
  redirectsToLogin,
  routeFiles,
  signIn,
  tableDigests,
  type Outcome,
  type RouteModule,
} from "#tests/support/route-harness";

/**
 * The authorization matrix (issue #8): every route module's loader and action × every role
 * (and signed out) × a record of the user's own institution and one of another institution.
 *
 * Expected outcomes, one cell per role; "own/other" when the route is also called with another
 * institution's record (a route parameter, or the institution / ids in the form):
 *   ok      allowed: the page or the action's answer (a redirect, or a form error of the action
 *           itself: 400/409/423); never 401/403/404 nor the sign-in page
 *   login   signed out: redirect to /login
 *   403     the role lacks the permission (permissions.ts)
 *   404     another institution's record: answered like a missing one
 *   refused another institution named in a form (create, import, enrol): a form error or 403/404,
 *           and nothing written. By design creating in an institution out of scope is the form's
 *           400 ("institution out of scope"), not a 404: there is no record to hide.
 *   public  no sign-in needed: any answer below 500 (and no personal data)
 *   401     signed out, at a JSON endpoint of the offline layer (decision 031): 401, no redirect
 * Administrators see every institution (docs/domain.md), so their "other" cells are "ok".
 * A denied cell must return no data: its body must not contain personal data of either
 * institution, and a denied action must write nothing.
 */
type Who = "anon" | Role;
type Token = "ok" | "login" | "401" | "403" | "404" | "refused" | "public";
type Row = Record<Who, string>;
interface Entry {
  url: (w: World, s: Side) => string;
  params?: (w: World, s: Side) => Record<string, string>;
  loader?: Row;
  /** `form`: the intent of FORMS[route file] posted (a valid form, so scope checks are reached). */
  action?: Row & { form: string };
  /** Further forms of the same action (another intent with its own service call), each checked the same way. */
  moreActions?: (Row & { form: string })[];
}

const WHO: readonly Who[] = ["anon", ...ROLES];
const r = (
  anon: string,
  admin: string,
  working_group: string,
  case_worker: string,
  grant_manager: string,
  monitoring: string,
): Row => ({
  anon,
  admin,
  working_group,
  case_worker,
  grant_manager,
  monitoring,
});
const act = (form: string, row: Row) => ({ ...row, form });

const resident = (sub: string) => ({
  url: (_w: World, s: Side) => `/residents/${s.residentId}${sub}`,
  params: (_w: World, s: Side) => ({ residentId: String(s.residentId) }),
});
const grant = (sub: string) => ({
  url: (_w: World, s: Side) => `/grants/${s.grantId}${sub}`,
  params: (_w: World, s: Side) => ({ grantId: String(s.grantId) }),
});
const period = (sub: string) => ({
  url: (_w: World, s: Side) => `/grants/${s.grantId}/periods/${s.periodId}${sub}`,
  params: (_w: World, s: Side) => ({ grantId: String(s.grantId), periodId: String(s.periodId) }),
});
const plan = (sub: string) => ({
  url: (_w: World, s: Side) => `/plans/${s.planId}${sub}`,
  params: (_w: World, s: Side) => ({ planId: String(s.planId) }),
});
const at = (path: string) => ({ url: () => path });

// Rows by permission (permissions.ts), for reading the table: who holds it.
//                         anon     admin    working_group case_worker grant_manager
const READ_RESIDENTS = r("login", "ok/ok", "ok/404", "ok/404", "403", "403");
const WRITE_TRANSITIONS = r("login", "403", "403", "ok/404", "403", "403");
const READ_GRANTS = r("login", "ok/ok", "403", "403", "ok/404", "403");
const WRITE_GRANTS = r("login", "403", "403", "403", "ok/404", "403");
const READ_PLANS = r("login", "ok/ok", "ok/404", "ok/404", "ok/404", "403");
const WRITE_PLANS = r("login", "403", "ok/404", "403", "403", "403");

/** THE table: every file of app/routes must be here. */
const MATRIX: Record<string, Entry> = {
  "$.tsx": {
    ...at("/no-such-page"),
    params: () => ({ "*": "no-such-page" }),
    loader: r("404", "404", "404", "404", "404", "404"),
  },
  "_app.tsx": { ...at("/dashboard"), loader: r("login", "ok", "ok", "ok", "ok", "ok") },
  "_index.tsx": { ...at("/"), loader: r("login", "ok", "ok", "ok", "ok", "ok") },
  "locales.$lng.ts": {
    ...at("/locales/pl"),
    params: () => ({ lng: "pl" }),
    loader: r("public", "public", "public", "public", "public", "public"),
  },
  // Signed in, the sign-in page sends you on (a redirect): "ok".
  "login.tsx": {
    ...at("/login"),
    loader: r("public", "ok", "ok", "ok", "ok", "ok"),
    action: act("", r("public", "public", "public", "public", "public", "public")),
  },
  "logout.tsx": {
    ...at("/logout"),
    loader: r("public", "public", "public", "public", "public", "public"),
    action: act("", r("public", "public", "public", "public", "public", "public")),
  },
  "set-language.tsx": {
    ...at("/set-language"),
    loader: r("public", "public", "public", "public", "public", "public"),
    action: act("", r("public", "public", "public", "public", "public", "public")),
  },
  "_app.dashboard.tsx": { ...at("/dashboard"), loader: r("login", "ok", "ok", "ok", "ok", "ok") },
  // Every signed-in user changes their own password (the matrix posts a wrong current password: a form error, nothing written).
  "_app.account.password.tsx": {
    ...at("/account/password"),
    loader: r("login", "ok", "ok", "ok", "ok", "ok"),
    action: act("", r("login", "ok", "ok", "ok", "ok", "ok")),
  },

  // Administration: users are not institution records; an administrator manages them all.
  "_app.admin.audit.tsx": { ...at("/admin/audit"), loader: r("login", "ok", "403", "403", "403", "403") },
  "_app.admin.users._index.tsx": { ...at("/admin/users"), loader: r("login", "ok", "403", "403", "403", "403") },
  // Retention and erasure (decision 042): the administrator only; the matrix posts a refusal of erasure.
  "_app.admin.retention.tsx": {
    ...at("/admin/retention"),
    loader: r("login", "ok", "403", "403", "403", "403"),
    action: act("refuse", r("login", "ok/ok", "403", "403", "403", "403")),
  },
  "_app.admin.users.new.tsx": {
    ...at("/admin/users/new"),
    loader: r("login", "ok", "403", "403", "403", "403"),
    action: act("", r("login", "ok", "403", "403", "403", "403")),
  },
  "_app.admin.users.$userId.tsx": {
    url: (_w, s) => `/admin/users/${s.spareUserId}`,
    params: (_w, s) => ({ userId: String(s.spareUserId) }),
    loader: r("login", "ok/ok", "403", "403", "403", "403"),
    action: act("update", r("login", "ok/ok", "403", "403", "403", "403")),
  },

  // Institutions: every role reads its own; administrators set them and the plan areas up (decision 016).
  "_app.institutions._index.tsx": { ...at("/institutions"), loader: r("login", "ok", "ok", "ok", "ok", "403") },
  "_app.institutions.new.tsx": {
    ...at("/institutions/new"),
    loader: r("login", "ok", "403", "403", "403", "403"),
    action: act("", r("login", "ok/ok", "403", "403", "403", "403")),
  },
  "_app.institutions.$institutionId.tsx": {
    url: (_w, s) => `/institutions/${s.institutionId}`,
    params: (_w, s) => ({ institutionId: String(s.institutionId) }),
    loader: r("login", "ok/ok", "ok/404", "ok/404", "ok/404", "403"),
    action: act("", r("login", "ok/ok", "403", "403", "403", "403")),
  },
  // Plan areas are no institution's records: an administrator edits them all.
  "_app.municipalities.new.tsx": {
    ...at("/municipalities/new"),
    loader: r("login", "ok", "403", "403", "403", "403"),
    action: act("", r("login", "ok", "403", "403", "403", "403")),
  },
  "_app.municipalities.$municipalityId.tsx": {
    url: (_w, s) => `/municipalities/${s.municipalityId}`,
    params: (_w, s) => ({ municipalityId: String(s.municipalityId) }),
    loader: r("login", "ok/ok", "403", "403", "403", "403"),
    action: act("", r("login", "ok/ok", "403", "403", "403", "403")),
  },

  // Housing: everyone with read:institutions sees the units of their institutions; case workers edit.
  "_app.housing._index.tsx": { ...at("/housing"), loader: r("login", "ok", "ok", "ok", "ok", "403") },
  "_app.housing.new.tsx": {
    ...at("/housing/new"),
    loader: r("login", "403", "403", "ok", "403", "403"),
    action: act("", r("login", "403", "403", "ok/refused", "403", "403")),
  },
  "_app.housing.$unitId.tsx": {
    url: (_w, s) => `/housing/${s.unitId}`,
    params: (_w, s) => ({ unitId: String(s.unitId) }),
    loader: r("login", "ok/ok", "ok/404", "ok/404", "ok/404", "403"),
    action: act("", WRITE_TRANSITIONS),
  },

  // Residents and their transitions.
  "_app.residents._index.tsx": { ...at("/residents"), loader: r("login", "ok", "ok", "ok", "403", "403") },
  "_app.residents.export[.]xlsx.ts": {
    ...at("/residents/export.xlsx"),
    loader: r("login", "ok", "ok", "ok", "403", "403"),
  },
  "_app.residents.new.tsx": {
    ...at("/residents/new"),
    loader: r("login", "ok", "403", "ok", "403", "403"),
    action: act("", r("login", "ok/ok", "403", "ok/refused", "403", "403")),
  },
  "_app.residents.import.tsx": {
    ...at("/residents/import"),
    loader: r("login", "ok", "403", "ok", "403", "403"),
    action: act("preview", r("login", "ok/ok", "403", "ok/refused", "403", "403")),
  },
  // A history import records workflow steps: case workers only (write:transitions), in their institutions.
  "_app.residents.history-import.tsx": {
    ...at("/residents/history-import"),
    loader: r("login", "403", "403", "ok", "403", "403"),
    action: act("preview", r("login", "403", "403", "ok/refused", "403", "403")),
  },
  "_app.residents.history-import_.template.ts": {
    ...at("/residents/history-import/template?lang=pl&format=xlsx"),
    loader: r("login", "403", "403", "ok", "403", "403"),
  },
  // A job that is not the user's (here: none) is not found, even for a case worker.
  "_app.residents.history-import_.progress.ts": {
    ...at("/residents/history-import/progress?job=00000000-0000-4000-8000-000000000000"),
    loader: r("login", "403", "403", "404", "403", "403"),
  },
  // Caseloads (decision 023): a case worker's own cases and those nobody holds; an administrator
  // supervises (any worker's caseload, reassigning). Taking a case of another institution: 404.
  "_app.caseload.tsx": {
    ...at("/caseload"),
    loader: r("login", "ok", "403", "ok", "403", "403"),
    action: act("take", r("login", "ok/ok", "403", "ok/404", "403", "403")),
  },
  "_app.tasks.tsx": { ...at("/tasks"), loader: r("login", "403", "403", "ok", "403", "403") },
  // The offline layer (issue #17, decisions 030–031): case workers only. Its JSON endpoints answer
  // a missing session with 401 (the device then erases its copy); the outbox page lists what the
  // device holds (the server sends none of it). The sync action's scope cells are in
  // tests/integration/offline-sync.test.ts (a JSON body names the resident).
  "_app.outbox.tsx": { ...at("/outbox"), loader: r("login", "403", "403", "ok", "403", "403") },
  "offline.caseload.ts": { ...at("/offline/caseload"), loader: r("401", "403", "403", "ok", "403", "403") },
  "offline.sync.ts": { ...at("/offline/sync"), action: act("", r("401", "403", "403", "ok", "403", "403")) },
  "_app.residents.$residentId.notes.tsx": {
    ...resident("/notes"),
    loader: READ_RESIDENTS,
    action: act("add", WRITE_TRANSITIONS),
  },
  "_app.residents.$residentId.key-worker.tsx": {
    ...resident("/key-worker"),
    loader: READ_RESIDENTS,
    action: act("", r("login", "ok/ok", "403", "ok/404", "403", "403")),
  },
  "_app.residents.$residentId._index.tsx": {
    ...resident(""),
    loader: READ_RESIDENTS,
    action: act("event", WRITE_TRANSITIONS),
    // A reservation's "held until" (decision 047).
    moreActions: [act("expiry", WRITE_TRANSITIONS)],
  },
  "_app.residents.$residentId.edit.tsx": {
    ...resident("/edit"),
    loader: r("login", "ok/ok", "403", "ok/404", "403", "403"),
    action: act("", r("login", "ok/ok", "403", "ok/404", "403", "403")),
  },
  "_app.residents.$residentId.assessment.tsx": {
    ...resident("/assessment"),
    loader: READ_RESIDENTS,
    action: act("", WRITE_TRANSITIONS),
  },
  "_app.residents.$residentId.plan.tsx": {
    ...resident("/plan"),
    loader: READ_RESIDENTS,
    action: act("save", WRITE_TRANSITIONS),
  },
  "_app.residents.$residentId.consent.tsx": {
    ...resident("/consent"),
    loader: READ_RESIDENTS,
    action: act("record", WRITE_TRANSITIONS),
  },
  "_app.residents.$residentId.placement.tsx": {
    ...resident("/placement"),
    loader: READ_RESIDENTS,
    action: act("reserve", WRITE_TRANSITIONS),
  },
  "_app.residents.$residentId.documents.tsx": {
    ...resident("/documents"),
    loader: READ_RESIDENTS,
    action: act("upload", WRITE_TRANSITIONS),
  },
  "_app.residents.$residentId.documents_.$documentId.ts": {
    url: (_w, s) => `/residents/${s.residentId}/documents/${s.documentId}`,
    params: (_w, s) => ({ residentId: String(s.residentId), documentId: String(s.documentId) }),
    loader: READ_RESIDENTS,
  },
  "_app.residents.$residentId.case-file[.]pdf.ts": { ...resident("/case-file.pdf"), loader: READ_RESIDENTS },
  // The person's complete data (art. 15 / 20): case workers of the institution and the administrator (decision 041).
  "_app.residents.$residentId.subject-access[.]pdf.ts": {
    ...resident("/subject-access.pdf"),
    loader: r("login", "ok/ok", "403", "ok/404", "403", "403"),
  },
  "_app.residents.$residentId.subject-access[.]zip.ts": {
    ...resident("/subject-access.zip"),
    loader: r("login", "ok/ok", "403", "ok/404", "403", "403"),
  },
  "_app.residents.$residentId.services.tsx": {
    ...resident("/services"),
    loader: READ_RESIDENTS,
    action: act("add", WRITE_TRANSITIONS),
  },
  // Hours delivered of one service (decision 048): read like the services page, written by case workers.
  "_app.residents.$residentId.services_.$serviceId.tsx": {
    url: (_w, s) => `/residents/${s.residentId}/services/${s.serviceId}`,
    params: (_w, s) => ({ residentId: String(s.residentId), serviceId: String(s.serviceId) }),
    loader: READ_RESIDENTS,
    action: act("add", WRITE_TRANSITIONS),
  },
  // The visit form is only for those who record visits (its loader asks write:transitions).
  "_app.residents.$residentId.visits.$visitId.tsx": {
    url: (_w, s) => `/residents/${s.residentId}/visits/${s.visitId}`,
    params: (_w, s) => ({ residentId: String(s.residentId), visitId: String(s.visitId) }),
    loader: WRITE_TRANSITIONS,
    action: act("", WRITE_TRANSITIONS),
  },

  // Staff and retraining.
  "_app.staff._index.tsx": { ...at("/staff"), loader: r("login", "ok", "ok", "ok", "403", "403") },
  "_app.staff.new.tsx": {
    ...at("/staff/new"),
    loader: r("login", "403", "403", "ok", "403", "403"),
    action: act("", r("login", "403", "403", "ok/refused", "403", "403")),
  },
  "_app.staff.import.tsx": {
    ...at("/staff/import"),
    loader: r("login", "403", "403", "ok", "403", "403"),
    action: act("preview", r("login", "403", "403", "ok/refused", "403", "403")),
  },
  "_app.staff.history-import.tsx": {
    ...at("/staff/history-import"),
    loader: r("login", "403", "403", "ok", "403", "403"),
    action: act("preview", r("login", "403", "403", "ok/refused", "403", "403")),
  },
  "_app.staff.history-import_.template.ts": {
    ...at("/staff/history-import/template?lang=bg&format=csv"),
    loader: r("login", "403", "403", "ok", "403", "403"),
  },
  "_app.staff.history-import_.progress.ts": {
    ...at("/staff/history-import/progress?job=00000000-0000-4000-8000-000000000000"),
    loader: r("login", "403", "403", "404", "403", "403"),
  },
  "_app.staff.$staffId.tsx": {
    url: (_w, s) => `/staff/${s.staffId}`,
    params: (_w, s) => ({ staffId: String(s.staffId) }),
    loader: r("login", "ok/ok", "ok/404", "ok/404", "403", "403"),
    action: act("update", r("login", "403", "403", "ok/404", "403", "403")),
  },
  "_app.support-sessions.tsx": {
    ...at("/support-sessions"),
    loader: r("login", "ok", "ok", "ok", "403", "403"),
    action: act("", r("login", "403", "403", "ok/refused", "403", "403")),
  },
  // Training modules are a catalogue (no institution): the page lists only enrolments in scope;
  // enrolling another institution's staff is refused.
  "_app.training._index.tsx": {
    ...at("/training"),
    loader: r("login", "ok", "ok", "ok", "403", "403"),
    action: act("", r("login", "ok", "403", "403", "403", "403")),
  },
  "_app.training.$moduleId.tsx": {
    url: (w) => `/training/${w.moduleId}`,
    params: (w) => ({ moduleId: String(w.moduleId) }),
    loader: r("login", "ok", "ok", "ok", "403", "403"),
    action: act("enrol", r("login", "403", "403", "ok/refused", "403", "403")),
  },
  // Readiness ratios are a catalogue: read with read:plans, set by administrators.
  "_app.readiness.tsx": {
    ...at("/readiness"),
    loader: r("login", "ok", "ok", "ok", "ok", "403"),
    action: act("", r("login", "ok", "403", "403", "403", "403")),
  },

  // Local DI plans: scoped by plan area (a user sees the plans of their institutions' areas).
  "_app.plans._index.tsx": {
    ...at("/plans"),
    loader: r("login", "ok", "ok", "ok", "ok", "403"),
    action: act("", r("login", "403", "ok/refused", "403", "403", "403")),
  },
  "_app.plans.$planId._index.tsx": { ...plan(""), loader: READ_PLANS, action: act("goal", WRITE_PLANS) },
  "_app.plans.$planId.dashboard.tsx": { ...plan("/dashboard"), loader: READ_PLANS },
  "_app.plans.$planId.compare.tsx": {
    url: (_w, s) => `/plans/${s.planId}/compare?a=1&b=1`,
    params: plan("").params,
    loader: READ_PLANS,
  },
  "_app.plans.$planId.group.tsx": { ...plan("/group"), loader: READ_PLANS, action: act("member", WRITE_PLANS) },
  "_app.plans.$planId.publication.tsx": {
    ...plan("/publication"),
    loader: READ_PLANS,
    action: act("publish", WRITE_PLANS),
  },
  // A plan's public summary: no sign-in; an unknown (or withdrawn) token is a 404 for everyone.
  "p.$token.tsx": {
    ...at("/p/AAAAAAAAAAAAAAAAAAAAAA"),
    params: () => ({ token: "AAAAAAAAAAAAAAAAAAAAAA" }),
    loader: r("public", "public", "public", "public", "public", "public"),
  },
  "_app.plans.$planId.actions[.]xlsx.ts": { ...plan("/actions.xlsx"), loader: READ_PLANS },
  "_app.plans.$planId.group_.meetings.$meetingId.tsx": {
    url: (_w, s) => `/plans/${s.planId}/group/meetings/${s.meetingId}`,
    params: (_w, s) => ({ planId: String(s.planId), meetingId: String(s.meetingId) }),
    loader: READ_PLANS,
    action: act("upload", WRITE_PLANS),
  },
  "_app.plans.$planId.group_.meetings.$meetingId_.documents.$documentId.ts": {
    url: (_w, s) => `/plans/${s.planId}/group/meetings/${s.meetingId}/documents/${s.minutesId}`,
    params: (_w, s) => ({ planId: String(s.planId), meetingId: String(s.meetingId), documentId: String(s.minutesId) }),
    loader: READ_PLANS,
  },
  "_app.plans.$planId.plan[.]pdf.ts": { ...plan("/plan.pdf"), loader: READ_PLANS },

  // Grants: grant managers; administrators read.
  "_app.grants._index.tsx": { ...at("/grants"), loader: r("login", "ok", "403", "403", "ok", "403") },
  "_app.grants.new.tsx": {
    ...at("/grants/new"),
    loader: r("login", "403", "403", "403", "ok", "403"),
    action: act("", r("login", "403", "403", "403", "ok/refused", "403")),
  },
  "_app.grants.$grantId._index.tsx": { ...grant(""), loader: READ_GRANTS, action: act("", WRITE_GRANTS) },
  "_app.grants.$grantId.dashboard.tsx": { ...grant("/dashboard"), loader: READ_GRANTS },
  "_app.grants.$grantId.edit.tsx": { ...grant("/edit"), loader: WRITE_GRANTS, action: act("", WRITE_GRANTS) },
  "_app.grants.$grantId.periods.$periodId._index.tsx": {
    ...period(""),
    loader: READ_GRANTS,
    action: act("save", WRITE_GRANTS),
  },
  "_app.grants.$grantId.periods.$periodId.report[.]csv.ts": { ...period("/report.csv"), loader: READ_GRANTS },
  "_app.grants.$grantId.periods.$periodId.report[.]pdf.ts": { ...period("/report.pdf"), loader: READ_GRANTS },
  "_app.grants.$grantId.periods.$periodId.report[.]xlsx.ts": { ...period("/report.xlsx"), loader: READ_GRANTS },

  // Monitoring (decision 033): the coordinator of side A's plan area and the administrator; another
  // area or its institution is a 404. The monitoring user's cells forbid every person's data and code.
  "_app.monitoring._index.tsx": { ...at("/monitoring"), loader: r("login", "ok", "403", "403", "403", "ok") },
  "_app.monitoring.overview[.]xlsx.ts": {
    ...at("/monitoring/overview.xlsx"),
    loader: r("login", "ok", "403", "403", "403", "ok"),
  },
  "_app.monitoring.municipalities.$municipalityId.tsx": {
    url: (_w, s) => `/monitoring/municipalities/${s.municipalityId}`,
    params: (_w, s) => ({ municipalityId: String(s.municipalityId) }),
    loader: r("login", "ok/ok", "403", "403", "403", "ok/404"),
  },
  "_app.monitoring.institutions.$institutionId.tsx": {
    url: (_w, s) => `/monitoring/institutions/${s.institutionId}`,
    params: (_w, s) => ({ institutionId: String(s.institutionId) }),
    loader: r("login", "ok/ok", "403", "403", "403", "ok/404"),
  },
};

let db: Db;
let w: World;
const cookies = new Map<Who, string | undefined>();
const modules = new Map<string, RouteModule>();
const tally = { cells: 0, leaks: 0, mismatches: 0, writes: 0 };
const failures: string[] = [];

beforeAll(async () => {
  db = await openAppDb();
  w = await buildWorld(db);
  cookies.set("anon", undefined);
  for (const role of ROLES) cookies.set(role, await signIn(w.emails[role]));
  for (const file of routeFiles()) modules.set(file, await loadRoute(file));
}, 60_000);

afterAll(() => {
  console.log(
    `authz matrix: ${tally.cells} cells, ${tally.leaks} leaks (${tally.mismatches} unexpected outcomes, ${tally.writes} denied writes)`,
  );
});

const DENIED: readonly Token[] = ["login", "401", "403", "404", "refused"];

function parseCell(cell: string): { own: Token; other: Token | null } {
  const [own, other] = cell.split("/") as [Token, Token | undefined];
  return { own, other: other ?? null };
}

function matches(expected: Token, o: Outcome, kind: "loader" | "action", wrote: string[]): boolean {
  if (o.status >= 500) return false;
  switch (expected) {
    case "login":
      return redirectsToLogin(o);
    case "401":
      return o.status === 401;
    case "403":
      return o.status === 403;
    case "404":
      return o.status === 404;
    case "refused":
      return [400, 403, 404].includes(o.status) && wrote.length === 0;
    case "public":
      return true;
    case "ok":
      if (redirectsToLogin(o) || [401, 403, 404].includes(o.status)) return false;
      return kind === "loader" ? o.status < 400 : true;
  }
}

async function runCell(
  file: string,
  e: Entry,
  kind: "loader" | "action",
  who: Who,
  target: "own" | "other",
  expected: Token,
  form = e.action?.form ?? "",
) {
  const side = target === "own" ? w.a : w.b;
  const handler = modules.get(file)![kind]!;
  const url = e.url(w, side);
  const params = e.params?.(w, side) ?? {};
  // Signing out ends the session: that cell gets a session of its own.
  const cookie =
    file === "logout.tsx" && kind === "action" && who !== "anon" ? await signIn(w.emails[who]) : cookies.get(who);
  const before = kind === "action" ? tableDigests(db) : null;
  const request =
    kind === "loader" ? getRequest(url, cookie) : postRequest(url, FORMS[file]![form]!(w, side), { cookie });
  const o = await call(handler, request, params);
  const wrote = before ? changedTables(before, tableDigests(db)) : [];

  tally.cells++;
  const label = `${file} ${kind}${kind === "action" && form !== (e.action?.form ?? "") ? ` (${form})` : ""} ${who} ${target}: expected ${expected}, got ${o.status}${o.location ? ` → ${o.location}` : ""}`;
  const denied = DENIED.includes(expected);
  // Personal data that must not be in this answer: none at all when denied or signed out; for a
  // user of institution A, none of B's (administrators see everything).
  // A monitoring user sees no person of either side: neither their data nor their pseudonymous codes.
  const forbidden =
    denied || who === "anon"
      ? [...w.a.secrets, ...w.b.secrets]
      : who === "admin"
        ? []
        : who === "monitoring"
          ? [...w.a.secrets, ...w.b.secrets, w.a.residentCode, w.b.residentCode]
          : w.b.secrets;
  const leaked = forbidden.filter((s) => o.body.includes(s));
  if (leaked.length > 0 || (denied && o.status < 300)) {
    tally.leaks++;
    failures.push(`LEAK ${label}: ${leaked.join(", ") || "a 2xx answer"}`);
  }
  if (!matches(expected, o, kind, wrote)) {
    tally.mismatches++;
    failures.push(`${label}${o.error ? ` (${String(o.error)})` : ""} ${o.body.slice(0, 200)}`);
  }
  if (denied && wrote.length > 0) {
    tally.writes++;
    failures.push(`WRITE ${label}: ${wrote.join(", ")}`);
  }
}

describe("authorization matrix", () => {
  it("every route file has an entry, and every entry names the handlers the module exports", () => {
    const files = routeFiles();
    const unclassified = files.filter((f) => !(f in MATRIX));
    expect(unclassified, "route files without an entry in MATRIX: classify them").toEqual([]);
    expect(
      Object.keys(MATRIX).filter((f) => !files.includes(f)),
      "entries for files that do not exist",
    ).toEqual([]);
    for (const f of files) {
      const m = modules.get(f)!;
      expect({ file: f, loader: !!m.loader, action: !!m.action }).toEqual({
        file: f,
        loader: !!MATRIX[f]!.loader,
        action: !!MATRIX[f]!.action,
      });
      for (const more of MATRIX[f]!.moreActions ?? [])
        expect(FORMS[f]?.[more.form], `${f}: no form "${more.form}" in FORMS`).toBeDefined();
      if (MATRIX[f]!.action)
        expect(
          FORMS[f]?.[MATRIX[f]!.action!.form],
          `${f}: no form "${MATRIX[f]!.action!.form}" in FORMS`,
        ).toBeDefined();
    }
  });

  for (const [file, entry] of Object.entries(MATRIX)) {
    it(`${file}: every role, own and other institution`, async () => {
      const before = failures.length;
      for (const kind of ["loader", "action"] as const) {
        const row = entry[kind];
        if (!row || !modules.get(file)?.[kind]) continue;
        for (const who of WHO) {
          const { own, other } = parseCell(row[who]);
          await runCell(file, entry, kind, who, "own", own);
          if (other) await runCell(file, entry, kind, who, "other", other);
        }
      }
      for (const more of entry.moreActions ?? []) {
        for (const who of WHO) {
          const { own, other } = parseCell(more[who]);
          await runCell(file, entry, "action", who, "own", own, more.form);
          if (other) await runCell(file, entry, "action", who, "other", other, more.form);
        }
      }
      expect(failures.slice(before)).toEqual([]);
    });
  }
});
