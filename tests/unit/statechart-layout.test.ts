import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import bg from "#app/locales/bg.json";
import en from "#app/locales/en.json";
import pl from "#app/locales/pl.json";
import { layoutStatechart } from "#app/modules/transitions/statechart.server";
import { describeMachine } from "#machines/graph";
import { TRANSITION_STATES, transitionMachine } from "#machines/transition";

/** The real texts of a language, as the server's t() gives them (keys only, no interpolation needed). */
const tOf = (dict: unknown) =>
  ((key: string) =>
    key
      .split(".")
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], dict) as string) as unknown as TFunction;

type Box = { x: number; y: number; w: number; h: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe.each([
  ["en", en],
  ["pl", pl],
  ["bg", bg],
])("the statechart laid out in %s", (_lng, dict) => {
  const layout = layoutStatechart(tOf(dict));
  const graph = describeMachine(transitionMachine);

  it("has a box for every state of the machine and an arrow for every transition between two states", () => {
    expect(
      layout.nodes
        .filter((n) => n.key)
        .map((n) => n.key)
        .sort(),
    ).toEqual([...TRANSITION_STATES].sort());
    expect(layout.edges.length).toBe(graph.edges.filter((e) => e.from !== e.to).length);
    expect(layout.selfLoops.map((e) => e.event)).toEqual(["CHANGE_PLACEMENT"]);
    for (const e of layout.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
  });

  it("puts the steps of the compound state inside its frame", () => {
    const steps = layout.nodes.filter((n) =>
      graph.nodes.some((m) => m.path === n.id && m.parent === "active" && m.type !== "history"),
    );
    expect(steps.length).toBe(6);
    for (const n of steps)
      expect(
        overlap(n, layout.compound!) &&
          n.x >= layout.compound!.x &&
          n.x + n.w <= layout.compound!.x + layout.compound!.w,
      ).toBe(true);
  });

  it("no edge label overlaps another label or a state", () => {
    const labels = layout.edges.map((e) => ({
      id: e.id,
      x: e.label.x - e.label.w / 2,
      y: e.label.y - e.label.h / 2,
      w: e.label.w,
      h: e.label.h,
    }));
    const clashes: string[] = [];
    labels.forEach((a, i) => {
      labels.slice(i + 1).forEach((b) => overlap(a, b) && clashes.push(`${a.id}/${b.id}`));
      layout.nodes.forEach((n) => overlap(a, n) && clashes.push(`${a.id}/${n.id}`));
    });
    expect(clashes).toEqual([]);
  });

  it("keeps the drawing inside its canvas", () => {
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.x + n.w).toBeLessThanOrEqual(layout.width);
      expect(n.y + n.h).toBeLessThanOrEqual(layout.height);
    }
  });

  it("the history marker is the target of resuming and reopening", () => {
    const h = layout.nodes.find((n) => n.kind === "history")!;
    const into = layout.edges.filter((e) => {
      const last = e.points.at(-1)!;
      return Math.hypot(last.x - (h.x + h.w / 2), last.y - (h.y + h.h / 2)) < h.w;
    });
    expect(into.map((e) => e.event).sort()).toEqual(["REOPEN", "RESUME"]);
  });
});
