import { describe, expect, it } from "vitest";
import { createActor, initialTransition, transition } from "xstate";
import { createTestModel } from "xstate/graph";
import { describeMachine } from "#machines/graph";
import {
  acceptsInState,
  EVENT_GUARDS,
  refusals,
  replayLog,
  stateName,
  upcastEvent,
  TRANSITION_EVENT_TYPES,
  TRANSITION_STATES,
  transitionMachine,
  type GuardName,
  type TransitionEvent,
  type TransitionEventType,
  type TransitionFacts,
  type TransitionSnapshot,
} from "#machines/transition";

const TODAY = "2026-03-10";
const OK: TransitionFacts = {
  today: TODAY,
  openedOn: "2025-01-01",
  previousOn: null,
  lastMoveOn: "2025-01-01",
  assessmentCompletedOn: "2026-01-01",
  planApprovedOn: "2026-01-01",
  consentGivenOn: "2026-01-01",
  placeReservedOn: "2026-01-01",
  followUpVisitsDoneOn: "2026-01-01",
};
const ev = (type: TransitionEventType, overrides: Partial<TransitionFacts> = {}, on = TODAY): TransitionEvent => ({
  type,
  on,
  facts: { ...OK, ...overrides },
});

/** How to make each guard fail. */
const BREAK: Record<GuardName, (type: TransitionEventType) => TransitionEvent> = {
  occurredNotInFuture: (type) => ev(type, {}, "2026-03-11"),
  notBeforeOpening: (type) => ev(type, { openedOn: "2026-03-11" }),
  inOrder: (type) => ev(type, { previousOn: "2026-03-11" }),
  assessmentCompleted: (type) => ev(type, { assessmentCompletedOn: null }),
  planApproved: (type) => ev(type, { planApprovedOn: null }),
  consentValid: (type) => ev(type, { consentGivenOn: null }),
  placeReserved: (type) => ev(type, { placeReservedOn: null }),
  followUpPeriodOver: (type) => ev(type, { lastMoveOn: "2025-06-01" }),
  followUpVisitsRecorded: (type) => ev(type, { followUpVisitsDoneOn: null }),
};

/** A dated fact that exists but happened after the event's date fails the guard too. */
const LATER: Partial<Record<GuardName, Partial<TransitionFacts>>> = {
  assessmentCompleted: { assessmentCompletedOn: "2026-03-11" },
  planApproved: { planApprovedOn: "2026-03-11" },
  consentValid: { consentGivenOn: "2026-03-11" },
  placeReserved: { placeReservedOn: "2026-03-11" },
  followUpVisitsRecorded: { followUpVisitsDoneOn: "2026-03-11" },
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
      ? ["identified", "assessment", "planning", "preparation", "moving", "in_community"].map((c) => ({
          ...e,
          from: `active.${c}`,
        }))
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
      const later = LATER[guard];
      if (later) {
        it(`${from} --${type}--> refused when ${guard}'s fact is dated after the event`, () => {
          const broken = ev(type, later);
          expect(reach(from).can(broken)).toBe(false);
          expect(refusals(broken).map((r) => r.key)).toEqual([`transitions.guards.${guard}Later`]);
          expect(refusals(broken)[0]!.values).toEqual({ on: `d:${TODAY}`, fact: "d:2026-03-11" });
        });
      }
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

  it("a refusal names the two dates it compares", () => {
    expect(refusals(ev("RECORD_MOVE", { planApprovedOn: "2026-04-05" }, "2026-03-03"))).toEqual([
      {
        guard: "planApproved",
        key: "transitions.guards.planApprovedLater",
        values: { on: "d:2026-03-03", fact: "d:2026-04-05" },
      },
    ]);
    expect(refusals(ev("WITHDRAW", { openedOn: "2026-02-01" }, "2022-05-01"))).toEqual([
      {
        guard: "notBeforeOpening",
        key: "transitions.guards.notBeforeOpening",
        values: { on: "d:2022-05-01", openedOn: "d:2026-02-01" },
      },
    ]);
    expect(refusals(ev("COMPLETE", { lastMoveOn: "2025-06-01" }))[0]).toEqual({
      guard: "followUpPeriodOver",
      key: "transitions.guards.followUpPeriodOverOn",
      values: { on: `d:${TODAY}`, fact: "d:2026-06-01" },
    });
  });

  it("asks the machine whether a state takes an event at all, whatever the facts", () => {
    const [s] = initialTransition(transitionMachine);
    expect(acceptsInState(s, "START_ASSESSMENT")).toBe(true);
    expect(acceptsInState(s, "RECORD_DEATH")).toBe(true);
    expect(acceptsInState(s, "RECORD_MOVE")).toBe(false);
    expect(acceptsInState(reach("on_hold"), "RESUME")).toBe(true);
    expect(acceptsInState(reach("deceased"), "RECORD_DEATH")).toBe(false);
  });

  it("a replay judges each step against the one before it in the log, not against the stored facts", () => {
    const log = [
      ev("START_ASSESSMENT", {}, "2026-02-10"),
      ev("COMPLETE_ASSESSMENT", { previousOn: null }, "2026-02-05"),
    ];
    const result = replayLog(log);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.index).toBe(1);
    expect(result.refusals[0]).toEqual({
      guard: "inOrder",
      key: "transitions.guards.inOrder",
      values: { on: "d:2026-02-05", previous: "d:2026-02-10" },
    });
    const fine = replayLog([ev("START_ASSESSMENT", {}, "2026-02-10"), ev("COMPLETE_ASSESSMENT", {}, "2026-02-20")]);
    expect(fine.ok && stateName(fine.snapshot)).toBe("planning");
    expect(fine.ok && fine.steps[1]!.event.facts.previousOn).toBe("2026-02-10");
  });

  it("the follow-up period is counted from the latest move of the replayed log", () => {
    const path = [
      "START_ASSESSMENT",
      "COMPLETE_ASSESSMENT",
      "START_PREPARATION",
      "START_MOVE",
      "RECORD_MOVE",
      "COMPLETE",
    ] as const;
    const days = ["2024-01-10", "2024-01-20", "2024-02-01", "2024-02-10", "2024-03-01", "2025-03-01"];
    const early2023 = {
      openedOn: "2023-01-01",
      lastMoveOn: null,
      assessmentCompletedOn: "2023-01-01",
      planApprovedOn: "2023-01-01",
      consentGivenOn: "2023-01-01",
      placeReservedOn: "2023-01-01",
      followUpVisitsDoneOn: "2023-01-01",
    };
    const ok = replayLog(path.map((t, i) => ev(t, early2023, days[i])));
    expect(ok.ok && stateName(ok.snapshot)).toBe("completed");
    const early = replayLog(path.map((t, i) => ev(t, early2023, i === 5 ? "2025-02-28" : days[i])));
    expect(early.ok).toBe(false);
  });

  it("events stored in the first format (yes/no facts) are read as dated facts and replay", () => {
    const legacy = {
      type: "RECORD_MOVE",
      on: "2026-03-03",
      facts: {
        today: "2026-03-04",
        assessmentCompleted: true,
        planApproved: true,
        planApprovedOn: "2026-02-01",
        consentValid: true,
        placeReserved: true,
        followUpPeriodOver: false,
        followUpVisitsRecorded: false,
      },
    } as unknown as TransitionEvent;
    const up = upcastEvent(legacy);
    expect(up.facts).toMatchObject({
      planApprovedOn: "2026-02-01",
      placeReservedOn: "2026-03-03",
      consentGivenOn: "2026-03-03",
      followUpVisitsDoneOn: null,
    });
    expect(refusals(up)).toEqual([]);
  });
});
