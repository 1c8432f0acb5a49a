import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IndicatorFiguresTable, PeriodLine } from "#app/components/monitoring";
import { ALL_REGIONS } from "#app/modules/monitoring/regions";
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
  // An empty `region` (a hand-edited address) is the overview as it opens.
  const region = new URL(request.url).searchParams.get("region") || null;
  return orErrorPage(() => monitoringOverview(ctx, region));
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
  const milestoneLine = (c: { achieved: number; missed: number; on_track: number; at_risk: number }) =>
    t("monitoring.milestoneCounts", { achieved: c.achieved, late: c.missed, open: c.on_track + c.at_risk });
  // The regions lead when none is chosen; once one is, its areas and grants do, the regions below.
  const regionsSection = d.regions ? (
    <section aria-labelledby="regions-title">
      <h2 id="regions-title">{t("monitoring.regions")}</h2>
      {!d.listed ? (
        <p data-testid="choose-region">
          {t("monitoring.chooseRegion", { areas: d.totals.areas, grants: d.totals.grants })}{" "}
          <Link to={`?region=${ALL_REGIONS}`}>{t("monitoring.showAll")}</Link>
        </p>
      ) : null}
      <table className="cards-on-phone" data-testid="regions">
        <caption className="visually-hidden">{t("monitoring.regions")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("monitoring.region")}</th>
            <th scope="col">{t("monitoring.country")}</th>
            <th scope="col" className="num">
              {t("monitoring.areas")}
            </th>
            <th scope="col" className="num">
              {t("monitoring.plans")}
            </th>
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
          {d.regions.map((r) => (
            <tr key={r.key} data-region={r.key}>
              <td>
                <Link
                  to={`?region=${encodeURIComponent(r.key)}`}
                  aria-current={d.region === r.key ? "page" : undefined}
                >
                  {r.name ?? t("monitoring.noRegion")}
                </Link>
              </td>
              <td data-label={t("monitoring.country")}>{t(`countries.${r.country}`)}</td>
              <td data-label={t("monitoring.areas")} className="num">
                {r.areas}
              </td>
              <td data-label={t("monitoring.plans")} className="num">
                {r.plans}
              </td>
              <td data-label={t("plans.milestones")}>{milestoneLine(r.milestoneCounts)}</td>
              <td data-label={t("monitoring.institutionCount")} className="num">
                {r.institutions}
              </td>
              <td data-label={t("monitoring.grantCount")} className="num">
                {r.grants}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  ) : null;
  const shownLine =
    d.listed && d.region !== null && d.regions ? (
      <p data-testid="region-shown">
        <strong>
          {d.region === ALL_REGIONS
            ? t("monitoring.allShown")
            : t("monitoring.regionShown", {
                region: d.regions.find((r) => r.key === d.region)?.name ?? t("monitoring.noRegion"),
              })}
        </strong>{" "}
        · <Link to="/monitoring">{t("monitoring.allRegions")}</Link>
      </p>
    ) : null;

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

      {shownLine}
      {d.region === null ? regionsSection : null}

      {d.listed ? (
        <>
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
                            {milestoneLine(p.milestoneCounts)}
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
                    <Link to={`/monitoring/municipalities/${g.municipalityIds[0]}#grant-${g.id}`}>
                      {g.contractNumber}
                    </Link>
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
      ) : null}
      {d.region !== null ? regionsSection : null}
    </>
  );
}
