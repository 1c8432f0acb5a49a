import { CartesianGrid, Customized, Line, LineChart, ReferenceLine, XAxis, YAxis } from "recharts";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { categoryInterval, labelWidth, niceTicks } from "#app/modules/charts/axis";
import { formatNumber } from "#app/utils/format";
import { LEGEND_HEIGHT, legendRows, SvgLegend, type LegendItem } from "./chart-legend";
import { useFitWidth } from "./use-fit-width";

export interface ProgressChartPoint {
  seq: number;
  live: number;
  submitted: number | null;
}

export const PROGRESS_SIZE = { width: 560, height: 290 };

export interface ProgressLabels {
  period: (n: number) => string;
  live: string;
  submitted: string;
  target: string;
}

/**
 * One indicator's cumulative value at the end of each reporting period, live and as submitted,
 * against the grant's target (decision 040): even integer ticks up to at least the target, the
 * "as reported" line drawn over the live one with its own markers (where both agree it would
 * otherwise be hidden), the legend in its own band, no title inside (the page's heading is it).
 */
export function GrantProgressChartView({
  title,
  target,
  points,
  locale,
  labels,
  width = PROGRESS_SIZE.width,
  height = PROGRESS_SIZE.height,
}: {
  title: string;
  target: number;
  points: ProgressChartPoint[];
  locale: Locale;
  labels: ProgressLabels;
  width?: number;
  height?: number;
}) {
  const data = points.map((p) => ({ ...p, label: labels.period(p.seq) }));
  const top = Math.max(target, ...points.map((p) => Math.max(p.live, p.submitted ?? 0)));
  const yTicks = niceTicks(top, 6);
  const yWidth = Math.max(...yTicks.map((n) => labelWidth(formatNumber(n, locale)))) + 14;
  const legend: LegendItem[] = [
    { label: labels.live, stroke: "#0b5cad", width: 2.5 },
    { label: labels.submitted, stroke: "#b35c00", width: 2, dash: "5 3" },
    { label: labels.target, stroke: "#4a5360", dash: "6 4" },
  ];
  const legendBand = legendRows(legend, width) * LEGEND_HEIGHT;
  // Every period's label at the full width; on a narrow one, every second, third … so none collide.
  const periodPx = Math.max(0, ...data.map((d) => labelWidth(d.label)));
  const xInterval = categoryInterval(data.length, width - yWidth - 28, periodPx);
  return (
    <figure className="chart" aria-label={title}>
      <LineChart
        width={width}
        height={height}
        data={data}
        margin={{ top: 12, right: 24, bottom: legendBand + 4, left: 4 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#d5dbe1" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={xInterval} height={24} />
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
        <ReferenceLine y={target} stroke="#4a5360" strokeDasharray="6 4" />
        <Line
          type="linear"
          dataKey="live"
          name={labels.live}
          stroke="#0b5cad"
          strokeWidth={2.5}
          dot={{ r: 3, fill: "#0b5cad" }}
          isAnimationActive={false}
        />
        <Line
          type="linear"
          dataKey="submitted"
          name={labels.submitted}
          stroke="#b35c00"
          strokeWidth={2}
          strokeDasharray="5 3"
          dot={{ r: 5, fill: "#ffffff", stroke: "#b35c00", strokeWidth: 2 }}
          connectNulls
          isAnimationActive={false}
        />
        <Customized component={() => <SvgLegend items={legend} width={width} top={height - legendBand} />} />
      </LineChart>
    </figure>
  );
}

/** The grant dashboard's chart, in the user's language, as wide as its box allows (at most 560 px). */
export function GrantProgressChart({
  title,
  target,
  points,
}: {
  title: string;
  target: number;
  points: ProgressChartPoint[];
}) {
  const { t, i18n } = useTranslation();
  const { ref, width } = useFitWidth<HTMLDivElement>(PROGRESS_SIZE.width);
  return (
    <div ref={ref} className="chart-fit">
      <GrantProgressChartView
        title={title}
        target={target}
        points={points}
        locale={i18n.language as Locale}
        width={width}
        labels={{
          period: (n) => t("grants.periodShort", { n }),
          live: t("grants.dashboardLive"),
          submitted: t("grants.dashboardSubmitted"),
          target: t("grants.target"),
        }}
      />
    </div>
  );
}
