import { labelWidth } from "#app/modules/charts/axis";

/** One line of a chart's legend: its label and how the line is drawn. */
export interface LegendItem {
  label: string;
  stroke: string;
  dash?: string;
  width?: number;
}

export const LEGEND_HEIGHT = 24;
const SWATCH = 22;

/**
 * A chart's legend drawn inside its SVG, in the band reserved below the x axis (decision 040): it
 * never covers a line, and the same SVG goes into the PDFs. Items wrap onto a second row when the
 * labels are too long for one (the chart then reserves two rows: `legendRows`).
 */
export function SvgLegend({
  items,
  width,
  top,
  fontSize = 11,
}: {
  items: LegendItem[];
  width: number;
  top: number;
  fontSize?: number;
}) {
  const rows = layoutLegend(items, width, fontSize);
  return (
    <g className="chart-legend">
      {rows.flatMap((row, r) =>
        row.map(({ item, x }) => {
          const y = top + r * LEGEND_HEIGHT + LEGEND_HEIGHT / 2;
          return (
            <g key={item.label}>
              <line
                x1={x}
                x2={x + SWATCH}
                y1={y}
                y2={y}
                stroke={item.stroke}
                strokeWidth={item.width ?? 2}
                strokeDasharray={item.dash}
              />
              <text x={x + SWATCH + 6} y={y + fontSize * 0.35} fontSize={fontSize} fill="#1f2933">
                {item.label}
              </text>
            </g>
          );
        }),
      )}
    </g>
  );
}

/** The items placed in rows, left to right, each row centred in `width`. */
export function layoutLegend(items: LegendItem[], width: number, fontSize = 11) {
  const gap = 18;
  const sizes = items.map((i) => SWATCH + 6 + labelWidth(i.label, fontSize));
  const rows: { item: LegendItem; w: number }[][] = [[]];
  let used = 0;
  items.forEach((item, k) => {
    const w = sizes[k]!;
    if (rows.at(-1)!.length > 0 && used + gap + w > width - 16) {
      rows.push([]);
      used = 0;
    }
    used += (rows.at(-1)!.length > 0 ? gap : 0) + w;
    rows.at(-1)!.push({ item, w });
  });
  return rows.map((row) => {
    const total = row.reduce((n, x) => n + x.w, 0) + gap * (row.length - 1);
    let x = Math.max(8, (width - total) / 2);
    return row.map(({ item, w }) => {
      const at = x;
      x += w + gap;
      return { item, x: at };
    });
  });
}

export const legendRows = (items: LegendItem[], width: number, fontSize = 11) =>
  layoutLegend(items, width, fontSize).length;
