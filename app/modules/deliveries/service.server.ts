import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx, Tx } from "#db/client";
import { communityServices, serviceDeliveries, users, type CommunityService } from "#db/schema";
import type { ServiceContext } from "#app/utils/context.server";
import { localDate, monthBounds } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { iso } from "#app/utils/time";
import { auditByActor } from "#app/modules/audit/service.server";
import { findResident } from "#app/modules/residents/service.server";
import { firstMoveOn } from "#app/modules/transitions/facts.server";
import { checkFactDate, withCase, type Case } from "#app/modules/transitions/records.server";
import { CLOSED_STATES } from "#machines/transition";
import { MAX_HOURS_PER_DAY, type CorrectHoursInput, type DeliveryInput, type RemoveHoursInput } from "./schemas";

/**
 * Hours of a community service delivered (issue #17 item 2, decision 048). An entry is the day,
 * the hours and a short note; several entries may share a day, their total at most 24. Dated like
 * every fact: not after today in the institution's zone, not before the transition opened, the
 * move or the service's start, not after the service's end; never on a closed transition.
 * Append-only: a correction or removal is a new version with its reason, and the earlier versions
 * stay visible to whoever may see the resident. The offline outbox (kind `hours`) calls
 * `recordHours`, the online form's function.
 */

export interface DeliveryVersion {
  id: number;
  deliveredOn: string;
  hours: number;
  note: string | null;
  removed: boolean;
  recordedByName: string | null;
  recordedAt: string;
  /** Why this version replaced the one before it (null for the original). */
  reason: string | null;
}

/** An entry as it stands now, with its earlier versions (oldest first). */
export interface DeliveryView extends DeliveryVersion {
  rootId: number;
  earlier: DeliveryVersion[];
}

/** Every entry of a service as it stands, with earlier versions; by day, then as recorded. */
export function listDeliveries(db: DbOrTx, serviceId: number): DeliveryView[] {
  const rows = db
    .select({
      id: serviceDeliveries.id,
      deliveredOn: serviceDeliveries.deliveredOn,
      hours: serviceDeliveries.hours,
      note: serviceDeliveries.note,
      removed: serviceDeliveries.removed,
      recordedByName: users.name,
      recordedAt: serviceDeliveries.recordedAt,
      supersedesId: serviceDeliveries.supersedesId,
      reason: serviceDeliveries.reason,
    })
    .from(serviceDeliveries)
    .leftJoin(users, eq(users.id, serviceDeliveries.recordedBy))
    .where(eq(serviceDeliveries.serviceId, serviceId))
    .orderBy(asc(serviceDeliveries.id))
    .all();
  const next = new Map(rows.filter((r) => r.supersedesId !== null).map((r) => [r.supersedesId!, r]));
  const version = ({ supersedesId: _, ...r }: (typeof rows)[number]): DeliveryVersion => r;
  return rows
    .filter((r) => r.supersedesId === null)
    .map((root) => {
      const chain = [root];
      for (let n = next.get(root.id); n; n = next.get(n.id)) chain.push(n);
      return { ...version(chain.at(-1)!), rootId: root.id, earlier: chain.slice(0, -1).map(version) };
    })
    .sort((a, b) => (a.deliveredOn < b.deliveredOn ? -1 : a.deliveredOn > b.deliveredOn ? 1 : a.rootId - b.rootId));
}

/** Hours of the entries that count (not removed), in hundredths summed to avoid 0.1 + 0.2. */
function total(entries: { hours: number; removed: boolean }[]): number {
  return Math.round(entries.filter((e) => !e.removed).reduce((s, e) => s + Math.round(e.hours * 100), 0)) / 100;
}

/** "2026-12" → "2027-01". */
function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

export interface MonthSummary {
  /** "YYYY-MM" */
  month: string;
  delivered: number;
  /** Hours per week × the service's days of that month up to today ÷ 7; null without hours per week. */
  planned: number | null;
}

/**
 * Every month of the service up to today (its start's month to its end's or today's), latest
 * first: a month with nothing delivered is shown as 0 against what was planned, not left out.
 */
export function monthSummaries(service: CommunityService, entries: DeliveryView[], today: string): MonthSummary[] {
  const months = new Set(entries.filter((e) => !e.removed).map((e) => e.deliveredOn.slice(0, 7)));
  const until = (service.endOn && service.endOn < today ? service.endOn : today).slice(0, 7);
  for (let m = service.startOn.slice(0, 7); m <= until; m = nextMonth(m)) months.add(m);
  return [...months]
    .sort()
    .reverse()
    .map((month) => {
      const { first, last } = monthBounds(`${month}-01`);
      const from = service.startOn > first ? service.startOn : first;
      let to = service.endOn && service.endOn < last ? service.endOn : last;
      if (to > today) to = today;
      const days = to >= from ? (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 864e5 + 1 : 0;
      return {
        month,
        delivered: total(entries.filter((e) => e.deliveredOn.startsWith(month))),
        planned: service.hoursPerWeek === null ? null : Math.round((service.hoursPerWeek * days * 10) / 7) / 10,
      };
    });
}

/** Hours delivered in the current month, per service of a transition (the resident page's summary). */
export function deliveredThisMonth(db: DbOrTx, serviceIds: number[], today: string): Map<number, number> {
  const month = today.slice(0, 7);
  return new Map(
    serviceIds.map((id) => [id, total(listDeliveries(db, id).filter((e) => e.deliveredOn.startsWith(month)))]),
  );
}

function serviceOf(db: DbOrTx, transitionId: number, serviceId: number): CommunityService {
  const s = db
    .select()
    .from(communityServices)
    .where(and(eq(communityServices.id, serviceId), eq(communityServices.transitionId, transitionId)))
    .get();
  if (!s) throw new AppError("not_found", "errors.notFound.body");
  return s;
}

/** A service of a resident the user may see, its entries and monthly totals (404 otherwise). */
export function deliveriesOf(ctx: ServiceContext, residentId: number, serviceId: number) {
  const { transition, institution } = findResident(ctx, residentId);
  const service = serviceOf(ctx.db, transition.id, serviceId);
  const today = localDate(ctx.now, institution.timeZone);
  const entries = listDeliveries(ctx.db, service.id);
  const closed = CLOSED_STATES.includes(transition.state);
  return { service, entries, months: monthSummaries(service, entries, today), today, closed };
}

/**
 * The rules of an entry (decision 048), each refusal naming the dates: the day not after today,
 * not before the opening (`checkFactDate`), the first move or the service's start, not after its
 * end; the hours of the day's entries (the one corrected left out) at most 24.
 */
function checkEntry(tx: Tx, c: Case, service: CommunityService, input: DeliveryInput, replacing: number | null) {
  const on = input.deliveredOn;
  checkFactDate(c, on, "hours.deliveredOn", "deliveredOn");
  const field = { field: "deliveredOn" };
  const moveOn = firstMoveOn(tx, c.transition.id);
  if (!moveOn || on < moveOn)
    throw new AppError(
      "validation",
      "hours.errors.beforeMove",
      { on: `d:${on}`, moveOn: moveOn ? `d:${moveOn}` : "—" },
      field,
    );
  if (on < service.startOn)
    throw new AppError(
      "validation",
      "hours.errors.beforeStart",
      { on: `d:${on}`, startOn: `d:${service.startOn}` },
      field,
    );
  if (service.endOn && on > service.endOn)
    throw new AppError("validation", "hours.errors.afterEnd", { on: `d:${on}`, endOn: `d:${service.endOn}` }, field);
  const sameDay = listDeliveries(tx, service.id).filter((e) => e.deliveredOn === on && e.rootId !== replacing);
  const recorded = total(sameDay);
  if (Math.round(recorded * 100) + Math.round(input.hours * 100) > MAX_HOURS_PER_DAY * 100)
    throw new AppError(
      "validation",
      "hours.errors.dayOver",
      { on: `d:${on}`, recorded, hours: input.hours, max: MAX_HOURS_PER_DAY },
      { field: "hours" },
    );
}

function auditEntry(
  tx: Tx,
  ctx: ServiceContext,
  c: Case,
  action: string,
  id: number,
  before: unknown,
  after: Record<string, unknown>,
) {
  // The note is free text: the audit log holds the facts (day, hours), not the note (as for case notes).
  auditByActor(tx, ctx, {
    action,
    entityType: "service_delivery",
    entityId: id,
    institutionId: c.resident.institutionId,
    residentId: c.resident.id,
    before,
    after,
  });
}

/** Records hours delivered on a day; the online form and the offline outbox both call this. */
export function recordHours(ctx: ServiceContext, residentId: number, serviceId: number, input: DeliveryInput): number {
  return withCase(ctx, residentId, (tx, c) => {
    const service = serviceOf(tx, c.transition.id, serviceId);
    checkEntry(tx, c, service, input, null);
    const id = tx
      .insert(serviceDeliveries)
      .values({
        serviceId: service.id,
        deliveredOn: input.deliveredOn,
        hours: input.hours,
        note: input.note || null,
        recordedBy: ctx.actor.id,
        recordedAt: iso(ctx.now),
      })
      .returning({ id: serviceDeliveries.id })
      .get().id;
    auditEntry(tx, ctx, c, "service_delivery.recorded", id, null, {
      serviceId: service.id,
      deliveredOn: input.deliveredOn,
      hours: input.hours,
    });
    return id;
  });
}

/** The entry `entryId` of the resident's service, which must be the current version of its chain. */
function currentEntry(tx: Tx, c: Case, serviceId: number, entryId: number) {
  const service = serviceOf(tx, c.transition.id, serviceId);
  const entries = listDeliveries(tx, service.id);
  const entry = entries.find((e) => e.id === entryId || e.earlier.some((v) => v.id === entryId));
  if (!entry) throw new AppError("not_found", "errors.notFound.body");
  if (entry.id !== entryId) throw new AppError("conflict", "hours.errors.alreadyCorrected");
  if (entry.removed) throw new AppError("validation", "hours.errors.removed");
  return { service, entry };
}

function supersede(
  tx: Tx,
  ctx: ServiceContext,
  entry: DeliveryView,
  serviceId: number,
  values: { deliveredOn: string; hours: number; note: string | null; removed: boolean; reason: string },
): number {
  try {
    return tx
      .insert(serviceDeliveries)
      .values({ serviceId, ...values, recordedBy: ctx.actor.id, recordedAt: iso(ctx.now), supersedesId: entry.id })
      .returning({ id: serviceDeliveries.id })
      .get().id;
  } catch (e) {
    // Another correction of the same version won the race (unique supersedes_id).
    if (e instanceof Error && /UNIQUE/.test(e.message)) throw new AppError("conflict", "hours.errors.alreadyCorrected");
    throw e;
  }
}

/** Corrects an entry: a new version with the reason; the earlier one stays visible. */
export function correctHours(
  ctx: ServiceContext,
  residentId: number,
  serviceId: number,
  input: Omit<CorrectHoursInput, "intent">,
): number {
  return withCase(ctx, residentId, (tx, c) => {
    const { service, entry } = currentEntry(tx, c, serviceId, input.entryId);
    const note = input.note || null;
    if (input.deliveredOn === entry.deliveredOn && input.hours === entry.hours && note === entry.note)
      throw new AppError("validation", "hours.errors.unchanged");
    checkEntry(tx, c, service, input, entry.rootId);
    const id = supersede(tx, ctx, entry, service.id, { ...input, note, removed: false, reason: input.reason });
    auditEntry(
      tx,
      ctx,
      c,
      "service_delivery.corrected",
      id,
      { id: entry.id, deliveredOn: entry.deliveredOn, hours: entry.hours },
      { serviceId: service.id, supersedesId: entry.id, deliveredOn: input.deliveredOn, hours: input.hours },
    );
    return id;
  });
}

/** Removes an entry recorded by mistake: a removing version with the reason (its hours stop counting). */
export function removeHours(
  ctx: ServiceContext,
  residentId: number,
  serviceId: number,
  input: Omit<RemoveHoursInput, "intent">,
): number {
  return withCase(ctx, residentId, (tx, c) => {
    const { service, entry } = currentEntry(tx, c, serviceId, input.entryId);
    const id = supersede(tx, ctx, entry, service.id, {
      deliveredOn: entry.deliveredOn,
      hours: entry.hours,
      note: entry.note,
      removed: true,
      reason: input.reason,
    });
    auditEntry(
      tx,
      ctx,
      c,
      "service_delivery.removed",
      id,
      { id: entry.id, deliveredOn: entry.deliveredOn, hours: entry.hours },
      { serviceId: service.id, supersedesId: entry.id },
    );
    return id;
  });
}
