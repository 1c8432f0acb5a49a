import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { INDICATOR_CODES, type Locale } from "#db/schema/enums";
import { CONFIRMED_REPORT_EVENTS } from "#machines/steps";
import {
  BreakdownTable,
  CarriedCorrections,
  DrillSection,
  HiddenCellsNote,
  IndicatorTable,
  LateCorrections,
  NarrativeForm,
} from "#app/components/period-report";
import { BREAKDOWNS } from "#app/modules/indicators/definitions";
import {
  drillDown,
  getPeriodReport,
  type DrillList,
  saveNarrative,
  submitReport,
} from "#app/modules/grants/reports.server";
import { narrativeSchema } from "#app/modules/grants/schemas.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { needsConfirmation, parseForm } from "#app/utils/form.server";
import { formatDate, formatDateTime } from "#app/utils/format";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "grants.report.title" };

const LISTS = ["period", "cumulative", "excluded"] as const satisfies readonly DrillList[];

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:grants");
  const grantId = numericParam(params, "grantId");
  const periodId = numericParam(params, "periodId");
  const url = new URL(request.url);
  const drillCode = INDICATOR_CODES.find((c) => c === url.searchParams.get("drill")) ?? null;
  const list = LISTS.find((l) => l === url.searchParams.get("list")) ?? "cumulative";
  return orErrorPage(() => {
    const view = getPeriodReport(ctx, grantId, periodId);
    return {
      grant: {
        id: view.grant.grant.id,
        contractNumber: view.grant.grant.contractNumber,
        title: view.grant.grant.title,
        ageScheme: view.grant.grant.ageScheme,
        timeZone: view.grant.timeZone,
      },
      period: view.period,
      report: view.report,
      integrityOk: view.integrityOk,
      diffs: view.diffs,
      carried: view.carried,
      computedAt: view.computedAt,
      narrative: view.narrative,
      periodOver: view.today > view.period.endsOn,
      rows: view.rows,
      disclosure: view.disclosure,
      drill: drillCode ? drillDown(ctx, view, drillCode, list) : null,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:grants");
  const grantId = numericParam(params, "grantId");
  const periodId = numericParam(params, "periodId");
  const form = await parseForm(request, narrativeSchema);
  if (!form.ok) return form.response;
  const submitting = form.values.intent === "submit";
  const ask = submitting && CONFIRMED_REPORT_EVENTS.includes("SUBMIT") ? needsConfirmation(form.values) : null;
  if (ask) return ask;
  return orFormError(() => {
    if (submitting) {
      submitReport(ctx, grantId, periodId, form.data);
      return redirectWithFlash(`/grants/${grantId}/periods/${periodId}`, { key: "grants.report.submittedFlash" });
    }
    saveNarrative(ctx, grantId, periodId, form.data);
    return redirectWithFlash(`/grants/${grantId}/periods/${periodId}`, { key: "grants.report.narrativeSaved" });
  }, form.values);
}

export default function PeriodReport() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const d = useLoaderData<typeof loader>();
  const canWrite = useCan("write:grants");
  const date = (s: string) => formatDate(s, locale, "UTC");
  const base = `/grants/${d.grant.id}/periods/${d.period.id}`;
  const submitted = d.report?.state === "submitted";
  return (
    <>
      <p>
        <Link to={`/grants/${d.grant.id}`}>
          {d.grant.contractNumber} · {d.grant.title}
        </Link>
      </p>
      <h1>
        {t("grants.report.heading", { n: d.period.seq })}{" "}
        <span className="count">
          {date(d.period.startsOn)} – {date(d.period.endsOn)}
        </span>
      </h1>
      {submitted && d.report ? (
        <div className="panel" role="status">
          <p>
            <strong>{t("grants.report.frozen")}</strong>{" "}
            {t("grants.report.submittedBy", {
              name: d.report.submittedByName ?? "—",
              at: formatDateTime(d.report.submittedAt, locale, d.grant.timeZone),
            })}
          </p>
          <p className="muted">
            {t("grants.report.hash")}: <code className="code">{d.report.contentHash}</code>{" "}
            {d.integrityOk ? (
              t("grants.report.integrityOk")
            ) : (
              <strong className="field-error">{t("grants.report.integrityBroken")}</strong>
            )}
          </p>
        </div>
      ) : (
        <p className="muted" role="status">
          {t("grants.report.live", { at: formatDateTime(d.computedAt, locale, d.grant.timeZone) })}
        </p>
      )}

      {submitted ? <LateCorrections diffs={d.diffs} /> : null}
      {d.carried ? <CarriedCorrections carried={d.carried} /> : null}

      <IndicatorTable rows={d.rows} seq={d.period.seq} endsOn={d.period.endsOn} base={base} />
      <p className="hint">{t("grants.report.completenessHint")}</p>

      <div className="button-row">
        <a className="button secondary" href={`${base}/report.xlsx`} download>
          {t("grants.report.downloadXlsx")}
        </a>
        <a className="button secondary" href={`${base}/report.csv`} download>
          {t("grants.report.downloadCsv")}
        </a>
        <a className="button secondary" href={`${base}/report.csv?encoding=legacy`} download>
          {t("grants.report.downloadCsvLegacy")}
        </a>
        <a className="button secondary" href={`${base}/report.pdf`} download>
          {t("grants.report.downloadPdf")}
        </a>
      </div>

      {d.drill ? <DrillSection drill={d.drill} /> : null}

      <h2>{t("grants.report.breakdownsTitle")}</h2>
      {BREAKDOWNS.map((b) => (
        <BreakdownTable key={b} breakdown={b} rows={d.rows} ageScheme={d.grant.ageScheme} />
      ))}
      {d.disclosure.hidden ? <HiddenCellsNote threshold={d.disclosure.threshold} /> : null}

      <h2>{t("grants.report.narrative")}</h2>
      {submitted || !canWrite ? (
        <dl className="facts">
          <dt>{t("grants.report.problems")}</dt>
          <dd className="prewrap">{d.narrative.problems || "—"}</dd>
          <dt>{t("grants.report.plannedProgress")}</dt>
          <dd className="prewrap">{d.narrative.plannedProgress || "—"}</dd>
        </dl>
      ) : (
        <NarrativeForm
          version={d.report?.version ?? 0}
          narrative={d.narrative}
          periodOver={d.periodOver}
          period={{ n: d.period.seq, from: date(d.period.startsOn), to: date(d.period.endsOn) }}
        />
      )}
    </>
  );
}
