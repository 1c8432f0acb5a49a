import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestModel } from "xstate/graph";
import type { Db } from "#db/client";
import {
  consents,
  followUpVisits,
  housingUnits,
  needsAssessments,
  placements,
  transitionEvents,
  transitionPlans,
} from "#db/schema";
import { LIFE_DOMAINS } from "#db/schema/enums";
import { createResident, findResident } from "#app/modules/residents/service.server";
import {
  approvePlan,
  recordConsent,
  recordVisit,
  reservePlace,
  saveAssessment,
  savePlan,
} from "#app/modules/transitions/records.server";
import { applyEvent, loadLog, replay } from "#app/modules/transitions/service.server";
import type { AssessmentFormOutput } from "#app/modules/transitions/schemas";
import { describeMachine } from "#machines/graph";
import {
  stateName,
  TRANSITION_EVENT_TYPES,
  TRANSITION_STATES,
  transitionMachine,
  type TransitionEvent,
  type TransitionEventType,
  type TransitionSnapshot,
  type TransitionState,
} from "#machines/transition";
import { addMonthsTo } from "#machines/transition";
import { freshDb } from "#tests/support/db";
import { contextFor, createInstitution, createUser } from "#tests/factories";

/**
 * Model-based test of the transition workflow through the real service on a real database: the
 * machine's own graph (xstate/graph) gives the shortest event sequence to every state; for every
 * edge of the machine, a new resident is taken along the shortest path to the edge's source and
 * then across the edge, each step recorded the way a case worker records it (the records a guard
 * needs first, then the event through `applyEvent`). After every step the stored state must be the
 * machine's, and at the end the stored log must replay to the stored snapshot.
 */

/** Permissive facts: the graph explores the machine's structure; the database supplies real facts. */
const permissive = (type: TransitionEventType): TransitionEvent => ({
  type,
  on: "2026-01-01",
  facts: {
    today: "2026-01-01",
    openedOn: "2020-01-01",
    previousOn: null,
    lastMoveOn: "2020-01-01",
    assessmentCompletedOn: "2020-01-01",
    planApprovedOn: "2020-01-01",
    consentGivenOn: "2020-01-01",
    placeReservedOn: "2020-01-01",
    followUpVisitsDoneOn: "2020-01-01",
  },
});

const paths = createTestModel(transitionMachine, { events: TRANSITION_EVENT_TYPES.map(permissive) }).getShortestPaths();

/** The shortest event sequence to each state: every prefix of every path the graph found. */
const SHORTEST = new Map<TransitionState, { type: TransitionEventType; to: TransitionState }[]>();
for (const p of paths) {
  const steps = p.steps
    .slice(1)
    .map((s) => ({ type: (s.event as TransitionEvent).type, to: stateName(s.state as TransitionSnapshot) }));
  SHORTEST.set("identified", []);
  steps.forEach((s, i) => {
    const known = SHORTEST.get(s.to);
    if (!known || known.length > i + 1) SHORTEST.set(s.to, steps.slice(0, i + 1));
  });
}
function shortestTo(state: TransitionState) {
  const path = SHORTEST.get(state);
  if (!path) throw new Error(`no path to ${state}`);
  return path;
}

/** Every edge of the machine, with the compound "active" state's edges applied in each child. */
const ACTIVE_CHILDREN: TransitionState[] = [
  "identified",
  "assessment",
  "planning",
  "preparation",
  "moving",
  "in_community",
];
const edges = describeMachine(transitionMachine).edges.flatMap((e) => {
  const from = e.from.split(".").at(-1)!;
  const sources = from === "active" ? ACTIVE_CHILDREN : [from as TransitionState];
  return sources.map((source) => ({ from: source, type: e.event as TransitionEventType, to: e.to.split(".").at(-1)! }));
});

function assessment(completedOn: string, version: number): AssessmentFormOutput {
  const input: Record<string, unknown> = {
    overallIntensity: "limited",
    summary: "",
    completedByName: "Anna Nowak",
    completedOn,
    version,
  };
  for (const d of LIFE_DOMAINS) {
    input[`domain_${d}`] = "limited";
    input[`note_${d}`] = "";
  }
  return input as AssessmentFormOutput;
}

const at = (d: string) => new Date(`${d}T10:00:00Z`);
const plusDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

let db: Db;
let instId: number;
let worker: number;
let approver: number;
let unitIds: number[];

beforeAll(async () => {
  db = freshDb();
  instId = createInstitution(db).id;
  worker = (await createUser(db, { institutionIds: [instId] })).id;
  approver = (await createUser(db, { institutionIds: [instId] })).id;
  unitIds = [0, 1].map(
    (i) =>
      db
        .insert(housingUnits)
        .values({
          institutionId: instId,
          housingType: "pl_training_flat",
          name: `Mieszkanie ${i + 1}`,
          address: "ul. Prosta 1",
          operatorName: "Miasto",
          operatorKind: "municipality",
          capacity: 200,
          status: "open",
          openedOn: "2019-01-01",
        })
        .returning({ id: housingUnits.id })
        .get().id,
  );
});

/**
 * A case worker's walk: a resident opened on 2 January 2020, one step every ten days (the
 * records a step needs dated the same day as the step), visits on their due dates, completion a
 * year and a day after the move. Everything happens in the past of the real clock.
 */
class Walk {
  day = "2020-01-02";
  readonly residentId: number;
  private serial = 0;

  constructor() {
    this.residentId = createResident(contextFor(db, worker, at(this.day)), {
      institutionId: instId,
      firstName: "Jan",
      lastName: `Ścieżka ${++Walk.count}`,
      sex: "male",
      dateOfBirth: "1950-04-02",
      targetGroup: "older_person",
      disability: "no",
      legalCapacity: "full",
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: "2015-01-01",
      supportNeeds: "",
      openedOn: this.day,
    });
  }
  static count = 0;

  private get row() {
    return findResident(contextFor(db, worker), this.residentId);
  }
  private ctx(user = worker) {
    return contextFor(db, user, new Date());
  }
  get transitionId() {
    return this.row.transition.id;
  }

  /** The records the event's guards need, if they are not there yet. */
  private prepare(type: TransitionEventType) {
    const tid = this.transitionId;
    if (type === "COMPLETE_ASSESSMENT") {
      const a = db.select().from(needsAssessments).where(eq(needsAssessments.transitionId, tid)).get();
      if (!a?.completedOn) saveAssessment(this.ctx(), this.residentId, assessment(this.day, a?.version ?? 0));
    }
    if (type === "START_PREPARATION") {
      const plan = db.select().from(transitionPlans).where(eq(transitionPlans.transitionId, tid)).get();
      if (plan?.status !== "approved") {
        savePlan(this.ctx(), this.residentId, {
          goals: "Live in a training flat",
          supportNeeded: "Daily assistance",
          housingPreference: "pl_training_flat",
          plannedServices: ["pl_care_services"],
          writtenOn: this.day,
          version: plan?.version ?? 0,
        });
        const saved = db.select().from(transitionPlans).where(eq(transitionPlans.transitionId, tid)).get()!;
        approvePlan(this.ctx(approver), this.residentId, { approvedOn: this.day, version: saved.version });
      }
      const consent = db
        .select()
        .from(consents)
        .where(eq(consents.transitionId, tid))
        .all()
        .find((c) => !c.withdrawnOn);
      if (!consent)
        recordConsent(this.ctx(), this.residentId, {
          givenBy: "resident",
          guardianName: "",
          givenOn: this.day,
          documentRef: "",
        });
    }
    if (type === "START_MOVE" || type === "CHANGE_PLACEMENT") {
      const reserved = db
        .select()
        .from(placements)
        .where(and(eq(placements.transitionId, tid), eq(placements.status, "reserved")))
        .get();
      if (!reserved) {
        const active = db
          .select()
          .from(placements)
          .where(and(eq(placements.transitionId, tid), eq(placements.status, "active")))
          .get();
        const unit = unitIds.find((u) => u !== active?.housingUnitId)!;
        reservePlace(this.ctx(), this.residentId, { housingUnitId: unit, reservedOn: this.day, plannedMoveOn: null });
      }
    }
    if (type === "COMPLETE") {
      const lastMove = db
        .select({ on: transitionEvents.occurredOn })
        .from(transitionEvents)
        .where(
          and(
            eq(transitionEvents.transitionId, tid),
            inArray(transitionEvents.type, ["RECORD_MOVE", "CHANGE_PLACEMENT"]),
          ),
        )
        .all()
        .map((e) => e.on)
        .sort()
        .at(-1)!;
      const firstMove = db
        .select({ on: transitionEvents.occurredOn })
        .from(transitionEvents)
        .where(and(eq(transitionEvents.transitionId, tid), eq(transitionEvents.type, "RECORD_MOVE")))
        .all()
        .map((e) => e.on)
        .sort()
        .at(-1)!;
      for (const v of db.select().from(followUpVisits).where(eq(followUpVisits.transitionId, tid)).all()) {
        if (!v.visitedOn && v.moveOn === firstMove) {
          recordVisit(this.ctx(), this.residentId, v.id, {
            visitedOn: v.dueOn,
            findings: "Settled well",
            actions: "",
            version: v.version,
          });
        }
      }
      const end = addMonthsTo(lastMove < firstMove ? firstMove : lastMove, 12);
      if (this.day < end) this.day = plusDays(end, 1);
    }
  }

  step(type: TransitionEventType) {
    this.day = plusDays(this.day, 10);
    this.prepare(type);
    applyEvent(this.ctx(), this.residentId, { type, on: this.day, version: this.row.transition.version });
    this.serial++;
    return this.row.transition.state as TransitionState;
  }

  /** The stored log replays to the stored snapshot, and there is one log entry per step. */
  checkLog() {
    const row = this.row;
    const log = loadLog(db, row.transition.id);
    expect(log).toHaveLength(this.serial);
    expect(stateName(replay(log) as TransitionSnapshot)).toBe(row.transition.state);
    expect((replay(log) as TransitionSnapshot).value).toEqual((row.transition.snapshot as TransitionSnapshot).value);
  }
}

describe("every edge of the transition machine, through the service on a real database", () => {
  it("the graph reaches every state", () => {
    for (const s of TRANSITION_STATES) expect(() => shortestTo(s)).not.toThrow();
  });

  for (const edge of edges) {
    it(`${edge.from} --${edge.type}--> ${edge.to}`, () => {
      const walk = new Walk();
      const way = shortestTo(edge.from);
      for (const s of way) expect(walk.step(s.type), `on the way: ${s.type}`).toBe(s.to);
      const after = walk.step(edge.type);
      // A history target resumes where the transition stopped: the state before the pause.
      expect(after).toBe(edge.to === "history" ? (way.at(-2)?.to ?? "identified") : edge.to);
      walk.checkLog();
    });
  }
});
