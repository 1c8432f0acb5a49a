import { useTranslation } from "react-i18next";
import type { MachineEdge } from "#machines/graph";

import type { ChartLayout } from "#app/modules/transitions/statechart.server";

/**
 * The transition statechart: laid out on the server by dagre from the machine definition
 * (app/modules/transitions/statechart.server.ts), drawn here at its natural size inside a box that
 * scrolls on a narrow screen, so the labels stay readable. The current state is highlighted; a
 * legend explains the two markers; a table lists every transition for screen readers.
 */
export function Statechart({ layout, edges, current }: { layout: ChartLayout; edges: MachineEdge[]; current: string }) {
  const { t } = useTranslation();
  const { width, height, compound, nodes } = layout;
  const path = (pts: { x: number; y: number }[]) =>
    pts.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
  return (
    <figure className="statechart">
      <div className="statechart-scroll">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          role="img"
          aria-labelledby="statechart-title"
        >
          <title id="statechart-title">
            {t("transitions.statechart.title", { state: t(`transitions.states.${current}`) })}
          </title>
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#4a5360" />
            </marker>
          </defs>
          {compound ? (
            <g>
              <rect
                x={compound.x}
                y={compound.y}
                width={compound.w}
                height={compound.h}
                rx={12}
                className="sc-compound"
              />
              <text x={compound.x + 10} y={compound.y + 16} className="sc-compound-label">
                {compound.label}
              </text>
            </g>
          ) : null}
          {layout.edges.map((e) => (
            <path key={e.id} d={path(e.points)} className="sc-edge" fill="none" markerEnd="url(#arrow)" />
          ))}
          {layout.edges.map((e) => (
            <g key={`${e.id}-label`} className="sc-edge-label">
              <rect
                x={e.label.x - e.label.w / 2}
                y={e.label.y - e.label.h / 2}
                width={e.label.w}
                height={e.label.h}
                rx={3}
              />
              <text x={e.label.x} y={e.label.y - ((e.lines.length - 1) * 13) / 2 + 3.5} textAnchor="middle">
                {e.lines.map((line, i) => (
                  <tspan key={i} x={e.label.x} dy={i === 0 ? 0 : 13}>
                    {line}
                  </tspan>
                ))}
              </text>
            </g>
          ))}
          {nodes.map((n) => {
            const active = n.key === current;
            const cx = n.x + n.w / 2;
            const cy = n.y + n.h / 2;
            return (
              <g key={n.id} className={`sc-node sc-${n.kind}${active ? " sc-current" : ""}`}>
                {n.kind === "history" || n.kind === "exit" ? (
                  <circle cx={cx} cy={cy} r={n.w / 2} />
                ) : (
                  <rect x={n.x} y={n.y} width={n.w} height={n.h} rx={8} strokeWidth={n.kind === "final" ? 3 : 1.5} />
                )}
                <text x={cx} y={cy - ((n.lines.length - 1) * 14) / 2 + 4} textAnchor="middle">
                  {n.lines.map((line, i) => (
                    <tspan key={i} x={cx} dy={i === 0 ? 0 : 14}>
                      {line}
                    </tspan>
                  ))}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption>
        <dl className="sc-legend">
          <div className="sc-legend-row">
            <dt>
              <span className="sc-mark sc-mark-exit" aria-hidden="true" />
              <span className="visually-hidden">{t("transitions.statechart.exitMarker")}</span>
            </dt>
            <dd>{t("transitions.statechart.exitLegend", { stage: compound?.label ?? "" })}</dd>
          </div>
          <div className="sc-legend-row">
            <dt>
              <span className="sc-mark sc-mark-history" aria-hidden="true">
                H
              </span>
              <span className="visually-hidden">{t("transitions.statechart.historyMarker")}</span>
            </dt>
            <dd>{t("transitions.statechart.historyLegend")}</dd>
          </div>
          {layout.selfLoops.map((e) => (
            <div key={e.event} className="sc-legend-row">
              <dt aria-hidden="true">↻</dt>
              <dd>
                {t("transitions.statechart.selfLoop", {
                  event: t(`transitions.events.${e.event}`),
                  state: t(`transitions.states.${e.from.split(".").at(-1)}`),
                })}
              </dd>
            </div>
          ))}
        </dl>
      </figcaption>
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
