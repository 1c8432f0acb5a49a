import { createActor, type Snapshot } from "xstate";
import { describe, expect, it } from "vitest";
import { enrolmentWorkflow, type EnrolmentEvent } from "#machines/enrolment";
import { reportEditable, reportWorkflow, type ReportEvent } from "#machines/report";
import { TRANSITION_EVENT_TYPES, TRANSITION_STATES, transitionMachine, transitionWorkflow } from "#machines/transition";
import { acceptsInState, failingGuards, judge, MachineVersionError, restore, takeStep } from "#machines/workflow";

const attend = (on: string, facts: Partial<EnrolmentEvent["facts"]> = {}): EnrolmentEvent => ({
  type: "ATTEND",
  on,
  facts: { today: "2026-03-10", enrolledOn: "2026-03-01", attendedSessions: 0, ...facts },
});
const submit = (facts: Partial<ReportEvent["facts"]> = {}): ReportEvent => ({
  type: "SUBMIT",
  facts: {
    today: "2026-05-02",
    periodEndsOn: "2026-04-30",
    problems: "Opóźnienia remontu",
    plannedProgress: "Dwie przeprowadzki",
    ...facts,
  },
});

describe("the shared workflow routine", () => {
  it("restores the initial state from nothing, and refuses a snapshot of another machine version", () => {
    const initial = restore(enrolmentWorkflow, null, null);
    expect(initial.value).toBe("enrolled");
    const persisted = enrolmentWorkflow.machine.getPersistedSnapshot(initial);
    expect(restore(enrolmentWorkflow, persisted, enrolmentWorkflow.version).value).toBe("enrolled");
    expect(() => restore(enrolmentWorkflow, persisted, enrolmentWorkflow.version + 1)).toThrowError(
      MachineVersionError,
    );
  });

  it("tells 'not in this state' from 'refused by a guard', and names the guards", () => {
    const enrolled = restore(enrolmentWorkflow, null, null);
    expect(acceptsInState(enrolmentWorkflow, enrolled, "COMPLETE")).toBe(false);
    expect(judge(enrolmentWorkflow, enrolled, { ...attend("2026-03-05"), type: "COMPLETE" })).toEqual({
      ok: false,
      inState: false,
    });
    expect(judge(enrolmentWorkflow, enrolled, attend("2026-03-11"))).toEqual({
      ok: false,
      inState: true,
      failing: ["notInFuture"],
    });
    expect(failingGuards(enrolmentWorkflow, attend("2026-02-20"))).toEqual(["notBeforeEnrolment"]);
    expect(judge(enrolmentWorkflow, enrolled, attend("2026-03-05"))).toEqual({ ok: true });
  });

  it("takes a step and returns its persisted snapshot", () => {
    const { next, persisted } = takeStep(
      enrolmentWorkflow,
      restore(enrolmentWorkflow, null, null),
      attend("2026-03-05"),
    );
    expect(next.value).toBe("in_progress");
    expect(restore(enrolmentWorkflow, persisted, enrolmentWorkflow.version).value).toBe("in_progress");
  });
});

describe("report machine (draft → submitted)", () => {
  const draft = () => restore(reportWorkflow, null, null);

  it("submits a period that is over with both narrative parts", () => {
    expect(judge(reportWorkflow, draft(), submit())).toEqual({ ok: true });
    const { next } = takeStep(reportWorkflow, draft(), submit());
    expect(next.value).toBe("submitted");
    expect(next.status).toBe("done");
  });

  it("refuses a period not yet over (its last day included), and each missing narrative part", () => {
    expect(failingGuards(reportWorkflow, submit({ today: "2026-04-30" }))).toEqual(["periodOver"]);
    expect(failingGuards(reportWorkflow, submit({ problems: "  " }))).toEqual(["problemsDescribed"]);
    expect(failingGuards(reportWorkflow, submit({ plannedProgress: "" }))).toEqual(["progressPlanned"]);
    expect(judge(reportWorkflow, draft(), submit({ plannedProgress: "\n" }))).toEqual({
      ok: false,
      inState: true,
      failing: ["progressPlanned"],
    });
  });

  it("a submitted report takes nothing more", () => {
    const { next } = takeStep(reportWorkflow, draft(), submit());
    expect(judge(reportWorkflow, next, submit())).toEqual({ ok: false, inState: false });
  });

  it("only a draft may change: the machine's tag says so, not the service", () => {
    expect(reportEditable(draft())).toBe(true);
    expect(reportEditable(takeStep(reportWorkflow, draft(), submit()).next)).toBe(false);
  });
});

describe("acceptsInState's kept answers (decision 050)", () => {
  it("are the permissive machine's own, for every state and event type of the transition machine, asked twice", () => {
    const fresh = (snapshot: ReturnType<typeof restore>, type: string) =>
      createActor(transitionWorkflow.permissive, {
        snapshot: transitionWorkflow.machine.getPersistedSnapshot(snapshot) as Snapshot<unknown>,
      })
        .getSnapshot()
        .can({ type });
    let accepted = 0;
    for (const state of TRANSITION_STATES) {
      const value = state in transitionMachine.root.states ? state : { active: state };
      const snapshot = transitionMachine.resolveState({ value, context: {} });
      for (const type of TRANSITION_EVENT_TYPES) {
        const expected = fresh(snapshot, type);
        expect(acceptsInState(transitionWorkflow, snapshot, type), `${state} ${type}`).toBe(expected);
        expect(acceptsInState(transitionWorkflow, snapshot, type), `${state} ${type}, again`).toBe(expected);
        if (expected) accepted++;
      }
    }
    // Not a table of one answer: some pairs are taken, most are not.
    expect(accepted).toBeGreaterThan(TRANSITION_STATES.length);
    expect(accepted).toBeLessThan(TRANSITION_STATES.length * TRANSITION_EVENT_TYPES.length);
  });
});
