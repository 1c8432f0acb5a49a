import crypto from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import {
  COUNTRY_TIME_ZONE,
  municipalities,
  planPublications,
  planVersions,
  plans,
  type IndicatorCode,
  type Locale,
} from "#db/schema";
import type { PlanState } from "#machines/plan";
import type { ServiceContext } from "#app/utils/context.server";
import { addDays, localDate } from "#app/utils/dates";
import { getEnv } from "#app/utils/env.server";
import { AppError } from "#app/utils/errors";
import { iso } from "#app/utils/time";
import { updateVersioned } from "#app/utils/versioned.server";
import { auditByActor } from "#app/modules/audit/service.server";
import { flowCounts } from "#app/modules/indicators/engine.server";
import { institutionsOfMunicipality } from "#app/modules/institutions/service.server";
import { countingEnd, milestoneStatus, type MilestoneStatus } from "./milestones";
import { findPlan } from "./service.server";
import type { PlanContent } from "./schemas";

/**
 * A plan's public progress summary (issue #16, docs/decisions/022-small-count-suppression.md):
 * the working group publishes it, in a language it chooses, at /p/<token>; it can withdraw it.
 * Only aggregated figures of the plan area, counted to the end of the last complete month, with
 * counts of persons under the small-count threshold hidden; no breakdown, no code, no name.
 */

export interface PublicationInput {
  version: number;
  locale: Locale;
}

/** The publication of a plan, as its page shows it (null: never published). */
export function getPublication(ctx: ServiceContext, planId: number) {
  findPlan(ctx, planId);
  return ctx.db.select().from(planPublications).where(eq(planPublications.planId, planId)).get() ?? null;
}

const newToken = () => crypto.randomBytes(16).toString("base64url");
/** What the audit log records of a publication. */
const audited = (r: { published: boolean; planVersionNumber: number; locale: Locale; token: string }) => ({
  published: r.published,
  planVersionNumber: r.planVersionNumber,
  locale: r.locale,
  token: r.token,
});

/** Publishes the plan's latest version in `locale` (or publishes it again: same address). */
export function publishPlan(ctx: ServiceContext, planId: number, input: PublicationInput): { token: string } {
  findPlan(ctx, planId);
  return ctx.db.transaction(
    (tx) => {
      const row = tx.select().from(planPublications).where(eq(planPublications.planId, planId)).get();
      if ((row?.version ?? 0) !== input.version) throw new AppError("conflict", "errors.conflict");
      const latest = tx
        .select({ number: planVersions.number })
        .from(planVersions)
        .where(eq(planVersions.planId, planId))
        .orderBy(desc(planVersions.number))
        .limit(1)
        .get()!;
      const values = {
        published: true,
        planVersionNumber: latest.number,
        locale: input.locale,
        publishedAt: iso(ctx.now),
        publishedBy: ctx.actor.id,
        updatedAt: iso(ctx.now),
      };
      let token: string;
      if (row) {
        token = row.token;
        updateVersioned(tx, planPublications, planId, row.version, values, planPublications.planId);
      } else {
        token = newToken();
        tx.insert(planPublications)
          .values({ planId, token, ...values })
          .run();
      }
      auditByActor(tx, ctx, {
        action: "plan.published",
        entityType: "plan",
        entityId: planId,
        before: row ? audited(row) : null,
        after: audited({ ...values, token }),
      });
      return { token };
    },
    { behavior: "immediate" },
  );
}

/** Withdraws the public summary: its address answers 404 until it is published again. */
export function unpublishPlan(ctx: ServiceContext, planId: number, input: { version: number }): void {
  findPlan(ctx, planId);
  ctx.db.transaction(
    (tx) => {
      const row = tx.select().from(planPublications).where(eq(planPublications.planId, planId)).get();
      if (!row || row.version !== input.version) throw new AppError("conflict", "errors.conflict");
      if (!row.published) throw new AppError("validation", "plans.publication.errors.notPublished");
      updateVersioned(
        tx,
        planPublications,
        planId,
        row.version,
        { published: false, updatedAt: iso(ctx.now) },
        planPublications.planId,
      );
      auditByActor(tx, ctx, {
        action: "plan.unpublished",
        entityType: "plan",
        entityId: planId,
        before: audited(row),
        after: audited({ ...row, published: false }),
      });
    },
    { behavior: "immediate" },
  );
}

type Flow = Exclude<IndicatorCode, "IN_SERVICES">;

/** A published figure: the number, or null when it counts 1 … threshold−1 persons. */
export type PublicFigure = number | null;

export interface PublicSummary {
  title: string;
  municipalityName: string;
  locale: Locale;
  versionNumber: number;
  state: PlanState;
  periodFrom: string | null;
  periodTo: string | null;
  /** The figures count the facts up to this day (the end of the last complete month, or the plan's end). */
  asOf: string | null;
  threshold: number;
  goals: { title: string; description: string }[];
  indicators: { code: Flow; unit: "persons" | "places"; actual: PublicFigure; finalTarget: number }[];
  milestones: {
    title: string;
    date: string;
    status: MilestoneStatus | null;
    targets: { code: Flow; target: number; actual: PublicFigure }[];
  }[];
}

/** The last day of the month before `day`'s. */
const endOfPreviousMonth = (day: string) => addDays(`${day.slice(0, 7)}-01`, -1);

/**
 * What /p/<token> shows, or null when the token is unknown or withdrawn. Counts of persons of
 * 1 … threshold−1 are hidden (places are not persons); a month's facts appear only once it is
 * over, so that two visits a day apart do not tell when one person moved.
 */
export function publicSummary(
  db: DbOrTx,
  token: string,
  now: Date,
  threshold = getEnv().SMALL_COUNT_THRESHOLD,
): PublicSummary | null {
  const pub = db
    .select({
      p: planPublications,
      title: plans.title,
      municipalityId: plans.municipalityId,
      municipalityName: municipalities.name,
      country: municipalities.country,
    })
    .from(planPublications)
    .innerJoin(plans, eq(plans.id, planPublications.planId))
    .innerJoin(municipalities, eq(municipalities.id, plans.municipalityId))
    .where(and(eq(planPublications.token, token), eq(planPublications.published, true)))
    .get();
  if (!pub) return null;
  const version = db
    .select({ content: planVersions.content, state: planVersions.state, number: planVersions.number })
    .from(planVersions)
    .where(and(eq(planVersions.planId, pub.p.planId), eq(planVersions.number, pub.p.planVersionNumber)))
    .get();
  if (!version) return null;
  const content = version.content as PlanContent;
  const today = localDate(now, COUNTRY_TIME_ZONE[pub.country]);
  const start = content.periodFrom;
  const asOf = start ? countingEnd({ today: endOfPreviousMonth(today), planEnd: content.periodTo }) : null;
  const ids = institutionsOfMunicipality(db, pub.municipalityId);
  const show = (code: Flow, n: number): PublicFigure =>
    code !== "PLACES_CREATED" && n >= 1 && n < threshold ? null : n;
  const counted = start && asOf && asOf >= start ? flowCounts(db, ids, start, asOf) : null;
  const codes = [...new Set(content.milestones.flatMap((m) => Object.keys(m.targets)))] as Flow[];
  const milestones = content.milestones.map((m) => {
    const targets = Object.entries(m.targets).filter((e): e is [Flow, number] => e[1] !== undefined);
    if (!start || !asOf || asOf < start)
      return {
        title: m.title,
        date: m.date,
        status: null,
        targets: targets.map(([code, target]) => ({ code, target, actual: null })),
      };
    const actual = flowCounts(
      db,
      ids,
      start,
      countingEnd({ today: asOf, planEnd: content.periodTo, milestoneDate: m.date }),
    );
    return {
      title: m.title,
      date: m.date,
      status: milestoneStatus({
        today: asOf,
        planStart: start,
        date: m.date,
        targets: Object.fromEntries(targets),
        actual,
      }),
      targets: targets.map(([code, target]) => ({ code, target, actual: show(code, actual[code]) })),
    };
  });
  return {
    title: pub.title,
    municipalityName: pub.municipalityName,
    locale: pub.p.locale,
    versionNumber: version.number,
    state: version.state,
    periodFrom: content.periodFrom,
    periodTo: content.periodTo,
    asOf: counted ? asOf : null,
    threshold,
    goals: content.goals.map((g) => ({ title: g.title, description: g.description })),
    indicators: codes.map((code) => ({
      code,
      unit: code === "PLACES_CREATED" ? "places" : "persons",
      actual: counted ? show(code, counted[code]) : null,
      finalTarget: Math.max(
        0,
        ...content.milestones.map((m) => (m.targets as Partial<Record<Flow, number>>)[code] ?? 0),
      ),
    })),
    milestones,
  };
}
