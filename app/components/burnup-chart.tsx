import { CartesianGrid, Customized, Line, LineChart, ReferenceLine, XAxis, YAxis } from "recharts";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { labelWidth, monthTicks, niceTicks, ticksThatFit } from "#app/modules/charts/axis";
import { formatDate, formatNumber } from "#app/utils/format";
import { LEGEND_HEIGHT, legendRows, SvgLegend, type LegendItem } from "./chart-legend";
import { useFitWidth } from "./use-fit-width";

export interface BurnupPoint {
  date: string;
  target: number | null;
  actual: number | null;
  forecast: number | null;
}

export const BURNUP_SIZE = { width: 640, height: 310 };

const toTime = (d: string) => Date.parse(`${d}T00:00:00Z`);
/** A month as an axis label: "03.2026" (pl), "03/2026" (en), "03.2026 г." (bg). */
export const formatMonth = (d: string, locale: Locale) =>
  new Intl.DateTimeFormat(locale, { month: "2-digit", year: "numeric", timeZone: "UTC" }).format(new Date(toTime(d)));

export interface BurnupLabels {
  planned: string;
  actual: string;
  forecast: string;
  planEnd: string;
}

/**
 * Burn-up chart (decision 040): the planned line, the actual cumulative count and the forecast at
 * the recent pace, over the plan's whole period (and past its end when the forecast reaches the
 * target later). Even ticks on both axes (`niceTicks`, `monthTicks`), the legend in its own band
 * below the axis. Fixed size and no measured text, so the server, the browser and the PDF draw
 * the same SVG (recharts 2).
 */
export function BurnupChartView({
  title,
  points,
  locale,
  labels,
  periodEnd,
  width = BURNUP_SIZE.width,
  height = BURNUP_SIZE.height,
}: {
  title: string;
  points: BurnupPoint[];
  locale: Locale;
  labels: BurnupLabels;
  /** The plan's last day: a dotted vertical line when the chart runs past it. */
  periodEnd?: string;
  width?: number;
  height?: number;
}) {
  const data = points.map((p) => ({ ...p, t: toTime(p.date) }));
  const first = points[0]?.date ?? "2000-01-01";
  const last = points.at(-1)?.date ?? first;
  const top = Math.max(0, ...points.flatMap((p) => [p.target ?? 0, p.actual ?? 0, p.forecast ?? 0]));
  const yTicks = niceTicks(top, 6);
  const yWidth = Math.max(...yTicks.map((n) => labelWidth(formatNumber(n, locale)))) + 14;
  const xLabel = (t: number) => formatMonth(new Date(t).toISOString().slice(0, 10), locale);
  // As many month labels as fit the width drawn (7 at the full width, fewer on a phone).
  const monthPx = labelWidth(xLabel(toTime(first)));
  const xTicks = monthTicks(first, last, ticksThatFit(width - yWidth - monthPx / 2 - 12, monthPx, 7)).map(toTime);
  const lastLabel = xTicks.length ? labelWidth(xLabel(xTicks.at(-1)!)) : 0;
  const forecast = points.some((p) => p.forecast !== null);
  const legend: LegendItem[] = [
    { label: labels.planned, stroke: "#4a5360", dash: "6 4" },
    { label: labels.actual, stroke: "#0b5cad", width: 2.5 },
    ...(forecast ? [{ label: labels.forecast, stroke: "#b35c00", dash: "2 3" }] : []),
  ];
  const showEnd = !!periodEnd && periodEnd < last;
  const showEndTop = showEnd ? 22 : 12;
  const legendBand = legendRows(legend, width) * LEGEND_HEIGHT;
  const margin = { top: showEndTop, right: Math.ceil(lastLabel / 2) + 8, bottom: legendBand + 4, left: 4 };
  return (
    <figure className="chart" aria-label={title}>
      <LineChart width={width} height={height} data={data} margin={margin}>
        <CartesianGrid strokeDasharray="3 3" stroke="#d5dbe1" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[toTime(first), toTime(last)]}
          ticks={xTicks}
          interval={0}
          tickFormatter={xLabel}
          tick={{ fontSize: 11 }}
          height={24}
        />
        <YAxis
          type="number"
          domain={[0, yTicks.at(-1)!]}
          ticks={yTicks}
          interval={0}
          allowDecimals={false}
          tickFormatter={(n: number) => formatNumber(n, locale)}
          tick={{ fontSize: 11 }}
          width={yWidth}
        />
        {showEnd ? (
          <ReferenceLine
            x={toTime(periodEnd!)}
            stroke="#4a5360"
            strokeDasharray="1 3"
            label={{ value: labels.planEnd, position: "top", fontSize: 10, fill: "#4a5360" }}
          />
        ) : null}
        <Line
          type="linear"
          dataKey="target"
          name={labels.planned}
          stroke="#4a5360"
          strokeDasharray="6 4"
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          type="stepAfter"
          dataKey="actual"
          name={labels.actual}
          stroke="#0b5cad"
          strokeWidth={2.5}
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
        {forecast ? (
          <Line
            type="linear"
            dataKey="forecast"
            name={labels.forecast}
            stroke="#b35c00"
            strokeDasharray="2 3"
            strokeWidth={2}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        ) : null}
        <Customized component={() => <SvgLegend items={legend} width={width} top={height - legendBand} />} />
      </LineChart>
    </figure>
  );
}

/** The page's burn-up chart, in the user's language, as wide as its box allows (at most 640 px). */
export function BurnupChart({
  title,
  points,
  periodEnd,
}: {
  title: string;
  points: BurnupPoint[];
  periodEnd?: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { ref, width } = useFitWidth<HTMLDivElement>(BURNUP_SIZE.width);
  return (
    <div ref={ref} className="chart-fit">
      <BurnupChartView
        title={title}
        points={points}
        locale={locale}
        periodEnd={periodEnd}
        width={width}
        labels={{
          planned: t("plans.dashboard.planned"),
          actual: t("plans.dashboard.actual"),
          forecast: t("plans.dashboard.forecast"),
          planEnd: formatDate(periodEnd ?? "2000-01-01", locale),
        }}
      />
    </div>
  );
}
