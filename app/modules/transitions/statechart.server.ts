import dagre from "@dagrejs/dagre";
import type { TFunction } from "i18next";
import { describeMachine, type MachineEdge, type MachineNode } from "#machines/graph";
import { transitionMachine } from "#machines/transition";
import type { Locale } from "#db/schema/enums";

/**
 * The transition statechart laid out by dagre (top to bottom, so it stays narrow on a phone) from
 * the machine's own nodes and edges (machines/graph.ts). Computed on the server, once per
 * language, so the layout library never reaches the browser (decision 015, decision 025).
 *
 * Two things of the machine are not plain states and are drawn as small markers:
 * - the compound state's own transitions (put on hold, withdraw, death: "from any step") leave
 *   from an exit marker on the compound's border;
 * - the shallow history state (resume, reopen: "back to the step where it stopped") is the
 *   marker "H", explained in the legend under the chart.
 */
export interface ChartNode {
  id: string;
  kind: "state" | "final" | "history" | "exit";
  /** The state's machine key (for the "current" highlight), null for the markers. */
  key: string | null;
  lines: string[];
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface ChartEdge {
  id: string;
  event: string;
  lines: string[];
  points: { x: number; y: number }[];
  label: { x: number; y: number; w: number; h: number };
}
export interface ChartLayout {
  width: number;
  height: number;
  compound: { key: string; label: string; x: number; y: number; w: number; h: number } | null;
  nodes: ChartNode[];
  edges: ChartEdge[];
  /** Transitions that stay in their state (a change of placement): listed, not drawn. */
  selfLoops: MachineEdge[];
}

const NODE_W = 148;
const NODE_H = 40;
const MARKER = 22;
const CHAR_W = 6.1; // 11 px system-ui, an upper estimate for Latin and Cyrillic
const LABEL_CHAR_W = 5.6; // 10 px
const PAD = 16;

/** Breaks a text into lines of at most `max` characters at spaces. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && (line + " " + word).length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const EXIT = "__exit";

export function layoutStatechart(t: TFunction, graph = describeMachine(transitionMachine)): ChartLayout {
  const { nodes, edges } = graph;
  const compound = nodes.find((n) => n.type === "compound") ?? null;
  const isChild = (n: MachineNode) => compound !== null && n.parent === compound.path;
  const g = new dagre.graphlib.Graph({ multigraph: true, compound: false });
  g.setGraph({ rankdir: "TB", nodesep: 24, ranksep: 34, edgesep: 14, marginx: PAD, marginy: PAD });
  g.setDefaultEdgeLabel(() => ({}));

  const chartNodes = new Map<string, Omit<ChartNode, "x" | "y">>();
  for (const n of nodes) {
    if (n.type === "compound" || n.type === "parallel") continue;
    if (n.type === "history") {
      chartNodes.set(n.path, { id: n.path, kind: "history", key: null, lines: ["H"], w: MARKER, h: MARKER });
      continue;
    }
    const lines = wrap(t(`transitions.states.${n.key}`), Math.floor((NODE_W - 12) / CHAR_W));
    chartNodes.set(n.path, {
      id: n.path,
      kind: n.type === "final" ? "final" : "state",
      key: n.key,
      lines,
      w: NODE_W,
      h: Math.max(NODE_H, 14 * lines.length + 14),
    });
  }
  if (compound) chartNodes.set(EXIT, { id: EXIT, kind: "exit", key: null, lines: [], w: MARKER / 2, h: MARKER / 2 });
  for (const n of chartNodes.values()) g.setNode(n.id, { width: n.w, height: n.h });

  const children = nodes.filter(isChild).filter((n) => n.type !== "history");
  // The exit marker sits under the compound's last step; the history marker above its first.
  if (compound && children.length) {
    g.setEdge(children.at(-1)!.path, EXIT, { weight: 4, minlen: 1 }, "layout-exit");
    const history = nodes.find((n) => isChild(n) && n.type === "history");
    if (history) g.setEdge(history.path, children[0]!.path, { weight: 4, minlen: 1 }, "layout-history");
  }

  const selfLoops = edges.filter((e) => e.from === e.to);
  const drawn = edges.filter((e) => e.from !== e.to);
  const edgeLines = new Map<string, string[]>();
  drawn.forEach((e, i) => {
    const from = compound && e.from === compound.path ? EXIT : e.from;
    const lines = wrap(t(`transitions.events.${e.event}`), 22);
    const id = `e${i}`;
    edgeLines.set(id, lines);
    const width = Math.max(...lines.map((l) => l.length)) * LABEL_CHAR_W + 8;
    g.setEdge(
      from,
      e.to,
      {
        width,
        height: 13 * lines.length + 2,
        labelpos: "c",
        weight: isChild(nodes.find((n) => n.path === e.to)!) && e.from !== compound?.path ? 2 : 1,
      },
      id,
    );
  });

  dagre.layout(g);

  const out: ChartNode[] = [...chartNodes.values()].map((n) => {
    const p = g.node(n.id);
    return { ...n, x: p.x - n.w / 2, y: p.y - n.h / 2 };
  });
  const inCompound = out.filter((n) => n.kind !== "exit" && nodes.some((m) => m.path === n.id && isChild(m)));
  let box: ChartLayout["compound"] = null;
  if (compound && inCompound.length) {
    const x0 = Math.min(...inCompound.map((n) => n.x)) - 14;
    const y0 = Math.min(...inCompound.map((n) => n.y)) - 26;
    const x1 = Math.max(...inCompound.map((n) => n.x + n.w)) + 14;
    const exit = out.find((n) => n.kind === "exit")!;
    const y1 = exit.y + exit.h / 2;
    box = { key: compound.key, label: t(`transitions.states.${compound.key}`), x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }
  const chartEdges: ChartEdge[] = drawn.map((e, i) => {
    const id = `e${i}`;
    const from = compound && e.from === compound.path ? EXIT : e.from;
    const data = g.edge({ v: from, w: e.to, name: id });
    const lines = edgeLines.get(id)!;
    return {
      id,
      event: e.event,
      lines,
      points: data.points ?? [],
      label: { x: data.x ?? 0, y: data.y ?? 0, w: data.width ?? 0, h: data.height ?? 0 },
    };
  });
  const all = [
    ...out.map((n) => [n.x, n.y, n.x + n.w, n.y + n.h]),
    ...chartEdges.map((e) => [
      e.label.x - e.label.w / 2,
      e.label.y - e.label.h / 2,
      e.label.x + e.label.w / 2,
      e.label.y + e.label.h / 2,
    ]),
    ...(box ? [[box.x, box.y, box.x + box.w, box.y + box.h]] : []),
  ];
  const minX = Math.min(...all.map((b) => b[0]!)) - PAD;
  const minY = Math.min(...all.map((b) => b[1]!)) - PAD;
  const shift = <T extends { x: number; y: number }>(p: T): T => ({ ...p, x: p.x - minX, y: p.y - minY });
  return {
    width: Math.ceil(Math.max(...all.map((b) => b[2]!)) - minX + PAD),
    height: Math.ceil(Math.max(...all.map((b) => b[3]!)) - minY + PAD),
    compound: box ? shift(box) : null,
    nodes: out.map(shift),
    edges: chartEdges.map((e) => ({ ...e, points: e.points.map(shift), label: shift(e.label) })),
    selfLoops,
  };
}

const cache = new Map<Locale, ChartLayout>();

/** The layout in a language (the labels' lengths shape it); computed once per language. */
export function statechartFor(locale: Locale, t: TFunction): ChartLayout {
  let layout = cache.get(locale);
  if (!layout) cache.set(locale, (layout = layoutStatechart(t)));
  return layout;
}
