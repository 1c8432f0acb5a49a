import { CartesianGrid, Legend, Line, LineChart, XAxis, YAxis } from "recharts";
import { useTranslation } from "react-i18next";
import type { Locale } from "../../db/schema/enums";
import { formatDate, formatNumber } from "../utils/format";

export interface BurnupPoint {
  date: string;
  target: number;
  actual: number | null;
  forecast: number | null;
}

/**
 * Burn-up chart: planned line, actual cumulative, forecast at the recent pace. Fixed size, so it
 * renders on the server too (recharts 2; see docs/decisions/012-plans.md).
 */
export function BurnupChart({ title, points }: { title: string; points: BurnupPoint[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const data = points.map((p) => ({ ...p, t: Date.parse(`${p.date}T00:00:00Z`) }));
  // Explicit ticks: recharts then measures no text, so server and browser draw the same chart.
  const first = data[0]?.t ?? 0;
  const last = data.at(-1)?.t ?? 0;
  const ticks = Array.from({ length: 5 }, (_, i) => Math.round(first + ((last - first) * i) / 4));
  // After the plan's end there is no forecast: no line, and no legend entry for it.
  const forecast = points.some((p) => p.forecast !== null);
  return (
    <figure className="chart" aria-label={title}>
      <LineChart width={640} height={280} data={data} margin={{ top: 10, right: 40, bottom: 10, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#d5dbe1" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={["dataMin", "dataMax"]}
          ticks={ticks}
          interval={0}
          tickFormatter={(t: number) => formatDate(new Date(t).toISOString().slice(0, 10), locale)}
          tick={{ fontSize: 11 }}
        />
        <YAxis
          allowDecimals={false}
          tickFormatter={(n: number) => formatNumber(n, locale)}
          tick={{ fontSize: 11 }}
          width={48}
        />
        <Legend verticalAlign="top" height={28} />
        <Line
          type="linear"
          dataKey="target"
          name={t("plans.dashboard.planned")}
          stroke="#4a5360"
          strokeDasharray="6 4"
          dot={false}
          isAnimationActive={false}
        />
        <Line
          type="stepAfter"
          dataKey="actual"
          name={t("plans.dashboard.actual")}
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
            name={t("plans.dashboard.forecast")}
            stroke="#b35c00"
            strokeDasharray="2 3"
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        ) : null}
      </LineChart>
    </figure>
  );
}
