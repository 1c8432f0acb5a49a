import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IndicatorFiguresTable, PeriodLine } from "#app/components/monitoring";
import { monitoringOverview } from "#app/modules/monitoring/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { formatDate } from "#app/utils/format";
import { orErrorPage } from "#app/utils/route.server";
import type { Locale } from "#db/schema/enums";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "monitoring.title" };

/** The monitoring overview (decision 033): the plan areas granted, their plans and the grants' indicators. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:monitoring");
  return orErrorPage(() => monitoringOverview(ctx));
}

export default function MonitoringOverview() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const d = useLoaderData<typeof loader>();
  const scope = d.granted.all
    ? t("monitoring.scopeAll")
    : [
        ...d.granted.countries.map((c) => t("monitoring.scopeCountry", { country: t(`countries.${c}`) })),
        ...(d.granted.municipalities.length
          ? [t("monitoring.scopeAreas", { areas: d.granted.municipalities.join(", ") })]
          : []),
      ].join("; ") || t("monitoring.scopeNone");
  return (
    <>
      <div className="title-row">
        <h1>{t("monitoring.title")}</h1>
        <a href="/monitoring/overview.xlsx" className="button secondary" download>
          {t("monitoring.exportXlsx")}
        </a>
      </div>
      <p className="lead">{t("monitoring.lead")}</p>
      <p data-testid="monitoring-scope">
        <strong>{t("monitoring.scope")}:</strong> {scope}
      </p>

      <section aria-labelledby="areas-title">
        <h2 id="areas-title">{t("monitoring.areas")}</h2>
        {d.areas.length === 0 ? (
          <p>{t("monitoring.noAreas")}</p>
        ) : (
          <table className="cards-on-phone">
            <caption className="visually-hidden">{t("monitoring.areas")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("monitoring.area")}</th>
                <th scope="col">{t("monitoring.plan")}</th>
                <th scope="col">{t("monitoring.planState")}</th>
                <th scope="col">{t("plans.milestones")}</th>
                <th scope="col" className="num">
                  {t("monitoring.institutionCount")}
                </th>
                <th scope="col" className="num">
                  {t("monitoring.grantCount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.areas.map((a) => (
                <tr key={a.id} data-area={a.id}>
                  <td>
                    <Link to={`/monitoring/municipalities/${a.id}`}>{a.name}</Link>
                    {a.region ? <span className="muted"> · {a.region}</span> : null}
                  </td>
                  <td data-label={t("monitoring.plan")}>
                    {a.plans.length === 0 ? t("monitoring.noPlan") : a.plans.map((p) => p.title).join("; ")}
                  </td>
                  <td data-label={t("monitoring.planState")}>
                    {a.plans
                      .map(
                        (p) =>
                          `${t(`plans.states.${p.state}`)}${p.adoptedOn ? ` (${formatDate(p.adoptedOn, locale)})` : ""}`,
                      )
                      .join("; ") || "—"}
                  </td>
                  <td data-label={t("plans.milestones")}>
                    {a.plans.map((p) => (
                      <span key={p.id} className="milestone-counts">
                        {t("monitoring.milestoneCounts", {
                          achieved: p.milestoneCounts.achieved,
                          late: p.milestoneCounts.missed,
                          open: p.milestoneCounts.on_track + p.milestoneCounts.at_risk,
                        })}
                      </span>
                    ))}
                  </td>
                  <td data-label={t("monitoring.institutionCount")} className="num">
                    {a.institutions}
                  </td>
                  <td data-label={t("monitoring.grantCount")} className="num">
                    {a.grants}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="grants-title">
        <h2 id="grants-title">{t("monitoring.grants")}</h2>
        {d.grants.length === 0 ? <p>{t("monitoring.noGrants")}</p> : null}
        {d.grants.map((g) => (
          <section key={g.id} className="panel" aria-labelledby={`grant-${g.id}`} data-grant={g.id}>
            <h3 id={`grant-${g.id}`}>
              {g.municipalityIds[0] !== undefined ? (
                <Link to={`/monitoring/municipalities/${g.municipalityIds[0]}#grant-${g.id}`}>{g.contractNumber}</Link>
              ) : (
                g.contractNumber
              )}{" "}
              · {g.title}
            </h3>
            <PeriodLine period={g.period} />
            <IndicatorFiguresTable
              caption={t("monitoring.indicatorsOf", { grant: g.contractNumber })}
              rows={g.indicators}
            />
          </section>
        ))}
      </section>
    </>
  );
}
