import { describe, expect, it } from "vitest";
import { initialTransition, transition } from "xstate";
import { createTestModel } from "xstate/graph";
import {
  ENROLMENT_EVENT_GUARDS,
  ENROLMENT_EVENT_TYPES,
  enrolmentMachine,
  type EnrolmentEvent,
  type EnrolmentEventType,
  type EnrolmentFacts,
  type EnrolmentGuard,
} from "#machines/enrolment";

const OK: EnrolmentFacts = { today: "2026-03-10", enrolledOn: "2026-03-01", attendedSessions: 1 };
const ev = (
  type: EnrolmentEventType,
  facts: Partial<EnrolmentFacts> = {},
  on = "2026-03-05",
  reason = "moved away",
): EnrolmentEvent => ({
  type,
  on,
  facts: { ...OK, ...facts },
  reason,
});
const BREAK: Record<EnrolmentGuard, (t: EnrolmentEventType) => EnrolmentEvent> = {
  notInFuture: (t) => ev(t, {}, "2026-03-11"),
  notBeforeEnrolment: (t) => ev(t, {}, "2026-02-28"),
  attendedAtLeastOnce: (t) => ev(t, { attendedSessions: 0 }),
  reasonGiven: (t) => ev(t, {}, "2026-03-05", "  "),
};

const inState = (state: "enrolled" | "in_progress" | "completed" | "dropped") => {
  let [s] = initialTransition(enrolmentMachine);
  if (state === "enrolled") return s;
  [s] = transition(enrolmentMachine, s, ev("ATTEND"));
  if (state === "in_progress") return s;
  [s] = transition(enrolmentMachine, s, ev(state === "completed" ? "COMPLETE" : "DROP"));
  return s;
};

describe("enrolment machine", () => {
  const cases: [from: "enrolled" | "in_progress", type: EnrolmentEventType, to: string][] = [
    ["enrolled", "ATTEND", "in_progress"],
    ["enrolled", "DROP", "dropped"],
    ["in_progress", "ATTEND", "in_progress"],
    ["in_progress", "COMPLETE", "completed"],
    ["in_progress", "DROP", "dropped"],
  ];
  for (const [from, type, to] of cases) {
    it(`${from} --${type}--> ${to}`, () => {
      const [next] = transition(enrolmentMachine, inState(from), ev(type));
      expect(next.value).toBe(to);
    });
    for (const guard of ENROLMENT_EVENT_GUARDS[type]) {
      it(`${from} --${type}--> refused when ${guard} fails`, () => {
        const s = inState(from);
        expect(s.can(BREAK[guard](type))).toBe(false);
        expect(transition(enrolmentMachine, s, BREAK[guard](type))[0].value).toBe(from);
      });
    }
  }

  it("completion is not possible straight from enrolment (someone who never attended)", () => {
    expect(inState("enrolled").can(ev("COMPLETE"))).toBe(false);
  });

  it("completed and dropped are final", () => {
    for (const s of [inState("completed"), inState("dropped")]) {
      expect(s.status).toBe("done");
      for (const type of ENROLMENT_EVENT_TYPES) expect(s.can(ev(type))).toBe(false);
    }
  });

  it("every state is reachable (xstate/graph)", () => {
    const paths = createTestModel(enrolmentMachine, {
      events: ENROLMENT_EVENT_TYPES.map((t) => ev(t)),
    }).getShortestPaths();
    const states = new Set(paths.flatMap((p) => p.steps.map((s) => String(s.state.value))));
    expect([...states].sort()).toEqual(["completed", "dropped", "enrolled", "in_progress"]);
  });
});

describe("enrolment effects are named actions", () => {
  const effectsOf = (from: "enrolled" | "in_progress", type: EnrolmentEventType) =>
    transition(enrolmentMachine, inState(from), ev(type))[1].map((a) => a.type);

  it("each event asks for what it records", () => {
    expect(effectsOf("enrolled", "ATTEND")).toEqual(["recordAttendance"]);
    expect(effectsOf("in_progress", "ATTEND")).toEqual(["recordAttendance"]);
    expect(effectsOf("in_progress", "COMPLETE")).toEqual(["recordCompletion"]);
    expect(effectsOf("enrolled", "DROP")).toEqual(["recordDrop"]);
    expect(effectsOf("in_progress", "DROP")).toEqual(["recordDrop"]);
  });
});
