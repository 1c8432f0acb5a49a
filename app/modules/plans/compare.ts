import { TARGET_GROUPS } from "#db/schema/enums";
import { HOUSING_TYPES } from "#app/modules/catalogues/catalogues";
import type { PlanContent } from "./schemas";

/**
 * What changed between two versions of a plan, as a reader of the plan says it: each row names
 * the section, the item (a goal, action, risk or milestone by its title) and the field by its
 * label (a translation key), with the two values typed so that the page formats them in the
 * user's language (dates, numbers, money, choices). Items are matched by their ids, so a renamed
 * goal is one change, not a removal and an addition. Nothing here is JSON or a field name.
 */

/** A label: a translation key, with values that are themselves keys when written "t:<key>". */
export interface Label {
  key: string;
  values?: Record<string, string>;
}

/** A value as the page shows it. */
export type Shown =
  | { kind: "text"; text: string }
  | { kind: "number"; n: number }
  | { kind: "date"; date: string }
  | { kind: "money"; amount: number; currency: string }
  /** A choice (status, level), shown by its translated label. */
  | { kind: "label"; label: Label }
  /** An added or removed item: its fields, each with its label. */
  | { kind: "fields"; fields: { label: Label; value: Shown }[] };

export type Section = "period" | "diagnosis" | "goals" | "actions" | "risks" | "milestones" | "monitoring";

export interface ChangeRow {
  section: Section;
  change: "changed" | "added" | "removed";
  /** The item changed, by its title (the later version's, if it has one). */
  item: string | null;
  /** The field changed (for an added or removed item: what kind of item it is). */
  field: Label;
  /** null: no value on that side (not there yet, or no longer). */
  before: Shown | null;
  after: Shown | null;
}

export const SECTION_LABELS: Record<Section, string> = {
  period: "plans.period",
  diagnosis: "plans.diagnosis",
  goals: "plans.goals",
  actions: "plans.actions",
  risks: "plans.risks",
  milestones: "plans.milestones",
  monitoring: "plans.monitoring",
};

const text = (s: string | null | undefined): Shown | null => (s ? { kind: "text", text: s } : null);
/** A figure: null is a cell hidden as a small count (decision 039), shown as the same mark as on the page. */
const num = (n: number | null | undefined): Shown | null =>
  n === undefined ? null : n === null ? { kind: "text", text: "•" } : { kind: "number", n };
const date = (d: string | null | undefined): Shown | null => (d ? { kind: "date", date: d } : null);
const same = (x: Shown | null, y: Shown | null) => JSON.stringify(x) === JSON.stringify(y);

/** The name of a housing or service type of the catalogue, as a label value. */
const typeName = (code: string) =>
  `t:${HOUSING_TYPES.some((h) => h.code === code) ? `catalogues.housing.${code}` : `catalogues.services.${code}`}`;

type Goal = PlanContent["goals"][number];
type Action = PlanContent["actions"][number];
type Risk = PlanContent["risks"][number];
type Milestone = PlanContent["milestones"][number];

interface ItemKind<T extends { id: string }> {
  section: Section;
  /** The label of the kind of item, for an added or removed one. */
  label: string;
  title: (item: T) => string;
  /** Each field with its label and value; `doc` is the item's own version (a goal's title). */
  fields: (item: T, doc: PlanContent) => { label: Label; value: Shown | null }[];
}

const GOAL: ItemKind<Goal> = {
  section: "goals",
  label: "plans.goal",
  title: (g) => g.title,
  fields: (g) => [
    { label: { key: "plans.goal" }, value: text(g.title) },
    { label: { key: "plans.description" }, value: text(g.description) },
  ],
};

const ACTION: ItemKind<Action> = {
  section: "actions",
  label: "plans.action",
  title: (a) => a.title,
  fields: (a, doc) => [
    { label: { key: "plans.action" }, value: text(a.title) },
    { label: { key: "plans.goal" }, value: text(doc.goals.find((g) => g.id === a.goalId)?.title ?? "—") },
    { label: { key: "plans.owner" }, value: text(a.owner) },
    { label: { key: "plans.start" }, value: date(a.start) },
    { label: { key: "plans.deadline" }, value: date(a.deadline) },
    { label: { key: "plans.budget" }, value: { kind: "money", amount: a.budget, currency: a.currency } },
    { label: { key: "plans.fundingSource" }, value: text(a.fundingSource) },
    { label: { key: "plans.status" }, value: { kind: "label", label: { key: `plans.actionStatuses.${a.status}` } } },
  ],
};

const RISK: ItemKind<Risk> = {
  section: "risks",
  label: "plans.risk",
  title: (r) => r.description,
  fields: (r) => [
    { label: { key: "plans.risk" }, value: text(r.description) },
    { label: { key: "plans.likelihood" }, value: { kind: "label", label: { key: `plans.levels.${r.likelihood}` } } },
    { label: { key: "plans.impact" }, value: { kind: "label", label: { key: `plans.levels.${r.impact}` } } },
    { label: { key: "plans.mitigation" }, value: text(r.mitigation) },
    { label: { key: "plans.owner" }, value: text(r.owner) },
  ],
};

const MILESTONE: ItemKind<Milestone> = {
  section: "milestones",
  label: "plans.milestone",
  title: (m) => m.title,
  fields: (m) => [
    { label: { key: "plans.milestone" }, value: text(m.title) },
    { label: { key: "plans.date" }, value: date(m.date) },
    ...Object.entries(m.targets).map(([code, target]) => ({
      label: { key: `indicators.${code}` },
      value: num(target),
    })),
  ],
};

/** Items matched by id: changed fields of items in both, and items only in one of them. */
function items<T extends { id: string }>(
  kind: ItemKind<T>,
  a: PlanContent,
  b: PlanContent,
  before: T[],
  after: T[],
): ChangeRow[] {
  const out: ChangeRow[] = [];
  const ids = [...new Set([...before, ...after].map((i) => i.id))];
  const summary = (item: T, doc: PlanContent): Shown => ({
    kind: "fields",
    fields: kind.fields(item, doc).filter((f): f is { label: Label; value: Shown } => f.value !== null),
  });
  for (const id of ids) {
    const x = before.find((i) => i.id === id);
    const y = after.find((i) => i.id === id);
    if (x && !y)
      out.push({
        section: kind.section,
        change: "removed",
        item: kind.title(x),
        field: { key: kind.label },
        before: summary(x, a),
        after: null,
      });
    else if (!x && y)
      out.push({
        section: kind.section,
        change: "added",
        item: kind.title(y),
        field: { key: kind.label },
        before: null,
        after: summary(y, b),
      });
    else if (x && y) {
      const fx = kind.fields(x, a);
      const fy = kind.fields(y, b);
      const labels = [...new Map([...fx, ...fy].map((f) => [JSON.stringify(f.label), f.label])).values()];
      for (const label of labels) {
        const vx = fx.find((f) => JSON.stringify(f.label) === JSON.stringify(label))?.value ?? null;
        const vy = fy.find((f) => JSON.stringify(f.label) === JSON.stringify(label))?.value ?? null;
        if (!same(vx, vy))
          out.push({
            section: kind.section,
            change: "changed",
            item: kind.title(y),
            field: label,
            before: vx,
            after: vy,
          });
      }
    }
  }
  return out;
}

/** The plan's own figures and texts (not items): each with its label and value. */
function documentFields(c: PlanContent): { section: Section; label: Label; value: Shown | null }[] {
  const d = c.diagnosis;
  return [
    { section: "period", label: { key: "plans.periodFrom" }, value: date(c.periodFrom) },
    { section: "period", label: { key: "plans.periodTo" }, value: date(c.periodTo) },
    { section: "period", label: { key: "plans.regionalPlanLink" }, value: text(c.regionalPlanLink) },
    ...TARGET_GROUPS.map((g) => ({
      section: "diagnosis" as const,
      label: { key: `plans.figures.${g}` },
      value: num(d.residentsByTargetGroup[g] ?? 0),
    })),
    ...Object.keys(d.placesByType).map((code) => ({
      section: "diagnosis" as const,
      label: { key: "plans.compareLabels.places", values: { type: typeName(code) } },
      value: num(d.placesByType[code]),
    })),
    { section: "diagnosis", label: { key: "plans.figures.staff" }, value: num(d.staff) },
    { section: "diagnosis", label: { key: "plans.figures.waitingList" }, value: num(d.waitingList) },
    { section: "diagnosis", label: { key: "plans.diagnosisText" }, value: text(d.text) },
    { section: "monitoring", label: { key: "plans.monitoring" }, value: text(c.monitoring) },
  ];
}

const SECTION_ORDER: Section[] = ["period", "diagnosis", "goals", "actions", "milestones", "risks", "monitoring"];

/** Every change from version `a` to version `b`, section by section in the document's order. */
export function describeChanges(a: PlanContent, b: PlanContent): ChangeRow[] {
  const out: ChangeRow[] = [];
  const fa = documentFields(a);
  const fb = documentFields(b);
  const keyOf = (f: { section: Section; label: Label }) => `${f.section}|${JSON.stringify(f.label)}`;
  const keys = [...new Set([...fa, ...fb].map(keyOf))];
  for (const k of keys) {
    const x = fa.find((f) => keyOf(f) === k);
    const y = fb.find((f) => keyOf(f) === k);
    const vx = x?.value ?? null;
    const vy = y?.value ?? null;
    // A place type missing on one side is 0 places there.
    const zeroIfPlaces = (v: Shown | null, f: typeof x) =>
      v === null && (y ?? x)!.label.key === "plans.compareLabels.places" && !f
        ? ({ kind: "number", n: 0 } as Shown)
        : v;
    const bx = zeroIfPlaces(vx, x);
    const by = zeroIfPlaces(vy, y);
    if (!same(bx, by))
      out.push({
        section: (y ?? x)!.section,
        change: "changed",
        item: null,
        field: (y ?? x)!.label,
        before: bx,
        after: by,
      });
  }
  out.push(...items(GOAL, a, b, a.goals, b.goals));
  out.push(...items(ACTION, a, b, a.actions, b.actions));
  out.push(...items(MILESTONE, a, b, a.milestones, b.milestones));
  out.push(...items(RISK, a, b, a.risks, b.risks));
  return out.sort((x, y) => SECTION_ORDER.indexOf(x.section) - SECTION_ORDER.indexOf(y.section));
}
