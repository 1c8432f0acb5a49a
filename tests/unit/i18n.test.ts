import { ERASURE_REFUSAL_BASES } from "#app/modules/privacy/constants";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import bg from "#app/locales/bg.json";
import en from "#app/locales/en.json";
import pl from "#app/locales/pl.json";
import { HOUSING_TYPES, SERVICE_TYPES } from "#app/modules/catalogues/catalogues";
import { TASK_KINDS } from "#app/modules/caseload/tasks.server";
import { JOB_PHASES } from "#app/modules/csv/jobs.server";
import { DOCUMENT_TYPES } from "#app/modules/documents/constants";
import { RESIDENT_FIELDS_OF_HISTORY, RESIDENT_HISTORY_FIELDS } from "#app/modules/history/fields";
import { STAFF_FIELDS_OF_HISTORY, STAFF_HISTORY_FIELDS } from "#app/modules/history/staff-fields";
import { AGE_GROUPS, BREAKDOWNS } from "#app/modules/indicators/definitions";
import { ACTION_STATUSES, RISK_LEVELS } from "#app/modules/plans/constants";
import { MILESTONE_STATUSES } from "#app/modules/plans/milestones";
import { IMPORT_FIELDS } from "#app/modules/residents/import.server";
import { SORT_DIRECTIONS } from "#app/modules/residents/schemas";
import {
  AGE_SCHEMES,
  COMPETENCE_AREAS,
  CONSENT_GIVERS,
  COUNTRIES,
  DISABILITY_STATUSES,
  DOCUMENT_KINDS,
  ENROLMENT_STATES,
  HOUSING_UNIT_STATUSES,
  INDICATOR_CODES,
  INDICATOR_UNITS,
  INSTITUTION_KINDS,
  LEGAL_CAPACITIES,
  LIFE_DOMAINS,
  LOCALES,
  MUNICIPALITY_KINDS,
  OPERATOR_KINDS,
  PLACEMENT_STATUSES,
  READINESS_SUBJECTS,
  ROLES,
  SEXES,
  SUPPORT_INTENSITIES,
  SUPPORT_SESSION_KINDS,
  TARGET_GROUPS,
  USER_STATUSES,
  PLAN_SECTIONS,
  WG_ITEM_STATES,
} from "#db/schema/enums";
import { ENROLMENT_EVENT_TYPES, ENROLMENT_GUARDS } from "#machines/enrolment";
import { PLAN_EVENT_TYPES, PLAN_GUARDS, PLAN_STATES } from "#machines/plan";
import { REPORT_GUARDS, REPORT_STATES } from "#machines/report";
import { CONFIRMED_EVENTS } from "#machines/steps";
import { GUARDS, TRANSITION_EVENT_TYPES, TRANSITION_STATES } from "#machines/transition";
import { FIGURE_GROUPS, RETRAINING_STATUSES } from "#app/modules/plans/diagnosis";

import { AUDIT_ACTIONS } from "#app/modules/audit/actions";

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const languages = { en: flatten(en), pl: flatten(pl), bg: flatten(bg) };

/** i18next plural suffixes: "count_one", "count_few"... all belong to the key "count". */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, "");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "locales" ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(d.name) ? [p] : [];
  });
}

const root = path.resolve(import.meta.dirname, "../..");
const source = [...sourceFiles(path.join(root, "app")), ...sourceFiles(path.join(root, "machines"))]
  .map((f) => fs.readFileSync(f, "utf8"))
  .join("\n");

/** Literal keys ("auth.title") and template prefixes (`roles.${role}` gives "roles."). */
const literals = new Set([...source.matchAll(/["'`]([a-zA-Z0-9_]+(?:\.[a-zA-Z0-9_]+)+)["'`]/g)].map((m) => m[1]!));
const prefixes = [...new Set([...source.matchAll(/`([a-zA-Z0-9_.]+\.)\$\{/g)].map((m) => m[1]!))];

const keys = <T extends object>(o: T) => Object.keys(o);
/** The dated guards of the transition machine also have a sentence naming both dates (`explainGuard`). */
const DATED_FACT_GUARDS = [
  "assessmentCompleted",
  "planApproved",
  "consentValid",
  "placeReserved",
  "followUpVisitsRecorded",
];

/**
 * Every key family the code builds at run time, with the values it is built from: a key under one
 * of these prefixes counts as used only when it is one of these values (or a key nested in one),
 * and every value must have its key. A new `t(`x.${y}`)` fails "every template prefix is
 * declared" until its values are listed here. Values are the app's own constants where it has them;
 * the literal lists are those written inline at the call site (quoted beside each).
 */
const DYNAMIC_KEYS: Record<string, readonly string[]> = {
  // audit-action.tsx: every action of the audit log's catalogue (decision 044).
  "audit.actions.": AUDIT_ACTIONS,
  "catalogues.housing.": HOUSING_TYPES.map((h) => h.code),
  "catalogues.services.": SERVICE_TYPES.map((c) => c.code),
  // transition-actions.tsx and the plan page: the confirmed steps; "cancel" is a literal key.
  "confirm.": [...keys(CONFIRMED_EVENTS), "ADOPT", "SUBMIT"],
  "countries.": COUNTRIES,
  "dashboard.roleIntro.": ROLES,
  // error-page.tsx: 404, 403, other 4xx, 5xx.
  "documents.kinds.": DOCUMENT_KINDS,
  // file-check.server.ts: the content type a file was found to be, "/" written "_".
  "documents.types.": Object.keys(DOCUMENT_TYPES).map((m) => m.replace("/", "_")),
  "errors.": ["notFound", "forbidden", "badRequest", "server"],
  // grant-fields.tsx: the three cells of a target row.
  "grants.": ["unit", "baseline", "target"],
  "grants.ageGroups.": Object.values(AGE_GROUPS).flatMap((groups) => groups.map((g) => g.key)),
  "grants.ageSchemes.": AGE_SCHEMES,
  "grants.breakdowns.": BREAKDOWNS,
  "grants.guards.": keys(REPORT_GUARDS),
  "grants.report.lists.": ["period", "cumulative", "excluded"],
  "grants.report.missingFields.": ["sex", "date_of_birth"],
  "grants.reportStates.": ["none", ...REPORT_STATES],
  "grants.units.": INDICATOR_UNITS,
  // residentHistoryLabel / staffHistoryLabel: the columns the import of today's records does not have.
  "history.progress.": JOB_PHASES,
  "history.residents.fields.": RESIDENT_HISTORY_FIELDS.filter(
    (f) => !f.startsWith("domain_") && !(RESIDENT_FIELDS_OF_HISTORY as readonly string[]).includes(f),
  ),
  "history.staff.fields.": STAFF_HISTORY_FIELDS.filter(
    (f) => !(STAFF_FIELDS_OF_HISTORY as readonly string[]).includes(f),
  ),
  "housing.placementStatuses.": PLACEMENT_STATUSES,
  "housingStatuses.": HOUSING_UNIT_STATUSES,
  "indicators.": INDICATOR_CODES,
  "institutions.kinds.": INSTITUTION_KINDS,
  "language.names.": LOCALES,
  "municipalities.kinds.": MUNICIPALITY_KINDS,
  "operatorKinds.": OPERATOR_KINDS,
  // the plan page's period fields.
  "plans.": ["periodFrom", "periodTo"],
  "plans.actionStatuses.": ACTION_STATUSES,
  // subject-rights.tsx and the retention page's flash: the grounds of GDPR art. 17(3).
  "retention.bases.": ERASURE_REFUSAL_BASES,
  "plans.compareChange.": ["added", "removed"],
  "plans.compareSide.": ["a", "b"],
  "plans.events.": PLAN_EVENT_TYPES,
  // the plan's diagnosis figures (plan page, compare.ts).
  "plans.figures.": [...TARGET_GROUPS, "staff", "waitingList", "residents"],
  // plan-diagnosis-figures.tsx and the plan PDF: the figure groups and the retraining statuses.
  "plans.diagnosisFigures.groups.": FIGURE_GROUPS,
  "plans.diagnosisFigures.retraining.": RETRAINING_STATUSES,
  // working-group-forms.tsx: member and meeting fields ("name" is users.name).
  "plans.group.": ["organisation", "roleInGroup", "contact"],
  // the working group page and its meeting page (decision 037).
  "plans.group.itemStates.": WG_ITEM_STATES,
  "plans.guards.": keys(PLAN_GUARDS),
  "plans.levels.": RISK_LEVELS,
  "plans.milestoneStatuses.": MILESTONE_STATUSES,
  "plans.states.": PLAN_STATES,
  // a consultation comment's part of the plan (decision 038).
  "plans.sections.": PLAN_SECTIONS,
  "residents.disabilities.": DISABILITY_STATUSES,
  "residents.import.fields.": [...IMPORT_FIELDS, ...RESIDENT_FIELDS_OF_HISTORY],
  "residents.legalCapacities.": LEGAL_CAPACITIES,
  "residents.sexes.": SEXES,
  // the resident list's sort links.
  "residents.sort.": SORT_DIRECTIONS,
  "residents.targetGroups.": TARGET_GROUPS,
  "roles.": ROLES,
  "staff.competences.": COMPETENCE_AREAS,
  "staff.enrolmentStates.": ENROLMENT_STATES,
  "staff.guards.": keys(ENROLMENT_GUARDS),
  "staff.readiness.ratioLine.": READINESS_SUBJECTS,
  "staff.readiness.source.": READINESS_SUBJECTS,
  "staff.sessions.kinds.": SUPPORT_SESSION_KINDS,
  // _app.training._index.tsx: the module's titles in three languages.
  "staff.training.": ["titleEn", "titlePl", "titleBg"],
  "staff.training.done.": ENROLMENT_EVENT_TYPES.map((e) => e.toLowerCase()),
  "transitions.consent.documentHint.": COUNTRIES,
  "transitions.consent.givers.": CONSENT_GIVERS,
  "transitions.consent.required.": LEGAL_CAPACITIES,
  "transitions.domains.": LIFE_DOMAINS,
  "transitions.errors.consentGiver.": LEGAL_CAPACITIES,
  "transitions.events.": TRANSITION_EVENT_TYPES,
  // explainGuard: one sentence per guard, the dated ones also naming both dates.
  "transitions.guards.": [...keys(GUARDS), ...DATED_FACT_GUARDS.map((g) => `${g}Later`)],
  // history.server.ts: the audit actions of the records of a transition shown in its history.
  "transitions.history.facts.": [
    "assessment.created",
    "assessment.updated",
    "plan.created",
    "plan.updated",
    "plan.approved",
    "consent.recorded",
    "consent.withdrawn",
    "placement.reserved",
    "placement.cancelled",
    "placement.expiry_set",
    "visit.recorded",
    "service.added",
    "service.ended",
    "resident.created",
    "transition.key_worker_assigned",
  ],
  "tasks.kinds.": TASK_KINDS,
  "transitions.intensities.": SUPPORT_INTENSITIES,
  "transitions.placement.statuses.": PLACEMENT_STATUSES,
  // the flat states and the compound "active" drawn in the statechart.
  "transitions.states.": ["active", ...TRANSITION_STATES],
  "users.statuses.": USER_STATUSES,
};

/** Keys built at run time: prefix + value, or any key nested under it (`errors.notFound.title`). */
const dynamicallyUsed = (key: string) =>
  Object.entries(DYNAMIC_KEYS).some(([p, values]) => values.some((v) => key === p + v || key.startsWith(`${p}${v}.`)));

describe("translations", () => {
  it("every key exists in en, pl and bg, with no extra keys", () => {
    const all = new Set(
      [...languages.en.keys(), ...languages.pl.keys(), ...languages.bg.keys()].filter((k) => !PLURAL.test(k)),
    );
    const missing: string[] = [];
    for (const key of all) {
      for (const [lng, map] of Object.entries(languages)) {
        if (!map.get(key)?.trim()) missing.push(`${lng}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("plural keys have every form the language needs (Polish: one, few, many, other)", () => {
    const pluralBases = new Set([...languages.en.keys()].filter((k) => PLURAL.test(k)).map(base));
    const missing: string[] = [];
    for (const [lng, map] of Object.entries(languages)) {
      const forms = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
      for (const b of pluralBases) {
        for (const form of forms) if (!map.get(`${b}_${form}`)?.trim()) missing.push(`${lng}: ${b}_${form}`);
      }
      for (const k of map.keys())
        if (PLURAL.test(k) && !pluralBases.has(base(k))) missing.push(`${lng}: ${k} (no English plural)`);
    }
    expect(missing).toEqual([]);
  });

  it("placeholders are the same in every language", () => {
    const wrong: string[] = [];
    for (const [key, text] of languages.en) {
      if (PLURAL.test(key)) continue;
      const want = [...text.matchAll(/\{\{(\w+)\}\}/g)]
        .map((m) => m[1])
        .sort()
        .join(",");
      for (const lng of ["pl", "bg"] as const) {
        const got = [...(languages[lng].get(key) ?? "").matchAll(/\{\{(\w+)\}\}/g)]
          .map((m) => m[1])
          .sort()
          .join(",");
        if (got !== want) wrong.push(`${lng}: ${key} has {${got}} not {${want}}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("every key is used by the code", () => {
    const unused = [...languages.en.keys()].filter((k) => !literals.has(base(k)) && !dynamicallyUsed(base(k)));
    expect(unused).toEqual([]);
  });

  it("every template prefix of a translation key is declared with its values", () => {
    const namespaces = new Set([...languages.en.keys()].map((k) => k.split(".")[0]!));
    const undeclared = prefixes.filter((p) => namespaces.has(p.split(".")[0]!) && !(p in DYNAMIC_KEYS));
    expect(undeclared).toEqual([]);
    // And no declared family is left over once its call site is gone.
    expect(Object.keys(DYNAMIC_KEYS).filter((p) => !prefixes.includes(p))).toEqual([]);
  });

  it("every key built at run time exists", () => {
    const known = [...languages.en.keys()].map(base);
    const missing = Object.entries(DYNAMIC_KEYS).flatMap(([p, values]) =>
      values.map((v) => p + v).filter((k) => !known.some((x) => x === k || x.startsWith(`${k}.`))),
    );
    expect(missing).toEqual([]);
  });

  it("every key the code uses exists", () => {
    const known = new Set([...languages.en.keys()].map(base));
    const namespaces = new Set([...known].map((k) => k.split(".")[0]!));
    const fileName = /\.(csv|json|xlsx|pdf|png|txt)$/;
    const used = [...literals].filter((k) => namespaces.has(k.split(".")[0]!) && !known.has(k) && !fileName.test(k));
    // Parent keys of a group (e.g. "errors.notFound") are not texts themselves.
    const parents = new Set(
      [...known].flatMap((k) =>
        k
          .split(".")
          .slice(1)
          .map((_, i) =>
            k
              .split(".")
              .slice(0, i + 1)
              .join("."),
          ),
      ),
    );
    expect(used.filter((k) => !parents.has(k))).toEqual([]);
  });
});
