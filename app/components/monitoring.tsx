import { useTranslation } from "react-i18next";
import type { IndicatorCode, Locale } from "#db/schema/enums";
import { formatDate, formatNumber } from "#app/utils/format";

export interface IndicatorFigures {
  code: IndicatorCode;
  unit: "persons" | "places";
  inPeriod: number;
  cumulative: number;
  target: number | null;
  percentOfTarget: number | null;
}

/** A grant's indicators in its current period: in period, cumulative, target and % of target (decision 033). */
export function IndicatorFiguresTable({
  caption,
  rows,
  targetLabel,
}: {
  caption: string;
  rows: IndicatorFigures[];
  /** The target column's heading (an institution's page compares with the grant's target). */
  targetLabel?: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const n = (v: number | null) => (v === null ? "—" : formatNumber(v, locale));
  return (
    <div className="table-scroll">
      <table className="monitoring-indicators">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("grants.indicator")}</th>
            <th scope="col" className="num">
              {t("grants.report.inPeriodShort")}
            </th>
            <th scope="col" className="num">
              {t("grants.report.cumulativeShort")}
            </th>
            <th scope="col" className="num">
              {targetLabel ?? t("grants.target")}
            </th>
            <th scope="col" className="num">
              %
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code} data-indicator={r.code}>
              <th scope="row">{t(`indicators.${r.code}`)}</th>
              <td className="num">{n(r.inPeriod)}</td>
              <td className="num">{n(r.cumulative)}</td>
              <td className="num">{n(r.target)}</td>
              <td className="num">
                {r.percentOfTarget === null
                  ? "—"
                  : formatNumber(r.percentOfTarget, locale, { maximumFractionDigits: 1 })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "Period 4: 1 May 2023 – 31 Jul 2023", or that the grant's first period has not begun. */
export function PeriodLine({ period }: { period: { seq: number; startsOn: string; endsOn: string } | null }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (!period) return <p className="muted">{t("monitoring.notStarted")}</p>;
  return (
    <p className="muted">
      {t("grants.periodN", { n: period.seq })}: {formatDate(period.startsOn, locale)} –{" "}
      {formatDate(period.endsOn, locale)}
    </p>
  );
}
