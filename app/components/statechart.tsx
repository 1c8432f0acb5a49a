import { useTranslation } from "react-i18next";
import type { MachineEdge, MachineNode } from "../../machines/graph";

const W = 132;
const H = 42;
const GAP = 30;
const PAD = 18;
const ROW1_Y = 46;
const ROW2_Y = 190;

/** A long state name on two lines, split at the space nearest the middle. */
function lines(text: string): string[] {
  if (text.length <= 18) return [text];
  const mid = text.length / 2;
  let best = -1;
  for (let i = 0; i < text.length; i++) if (text[i] === " " && (best < 0 || Math.abs(i - mid) < Math.abs(best - mid))) best = i;
  return best < 0 ? [text] : [text.slice(0, best), text.slice(best + 1)];
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The transition statechart, drawn from the machine definition (nodes and edges come from
 * machines/graph.ts): compound states hold their children in a row, the other top-level states
 * sit below. The current state is highlighted. A table lists every transition for screen readers.
 */
export function Statechart({ nodes, edges, current }: { nodes: MachineNode[]; edges: MachineEdge[]; current: string }) {
  const { t } = useTranslation();
  const boxes = new Map<string, Box>();
  const compound = nodes.find((n) => n.type === "compound");
  const children = nodes.filter((n) => compound && n.parent === compound.path && n.type !== "history");
  const history = nodes.find((n) => compound && n.parent === compound.path && n.type === "history");
  const others = nodes.filter((n) => n.parent === null && n.type !== "compound");

  children.forEach((n, i) => boxes.set(n.path, { x: PAD * 2 + i * (W + GAP), y: ROW1_Y, w: W, h: H }));
  const row1End = PAD * 2 + children.length * (W + GAP);
  if (history) boxes.set(history.path, { x: row1End, y: ROW1_Y + H / 2 - 14, w: 28, h: 28 });
  const width = row1End + 28 + PAD * 2;
  if (compound) boxes.set(compound.path, { x: PAD, y: 16, w: width - PAD * 2, h: H + 56 });
  const step = (width - PAD * 2) / Math.max(1, others.length);
  others.forEach((n, i) => boxes.set(n.path, { x: PAD + i * step + (step - W) / 2, y: ROW2_Y, w: W, h: H }));
  const height = ROW2_Y + H + PAD;

  const label = (n: MachineNode) => (n.type === "history" ? "H" : t(`transitions.states.${n.key}`));
  const currentPath = nodes.find((n) => n.key === current)?.path;
  const anchor = (b: Box, toward: Box): [number, number] => {
    if (toward.y > b.y + b.h) return [Math.min(Math.max(toward.x + toward.w / 2, b.x + 10), b.x + b.w - 10), b.y + b.h];
    if (toward.y + toward.h < b.y) return [Math.min(Math.max(toward.x + toward.w / 2, b.x + 10), b.x + b.w - 10), b.y];
    return toward.x > b.x ? [b.x + b.w, b.y + b.h / 2] : [b.x, b.y + b.h / 2];
  };

  return (
    <figure className="statechart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="statechart-title">
        <title id="statechart-title">{t("transitions.statechart.title", { state: t(`transitions.states.${current}`) })}</title>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#4a5360" />
          </marker>
        </defs>
        {compound ? (
          <g>
            <rect {...boxes.get(compound.path)!} rx={12} className="sc-compound" />
            <text x={PAD + 10} y={32} className="sc-compound-label">
              {t(`transitions.states.${compound.key}`)}
            </text>
          </g>
        ) : null}
        {edges
          .filter((e) => e.from !== e.to)
          .map((e) => {
            const a = boxes.get(e.from);
            const b = boxes.get(e.to);
            if (!a || !b) return null;
            const [x1, y1] = anchor(a, b);
            const [x2, y2] = anchor(b, a);
            const sameRow = Math.abs(y1 - y2) < 1;
            const back = y2 < y1;
            return (
              <g key={`${e.from}-${e.event}-${e.to}`}>
                <line x1={x1} y1={y1} x2={x2} y2={y2} className={back ? "sc-edge sc-back" : "sc-edge"} markerEnd="url(#arrow)" />
                {sameRow ? null : (
                  <text x={(x1 + x2) / 2 + 4} y={(y1 + y2) / 2} className="sc-edge-label">
                    {t(`transitions.events.${e.event}`)}
                  </text>
                )}
              </g>
            );
          })}
        {[...children, ...others, ...(history ? [history] : [])].map((n) => {
          const b = boxes.get(n.path)!;
          const active = n.path === currentPath;
          return (
            <g key={n.path} className={active ? "sc-node sc-current" : "sc-node"}>
              {n.type === "history" ? (
                <circle cx={b.x + b.w / 2} cy={b.y + b.h / 2} r={b.w / 2} />
              ) : (
                <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={8} strokeWidth={n.type === "final" ? 3 : 1.5} />
              )}
              <text x={b.x + b.w / 2} y={b.y + b.h / 2 + 4} textAnchor="middle">
                {lines(label(n)).map((line, i, all) => (
                  <tspan key={i} x={b.x + b.w / 2} dy={i === 0 ? (all.length - 1) * -6 : 12}>
                    {line}
                  </tspan>
                ))}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{t("transitions.statechart.table")}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("transitions.statechart.from")}</th>
              <th scope="col">{t("transitions.statechart.event")}</th>
              <th scope="col">{t("transitions.statechart.to")}</th>
            </tr>
          </thead>
          <tbody>
            {edges.map((e) => (
              <tr key={`${e.from}-${e.event}-${e.to}`}>
                <td>{t(`transitions.states.${e.from.split(".").at(-1)}`)}</td>
                <td>{t(`transitions.events.${e.event}`)}</td>
                <td>
                  {e.to.endsWith(".history")
                    ? t("transitions.statechart.whereStopped")
                    : t(`transitions.states.${e.to.split(".").at(-1)}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
