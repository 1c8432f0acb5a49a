import { createActor, initialTransition, transition, type AnyStateMachine, type Snapshot } from "xstate";

/**
 * The one way a workflow event is judged and taken, whatever the machine (transition, plan,
 * enrolment, report): restore the stored snapshot with its machine version checked, ask whether
 * the state takes the event at all, ask which named guards refuse it, take the step and return
 * the named effects (actions) it asks for. The services only read facts, persist and carry out
 * the effects; no service restates a machine's rules.
 */
export interface Workflow<TEvent extends { type: string }, TGuard extends string> {
  machine: AnyStateMachine;
  /** The machine version stored beside every snapshot. */
  version: number;
  guards: Record<TGuard, (args: { event: TEvent }) => boolean>;
  /** Which guards each event must pass; the same list explains a refusal. */
  eventGuards: Record<TEvent["type"], readonly TGuard[]>;
  /** The same machine with every guard passing: "does this state take the event at all?". */
  permissive: AnyStateMachine;
}

export function defineWorkflow<TEvent extends { type: string }, TGuard extends string>(
  def: Omit<Workflow<TEvent, TGuard>, "permissive">,
): Workflow<TEvent, TGuard> {
  const permissive = def.machine.provide({
    guards: Object.fromEntries(Object.keys(def.guards).map((g) => [g, () => true])),
  });
  return { ...def, permissive };
}

/** A snapshot the machine cannot read: stored by another machine version. */
export class MachineVersionError extends Error {}

/** Restores a stored snapshot (null: the initial state), refusing one of another machine version. */
export function restore<TEvent extends { type: string }, TGuard extends string>(
  wf: Workflow<TEvent, TGuard>,
  stored: unknown,
  machineVersion: number | null,
) {
  if (stored === null) return initialTransition(wf.machine)[0];
  if (machineVersion !== wf.version) {
    // No migration exists: better to stop than to run old states through new rules.
    throw new MachineVersionError(
      `${wf.machine.id} snapshot of machine version ${machineVersion}, expected ${wf.version}`,
    );
  }
  return createActor(wf.machine, { snapshot: stored as Snapshot<unknown> }).getSnapshot();
}

/** Whether the state takes the event type at all, whatever the facts. */
export function acceptsInState<TEvent extends { type: string }, TGuard extends string>(
  wf: Workflow<TEvent, TGuard>,
  snapshot: ReturnType<typeof restore>,
  type: TEvent["type"],
): boolean {
  // Every guard of the permissive machine passes, so the answer depends on the state and the
  // event type only: kept per workflow (a few states times a few types). Making the probe actor
  // was most of a replay's time (the resident page replays its whole log).
  let answers = acceptsCache.get(wf.permissive);
  if (!answers) acceptsCache.set(wf.permissive, (answers = new Map()));
  const key = `${JSON.stringify(snapshot.value)}|${type}`;
  let yes = answers.get(key);
  if (yes === undefined) {
    const probe = createActor(wf.permissive, {
      snapshot: wf.machine.getPersistedSnapshot(snapshot) as Snapshot<unknown>,
    }).getSnapshot();
    yes = probe.can({ type });
    answers.set(key, yes);
  }
  return yes;
}
const acceptsCache = new WeakMap<AnyStateMachine, Map<string, boolean>>();

/** The guards of the event that refuse it, in the order the machine lists them. */
export function failingGuards<TEvent extends { type: string }, TGuard extends string>(
  wf: Workflow<TEvent, TGuard>,
  event: TEvent,
): TGuard[] {
  return wf.eventGuards[event.type as TEvent["type"]].filter((g) => !wf.guards[g]({ event }));
}

export type Judgement<TGuard extends string> =
  { ok: true } | { ok: false; inState: false } | { ok: false; inState: true; failing: TGuard[] };

/** May the event happen now? Not in this state at all, or refused by these guards, or yes. */
export function judge<TEvent extends { type: string }, TGuard extends string>(
  wf: Workflow<TEvent, TGuard>,
  snapshot: ReturnType<typeof restore>,
  event: TEvent,
): Judgement<TGuard> {
  if (!acceptsInState(wf, snapshot, event.type)) return { ok: false, inState: false };
  const failing = failingGuards(wf, event);
  if (failing.length > 0 || !snapshot.can(event)) return { ok: false, inState: true, failing };
  return { ok: true };
}

/** Takes an accepted event: the next snapshot, its persisted form and the named effects it asks for. */
export function takeStep<TEvent extends { type: string }, TGuard extends string>(
  wf: Workflow<TEvent, TGuard>,
  snapshot: ReturnType<typeof restore>,
  event: TEvent,
) {
  const [next, actions] = transition(wf.machine, snapshot, event);
  return { next, persisted: wf.machine.getPersistedSnapshot(next), effects: actions.map((a) => a.type as string) };
}
