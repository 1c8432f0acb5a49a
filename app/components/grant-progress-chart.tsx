import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, XAxis, YAxis } from "recharts";
import { useTranslation } from "react-i18next";
import type { Locale } from "../../db/schema/enums";
import { formatNumber } from "../utils/format";

export interface ProgressChartPoint {
  seq: number;
  live: number;
  submitted: number | null;
}

/**
 * One indicator's cumulative value at the end of each reporting period (live and as submitted),
 * against the grant's target. Fixed size, so the server and the browser draw the same chart.
 */
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
  const locale = i18n.language as Locale;
  const data = points.map((p) => ({ ...p, label: t("grants.periodShort", { n: p.seq }) }));
  const top = Math.max(target, ...points.map((p) => Math.max(p.live, p.submitted ?? 0)));
  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="label">{title}</figcaption>
      <LineChart width={560} height={260} data={data} margin={{ top: 10, right: 24, bottom: 10, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#d5dbe1" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
        <YAxis
          allowDecimals={false}
          domain={[0, Math.ceil(top * 1.1) || 1]}
          tickFormatter={(n: number) => formatNumber(n, locale)}
          tick={{ fontSize: 11 }}
          width={48}
        />
        <Legend verticalAlign="top" height={28} />
        <ReferenceLine
          y={target}
          stroke="#4a5360"
          strokeDasharray="6 4"
          label={{ value: t("grants.target"), position: "insideTopLeft", fontSize: 11 }}
        />
        <Line
          type="linear"
          dataKey="live"
          name={t("grants.dashboardLive")}
          stroke="#0b5cad"
          strokeWidth={2.5}
          isAnimationActive={false}
        />
        <Line
          type="linear"
          dataKey="submitted"
          name={t("grants.dashboardSubmitted")}
          stroke="#b35c00"
          strokeDasharray="2 3"
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </figure>
  );
}
