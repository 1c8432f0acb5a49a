import { describe, expect, it } from "vitest";
import { createActor, initialTransition, transition } from "xstate";
import { createTestModel } from "xstate/graph";
import { describeMachine } from "../../machines/graph";
import {
  EVENT_GUARDS,
  stateName,
  TRANSITION_EVENT_TYPES,
  TRANSITION_STATES,
  transitionMachine,
  type GuardName,
  type TransitionEvent,
  type TransitionEventType,
  type TransitionFacts,
  type TransitionSnapshot,
} from "../../machines/transition";

const TODAY = "2026-03-10";
const OK: TransitionFacts = {
  today: TODAY,
  assessmentCompleted: true,
  planApproved: true,
  planApprovedOn: "2026-01-01",
  consentValid: true,
  placeReserved: true,
  followUpPeriodOver: true,
  followUpVisitsRecorded: true,
};
const ev = (type: TransitionEventType, overrides: Partial<TransitionFacts> = {}, on = TODAY): TransitionEvent => ({
  type,
  on,
  facts: { ...OK, ...overrides },
});

/** How to make each guard fail. */
const BREAK: Record<GuardName, (type: TransitionEventType) => TransitionEvent> = {
  occurredNotInFuture: (type) => ev(type, {}, "2026-03-11"),
  assessmentCompleted: (type) => ev(type, { assessmentCompleted: false }),
  planApproved: (type) => ev(type, { planApproved: false }),
  consentValid: (type) => ev(type, { consentValid: false }),
  placeReserved: (type) => ev(type, { placeReserved: false }),
  moveNotBeforePlan: (type) => ev(type, { planApprovedOn: "2026-03-11" }),
  followUpPeriodOver: (type) => ev(type, { followUpPeriodOver: false }),
  followUpVisitsRecorded: (type) => ev(type, { followUpVisitsRecorded: false }),
};

const model = createTestModel(transitionMachine, {
  events: TRANSITION_EVENT_TYPES.map((type) => ev(type)),
});
const paths = model.getShortestPaths();

/** Every snapshot on the shortest paths the graph finds, by state name, shortest first. */
const visited = paths
  .flatMap((p) => p.steps.map((s, i) => ({ snapshot: s.state as TransitionSnapshot, depth: i })))
  .sort((a, b) => a.depth - b.depth);

/** A snapshot in `state`, reached by the shortest path from the initial state. */
function reach(state: string): TransitionSnapshot {
  const hit = visited.find((v) => stateName(v.snapshot) === state);
  if (!hit) throw new Error(`no path to ${state}`);
  return hit.snapshot;
}

describe("transition machine", () => {
  it("starts in identified", () => {
    const [s] = initialTransition(transitionMachine);
    expect(stateName(s)).toBe("identified");
  });

  it("every state is reachable (shortest paths from xstate/graph)", () => {
    const reached = new Set(visited.map((v) => stateName(v.snapshot)));
    expect([...reached].sort()).toEqual([...TRANSITION_STATES].sort());
  });

  const { edges } = describeMachine(transitionMachine);
  // Edges from the compound "active" state apply in each of its children.
  const concrete = edges.flatMap((e) =>
    e.from === "active"
      ? ["identified", "assessment", "planning", "preparation", "moving", "in_community"].map((c) => ({ ...e, from: `active.${c}` }))
      : [e],
  );

  for (const edge of concrete) {
    const from = edge.from.split(".").at(-1)!;
    const type = edge.event as TransitionEventType;
    it(`${from} --${type}--> ${edge.to.split(".").at(-1)} when every guard passes`, () => {
      const before = reach(from);
      expect(before.can(ev(type))).toBe(true);
      const [after] = transition(transitionMachine, before, ev(type));
      if (edge.to.endsWith("history")) {
        expect(stateName(after)).not.toBe(from);
      } else {
        expect(stateName(after)).toBe(edge.to.split(".").at(-1));
      }
    });
    for (const guard of EVENT_GUARDS[type]) {
      it(`${from} --${type}--> refused when ${guard} fails`, () => {
        const before = reach(from);
        const broken = BREAK[guard](type);
        expect(before.can(broken)).toBe(false);
        const [after] = transition(transitionMachine, before, broken);
        expect(stateName(after)).toBe(from);
      });
    }
  }

  it("every event is used by some transition, and every guard by some event", () => {
    const used = new Set(edges.map((e) => e.event));
    expect(TRANSITION_EVENT_TYPES.filter((t) => !used.has(t))).toEqual([]);
    const guards = new Set(Object.values(EVENT_GUARDS).flat());
    expect([...guards].sort()).toEqual(Object.keys(BREAK).sort());
  });

  for (const state of ["identified", "assessment", "planning", "preparation", "moving", "in_community"]) {
    it(`on hold from ${state} resumes in ${state} (history)`, () => {
      let s = reach(state);
      [s] = transition(transitionMachine, s, ev("PUT_ON_HOLD"));
      expect(stateName(s)).toBe("on_hold");
      [s] = transition(transitionMachine, s, ev("RESUME"));
      expect(stateName(s)).toBe(state);
    });
    it(`withdrawn from ${state} reopens in ${state}`, () => {
      let s = reach(state);
      [s] = transition(transitionMachine, s, ev("WITHDRAW"));
      expect(stateName(s)).toBe("withdrawn");
      [s] = transition(transitionMachine, s, ev("REOPEN"));
      expect(stateName(s)).toBe(state);
    });
  }

  it("deceased is final: nothing more is accepted", () => {
    const s = reach("deceased");
    expect(s.status).toBe("done");
    for (const type of TRANSITION_EVENT_TYPES) expect(s.can(ev(type))).toBe(false);
  });

  it("a returned person may re-enter planning", () => {
    let s = reach("returned");
    [s] = transition(transitionMachine, s, ev("REPLAN"));
    expect(stateName(s)).toBe("planning");
  });

  it("the move asks the service to activate the placement and schedule visits; a return ends it", () => {
    const [, moveActions] = transition(transitionMachine, reach("moving"), ev("RECORD_MOVE"));
    expect(moveActions.map((a) => a.type)).toEqual(["activatePlacement", "scheduleFollowUps"]);
    const [, returnActions] = transition(transitionMachine, reach("in_community"), ev("RETURN"));
    expect(returnActions.map((a) => a.type)).toEqual(["endPlacement", "endCommunityServices"]);
    const [, withdrawActions] = transition(transitionMachine, reach("moving"), ev("WITHDRAW"));
    expect(withdrawActions.map((a) => a.type)).toEqual(["releaseReservation"]);
  });

  it("a persisted snapshot restores to the same state, history included", () => {
    let s = reach("preparation");
    [s] = transition(transitionMachine, s, ev("PUT_ON_HOLD"));
    const persisted = JSON.parse(JSON.stringify(transitionMachine.getPersistedSnapshot(s)));
    const restored = createActor(transitionMachine, { snapshot: persisted }).getSnapshot();
    const [resumed] = transition(transitionMachine, restored, ev("RESUME"));
    expect(stateName(resumed)).toBe("preparation");
  });

  it("the shortest paths replay step by step, each step accepted", () => {
    for (const p of paths) {
      let s = initialTransition(transitionMachine)[0];
      for (const step of p.steps.slice(1)) {
        expect(s.can(step.event)).toBe(true);
        [s] = transition(transitionMachine, s, step.event);
      }
      expect(s.value).toEqual(p.state.value);
    }
  });
});
