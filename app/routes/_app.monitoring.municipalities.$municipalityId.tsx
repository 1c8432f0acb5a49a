import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BurnupChart, GrantProgressChart } from "#app/components/charts";
import { IndicatorFiguresTable, PeriodLine } from "#app/components/monitoring";
import { BreakdownTable, HiddenCellsNote } from "#app/components/period-report";
import { BREAKDOWNS } from "#app/modules/indicators/definitions";
import { monitoringArea } from "#app/modules/monitoring/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { formatDate, formatNumber } from "#app/utils/format";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";
import type { Locale } from "#db/schema/enums";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "monitoring.areaTitle" };

/** One monitored plan area (decision 033); outside the grant: 404, nothing shown. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:monitoring");
  return orErrorPage(() => monitoringArea(ctx, numericParam(params, "municipalityId")));
}

export default function MonitoringArea() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/monitoring">← {t("monitoring.title")}</Link>
      </p>
      <h1>{d.area.name}</h1>
      <p className="lead">
        {t(`municipalities.kinds.${d.area.kind}`)} · {t(`countries.${d.area.country}`)}
        {d.area.region ? ` · ${d.area.region}` : ""}
      </p>

      <section aria-labelledby="plans-title">
        <h2 id="plans-title">{t("monitoring.plans")}</h2>
        {d.plans.length === 0 ? <p>{t("monitoring.noPlan")}</p> : null}
        {d.plans.map((p) => (
          <section key={p.id} className="panel" aria-labelledby={`plan-${p.id}`} data-plan={p.id}>
            <h3 id={`plan-${p.id}`}>{p.title}</h3>
            <dl className="facts">
              <dt>{t("monitoring.planState")}</dt>
              <dd data-testid={`plan-state-${p.id}`}>
                {t(`plans.states.${p.state}`)} · {t("plans.versionN", { number: p.version })}
              </dd>
              {p.resolutionNumber ? (
                <>
                  <dt>{t("plans.resolutionNumber")}</dt>
                  <dd>
                    {p.resolutionNumber}
                    {p.adoptedOn ? ` (${formatDate(p.adoptedOn, locale)})` : ""}
                  </dd>
                </>
              ) : null}
              {p.periodFrom && p.periodTo ? (
                <>
                  <dt>{t("plans.period")}</dt>
                  <dd>
                    {formatDate(p.periodFrom, locale)} – {formatDate(p.periodTo, locale)}
                  </dd>
                </>
              ) : null}
            </dl>
            {p.milestones.length === 0 ? (
              <p>{t("plans.noItems")}</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <caption>{t("plans.milestones")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("plans.date")}</th>
                      <th scope="col">{t("plans.milestone")}</th>
                      <th scope="col">{t("plans.status")}</th>
                      <th scope="col">{t("plans.targetsActual")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.milestones.map((m, i) => (
                      <tr key={i} data-status={m.status ?? ""}>
                        <td>{formatDate(m.date, locale)}</td>
                        <td>{m.title}</td>
                        <td>{m.status ? t(`plans.milestoneStatuses.${m.status}`) : "—"}</td>
                        <td>
                          {m.targets
                            .map(
                              (x) =>
                                `${t(`indicators.${x.code}`)}: ${formatNumber(x.actual, locale)} / ${formatNumber(x.target, locale)}`,
                            )
                            .join("; ")}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <div className="charts">
              {p.charts.map((c) => (
                <div key={c.code} className="chart-box">
                  <h4>{t(`indicators.${c.code}`)}</h4>
                  <p>
                    {t("plans.dashboard.progress", {
                      actual: formatNumber(c.actual, locale),
                      target: formatNumber(c.finalTarget, locale),
                    })}
                  </p>
                  <BurnupChart title={t(`indicators.${c.code}`)} points={c.series} />
                </div>
              ))}
            </div>
          </section>
        ))}
      </section>

      <section aria-labelledby="institutions-title">
        <h2 id="institutions-title">{t("monitoring.institutions")}</h2>
        {d.institutions.length === 0 ? (
          <p>{t("monitoring.noInstitutions")}</p>
        ) : (
          <ul className="cards">
            {d.institutions.map((i) => (
              <li key={i.id} className="card">
                <Link to={`/monitoring/institutions/${i.id}`}>{i.name}</Link>
                <p className="muted">{t(`institutions.kinds.${i.kind}`)}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="grants-title">
        <h2 id="grants-title">{t("monitoring.grants")}</h2>
        {d.grants.length === 0 ? <p>{t("monitoring.noGrants")}</p> : null}
        {d.grants.map((g) => (
          <section key={g.id} id={`grant-${g.id}`} className="panel" aria-labelledby={`grant-title-${g.id}`}>
            <h3 id={`grant-title-${g.id}`}>
              {g.contractNumber} · {g.title}
            </h3>
            <p className="muted">{g.institutions.map((i) => i.name).join("; ")}</p>
            <PeriodLine period={g.period} />
            <IndicatorFiguresTable
              caption={t("monitoring.indicatorsOf", { grant: g.contractNumber })}
              rows={g.indicators}
            />
            <div className="charts">
              {g.progress.map((i) => (
                <div key={i.code} className="chart-box">
                  <h4>{t(`indicators.${i.code}`)}</h4>
                  <GrantProgressChart title={t(`indicators.${i.code}`)} target={i.target} points={i.points} />
                </div>
              ))}
            </div>
            <details>
              <summary>{t("monitoring.breakdowns")}</summary>
              {BREAKDOWNS.map((b) => (
                <BreakdownTable key={b} breakdown={b} rows={g.breakdowns} ageScheme={g.ageScheme} />
              ))}
              {g.disclosure?.hidden ? <HiddenCellsNote threshold={g.disclosure.threshold} /> : null}
            </details>
          </section>
        ))}
      </section>
    </>
  );
}
