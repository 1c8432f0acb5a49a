import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { IndicatorCode, Locale } from "#db/schema/enums";
import { breakdownCategories, categoryLabel, HIDDEN_MARK } from "#app/modules/grants/breakdowns";
import type {
  CarriedCorrections as Carried,
  DrillList,
  drillDown,
  getPeriodReport,
  IndicatorDiff,
} from "#app/modules/grants/reports.server";
import type { AGE_GROUPS } from "#app/modules/indicators/definitions";
import { type Breakdown } from "#app/modules/indicators/definitions";
import { formatDate, formatNumber } from "#app/utils/format";
import { ConfirmSubmit } from "./confirm-submit";
import { ErrorSummary, Field } from "./form-messages";
import { useValidatedForm } from "./form";

/**
 * The parts of a period report's page (app/routes/_app.grants.$grantId.periods.$periodId._index.tsx):
 * the late corrections of a submitted report, the corrections a later period carries, the
 * narrative form and the breakdown tables.
 */

function useNumbers() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const num = (n: number) => formatNumber(n, locale);
  return {
    t,
    locale,
    num,
    signed: (n: number) => (n > 0 ? "+" : "") + num(n),
    date: (s: string) => formatDate(s, locale, "UTC"),
  };
}

/** A submitted report's values beside the live ones, with the codes added and removed since. */
export function LateCorrections({ diffs }: { diffs: IndicatorDiff[] }) {
  const { t, num, signed } = useNumbers();
  if (diffs.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="diffs">
      <h2 id="diffs">{t("grants.report.diffsTitle")}</h2>
      <p>{t("grants.report.diffsLead")}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("grants.indicator")}</th>
            <th scope="col" className="num">
              {t("grants.report.submittedInPeriod")}
            </th>
            <th scope="col" className="num">
              {t("grants.report.liveInPeriod")}
            </th>
            <th scope="col" className="num">
              {t("grants.report.submittedCumulative")}
            </th>
            <th scope="col" className="num">
              {t("grants.report.liveCumulative")}
            </th>
            <th scope="col" className="num">
              {t("grants.report.difference")}
            </th>
            <th scope="col">{t("grants.report.codesChanged")}</th>
          </tr>
        </thead>
        <tbody>
          {diffs.map((x) => (
            <tr key={x.code}>
              <th scope="row">{t(`indicators.${x.code}`)}</th>
              <td className="num">{num(x.frozenInPeriod)}</td>
              <td className="num">{num(x.liveInPeriod)}</td>
              <td className="num">{num(x.frozenCumulative)}</td>
              <td className="num">{num(x.liveCumulative)}</td>
              <td className="num">{signed(x.liveCumulative - x.frozenCumulative)}</td>
              <td>
                <CodesChanged added={x.added} removed={x.removed} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The corrections of the latest earlier submitted report that this period's cumulative values carry. */
export function CarriedCorrections({ carried }: { carried: Carried }) {
  const { t, num, signed, date } = useNumbers();
  return (
    <section className="panel" aria-labelledby="carried">
      <h2 id="carried">{t("grants.report.carriedTitle", { n: carried.period.seq })}</h2>
      <p>{t("grants.report.carriedLead", { n: carried.period.seq, date: date(carried.period.endsOn) })}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("grants.indicator")}</th>
            <th scope="col" className="num">
              {t("grants.report.carriedSubmitted", { n: carried.period.seq })}
            </th>
            <th scope="col" className="num">
              {t("grants.report.carriedCounted", { date: date(carried.period.endsOn) })}
            </th>
            <th scope="col" className="num">
              {t("grants.report.difference")}
            </th>
            <th scope="col">{t("grants.report.codesChanged")}</th>
          </tr>
        </thead>
        <tbody>
          {carried.indicators.map((x) => (
            <tr key={x.code}>
              <th scope="row">{t(`indicators.${x.code}`)}</th>
              <td className="num">{num(x.frozenCumulative)}</td>
              <td className="num">{num(x.liveCumulative)}</td>
              <td className="num">{signed(x.liveCumulative - x.frozenCumulative)}</td>
              <td>
                <CodesChanged added={x.added} removed={x.removed} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The codes a correction added and removed, in words. */
function CodesChanged({ added, removed }: { added: string[]; removed: string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {added.length > 0 ? t("grants.report.added", { codes: added.join(", ") }) : null}{" "}
      {removed.length > 0 ? t("grants.report.removed", { codes: removed.join(", ") }) : null}
    </>
  );
}

export function NarrativeForm({
  version,
  narrative,
  periodOver,
  period,
}: {
  version: number;
  narrative: { problems: string; plannedProgress: string };
  periodOver: boolean;
  period: { n: number; from: string; to: string };
}) {
  const { t } = useTranslation();
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/grants/schemas").then((m) => m.narrativeSchema),
    { version: String(version), ...narrative },
  );
  return (
    <>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <input type="hidden" defaultValue={f.initial("version")} {...f.form.register("version")} />
        <Field label={t("grants.report.problems")} name="problems" error={f.errorFor("problems")}>
          {(a) => <textarea rows={4} {...a} defaultValue={f.initial("problems")} {...f.form.register("problems")} />}
        </Field>
        <Field label={t("grants.report.plannedProgress")} name="plannedProgress" error={f.errorFor("plannedProgress")}>
          {(a) => (
            <textarea
              rows={4}
              {...a}
              defaultValue={f.initial("plannedProgress")}
              {...f.form.register("plannedProgress")}
            />
          )}
        </Field>
        <p className="hint">
          {periodOver ? t("grants.report.submitHint") : t("grants.report.notOverHint", { date: period.to })}
        </p>
        <div className="button-row">
          <button type="submit" name="intent" value="save" className="button secondary">
            {t("grants.report.saveNarrative")}
          </button>
          <ConfirmSubmit
            name="intent"
            value="submit"
            title={t("confirm.SUBMIT.title")}
            describe={() => t("confirm.SUBMIT.text", { n: period.n, from: period.from, to: period.to })}
            confirmLabel={t("confirm.SUBMIT.confirm")}
            validate={() => f.form.trigger()}
          >
            {t("grants.report.submit")}
          </ConfirmSubmit>
        </div>
      </Form>
    </>
  );
}

type SummaryRow = {
  code: IndicatorCode;
  breakdowns: Partial<Record<Breakdown, Record<string, { inPeriod: number | null; cumulative: number | null }>>>;
};

/** A breakdown cell: its number, or the mark of a hidden one with the reason for screen readers and on hover. */
function Count({ n }: { n: number | null | undefined }) {
  const { t, i18n } = useTranslation();
  if (n === null)
    return (
      <span
        className="hidden-cell"
        title={t("grants.disclosure.cellTitle")}
        aria-label={t("grants.disclosure.cellTitle")}
        data-hidden="true"
      >
        {HIDDEN_MARK}
      </span>
    );
  return <>{formatNumber(n ?? 0, i18n.language as Locale)}</>;
}

/** Why some breakdown cells are hidden, under the tables (only when one is). */
export function HiddenCellsNote({ threshold }: { threshold: number | null }) {
  const { t } = useTranslation();
  return (
    <p className="hint" data-testid="hidden-note">
      {t("grants.disclosure.note", { mark: HIDDEN_MARK, threshold })}
    </p>
  );
}

export function BreakdownTable({
  breakdown,
  rows,
  ageScheme,
}: {
  breakdown: Breakdown;
  rows: SummaryRow[];
  ageScheme: keyof typeof AGE_GROUPS;
}) {
  const { t } = useTranslation();
  const shown = rows.filter((r) => r.breakdowns[breakdown]);
  const cats = breakdownCategories(breakdown, ageScheme, shown).map((key) => ({
    key,
    label: categoryLabel(t, breakdown, key),
  }));
  return (
    // On a phone the table scrolls in its box, not the page.
    <div className="table-scroll">
      <table data-breakdown={breakdown}>
        <caption>{t(`grants.breakdowns.${breakdown}`)}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t("grants.indicator")}
            </th>
            {cats.map((c) => (
              <th key={c.key} scope="colgroup" colSpan={2} className="num">
                {c.label}
              </th>
            ))}
          </tr>
          <tr>
            {cats.map((c) => [
              <th key={`${c.key}-p`} scope="col" className="num">
                {t("grants.report.inPeriodShort")}
              </th>,
              <th key={`${c.key}-c`} scope="col" className="num">
                {t("grants.report.cumulativeShort")}
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.code} data-indicator={r.code}>
              <th scope="row">{t(`indicators.${r.code}`)}</th>
              {cats.map((c) => {
                const v = r.breakdowns[breakdown]?.[c.key];
                return [
                  <td key={`${c.key}-p`} className="num">
                    <Count n={v ? v.inPeriod : 0} />
                  </td>,
                  <td key={`${c.key}-c`} className="num">
                    <Count n={v ? v.cumulative : 0} />
                  </td>,
                ];
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type PeriodView = ReturnType<typeof getPeriodReport>;

/** The period's indicators: baseline, target, in the period and cumulative (each a link to its list), % of target, left out. */
export function IndicatorTable({
  rows,
  seq,
  endsOn,
  base,
}: {
  rows: PeriodView["rows"];
  seq: number;
  endsOn: string;
  /** The period page's path; the drill-down links add their query to it. */
  base: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const date = (s: string) => formatDate(s, locale, "UTC");
  const num = (n: number) => formatNumber(n, locale);
  const drillLink = (code: IndicatorCode, list: DrillList) => `${base}?drill=${code}&list=${list}#drill`;
  return (
    <table>
      <caption className="visually-hidden">{t("grants.report.heading", { n: seq })}</caption>
      <thead>
        <tr>
          <th scope="col">{t("grants.indicator")}</th>
          <th scope="col">{t("grants.unit")}</th>
          <th scope="col" className="num">
            {t("grants.baseline")}
          </th>
          <th scope="col" className="num">
            {t("grants.target")}
          </th>
          <th scope="col" className="num">
            {t("grants.report.inPeriod")}
          </th>
          <th scope="col" className="num">
            {t("grants.report.cumulative")}
          </th>
          <th scope="col" className="num">
            {t("grants.report.percentOfTarget")}
          </th>
          <th scope="col" className="num">
            {t("grants.report.leftOut")}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.code} data-indicator={r.code}>
            <th scope="row">
              {t(`indicators.${r.code}`)}
              {r.kind === "stock" ? (
                <span className="hint"> ({t("grants.report.stockHint", { date: date(endsOn) })})</span>
              ) : null}
            </th>
            <td>{t(`grants.units.${r.unit}`)}</td>
            <td className="num">{r.baseline == null ? "—" : num(r.baseline)}</td>
            <td className="num">{r.target == null ? "—" : num(r.target)}</td>
            <td className="num" data-cell="in-period">
              <Link
                to={drillLink(r.code, "period")}
                aria-label={t("grants.report.drillAria", {
                  indicator: t(`indicators.${r.code}`),
                  value: num(r.inPeriod),
                })}
              >
                {num(r.inPeriod)}
              </Link>
            </td>
            <td className="num" data-cell="cumulative">
              <Link
                to={drillLink(r.code, "cumulative")}
                aria-label={t("grants.report.drillAria", {
                  indicator: t(`indicators.${r.code}`),
                  value: num(r.cumulative),
                })}
              >
                {num(r.cumulative)}
              </Link>
            </td>
            <td className="num">
              {r.percentOfTarget == null
                ? "—"
                : `${formatNumber(r.percentOfTarget, locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`}
            </td>
            <td className="num">
              {r.excludedTotal > 0 ? (
                <Link
                  to={drillLink(r.code, "excluded")}
                  aria-label={t("grants.report.leftOutAria", {
                    indicator: t(`indicators.${r.code}`),
                    count: r.excludedTotal,
                  })}
                >
                  {num(r.excludedTotal)}
                </Link>
              ) : (
                "0"
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One indicator's list behind a figure: the codes (or housing units) counted, with the day each counts. */
export function DrillSection({ drill }: { drill: NonNullable<ReturnType<typeof drillDown>> }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const date = (s: string) => formatDate(s, locale, "UTC");
  const num = (n: number) => formatNumber(n, locale);
  return (
    <section id="drill" className="panel" aria-labelledby="drill-title" tabIndex={-1}>
      <h2 id="drill-title">
        {t(`indicators.${drill.code}`)}: {t(`grants.report.lists.${drill.list}`)}{" "}
        <span className="count" data-testid="drill-value">
          {num(drill.value)}
        </span>
      </h2>
      <p className="hint">
        {drill.unit === "places" ? t("grants.report.drillPlacesHint") : t("grants.report.drillPersonsHint")}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{drill.unit === "places" ? t("grants.report.unitName") : t("grants.report.code")}</th>
            <th scope="col">{t("grants.report.countedOn")}</th>
            {drill.unit === "places" ? (
              <th scope="col" className="num">
                {t("grants.units.places")}
              </th>
            ) : null}
            {drill.list === "excluded" ? <th scope="col">{t("grants.report.missing")}</th> : null}
          </tr>
        </thead>
        <tbody data-testid="drill-list">
          {drill.items.map((i, n) => (
            <tr key={`${i.code}-${n}`}>
              <td>{n + 1}</td>
              <td>
                <code>{i.code}</code>
              </td>
              <td>{date(i.on)}</td>
              {drill.unit === "places" ? <td className="num">{num(i.weight)}</td> : null}
              {drill.list === "excluded" ? (
                <td>{i.missing.map((m) => t(`grants.report.missingFields.${m}`)).join(", ")}</td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
