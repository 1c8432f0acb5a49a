import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IndicatorFiguresTable, PeriodLine } from "#app/components/monitoring";
import { monitoringInstitution } from "#app/modules/monitoring/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { formatDate, formatNumber } from "#app/utils/format";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";
import type { Locale } from "#db/schema/enums";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "monitoring.institutionTitle" };

/** One institution of a monitored area: its totals, never its people (decision 033). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:monitoring");
  return orErrorPage(() => monitoringInstitution(ctx, numericParam(params, "institutionId")));
}

export default function MonitoringInstitution() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/monitoring/municipalities/${d.area.id}`}>← {d.area.name}</Link>
      </p>
      <h1>{d.institution.name}</h1>
      <p className="lead">
        {t(`institutions.kinds.${d.institution.kind}`)}
        {d.institution.places !== null
          ? ` · ${t("monitoring.placesN", { n: formatNumber(d.institution.places, locale) })}`
          : ""}
      </p>
      <p className="hint">{t("monitoring.institutionHint")}</p>

      <section aria-labelledby="grants-title">
        <h2 id="grants-title">{t("monitoring.grants")}</h2>
        {d.grants.length === 0 ? <p>{t("monitoring.noGrants")}</p> : null}
        {d.grants.map((g) => (
          <section key={g.id} className="panel" aria-labelledby={`grant-${g.id}`} data-grant={g.id}>
            <h3 id={`grant-${g.id}`}>
              {g.contractNumber} · {g.title}
            </h3>
            <PeriodLine period={g.period} />
            <IndicatorFiguresTable
              caption={t("monitoring.contributionTo", { grant: g.contractNumber })}
              rows={g.indicators}
              targetLabel={t("monitoring.grantTarget")}
            />
          </section>
        ))}
      </section>

      <section aria-labelledby="plans-title">
        <h2 id="plans-title">{t("monitoring.plans")}</h2>
        {d.plans.length === 0 ? <p>{t("monitoring.noPlan")}</p> : null}
        {d.plans.map((p) => (
          <section key={p.id} className="panel" aria-labelledby={`plan-${p.id}`}>
            <h3 id={`plan-${p.id}`}>{p.title}</h3>
            <p className="muted">
              {t("monitoring.countedFrom", { from: formatDate(p.periodFrom, locale), to: formatDate(p.until, locale) })}
            </p>
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">{p.title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("grants.indicator")}</th>
                    <th scope="col" className="num">
                      {t("monitoring.actual")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.counts.map((c) => (
                    <tr key={c.code} data-indicator={c.code}>
                      <th scope="row">{t(`indicators.${c.code}`)}</th>
                      <td className="num">{formatNumber(c.value, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
      </section>
    </>
  );
}
