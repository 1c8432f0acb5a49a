import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { GrantProgressChart } from "#app/components/charts";
import { grantProgress } from "#app/modules/grants/reports.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { formatDate, formatNumber } from "#app/utils/format";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";

export const handle = { titleKey: "grants.dashboard" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:grants");
  const id = numericParam(params, "grantId");
  return orErrorPage(() => grantProgress(ctx, id));
}

export default function GrantDashboard() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { grant, indicators } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/grants/${grant.id}`}>
          {grant.contractNumber} · {grant.title}
        </Link>
      </p>
      <h1>{t("grants.dashboard")}</h1>
      <p className="lead">{t("grants.dashboardLead")}</p>
      {indicators.length === 0 ? <p>{t("grants.noTargets")}</p> : null}
      <div className="charts">
        {indicators.map((i) => {
          const last = i.points.at(-1)?.live ?? 0;
          return (
            <section key={i.code} className="panel" aria-labelledby={`ind-${i.code}`}>
              <h2 id={`ind-${i.code}`}>{t(`indicators.${i.code}`)}</h2>
              <p data-testid={`progress-${i.code}`}>
                {t("grants.progressOf", {
                  value: formatNumber(last, locale),
                  target: formatNumber(i.target, locale),
                  unit: t(`grants.units.${i.unit}`),
                })}
              </p>
              <GrantProgressChart title={t(`indicators.${i.code}`)} target={i.target} points={i.points} />
              <details>
                <summary>{t("grants.dashboardTable")}</summary>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("grants.periodColumn")}</th>
                      <th scope="col">{t("grants.endsOn")}</th>
                      <th scope="col" className="num">
                        {t("grants.dashboardLive")}
                      </th>
                      <th scope="col" className="num">
                        {t("grants.dashboardSubmitted")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {i.points.map((p) => (
                      <tr key={p.seq}>
                        <th scope="row">{t("grants.periodN", { n: p.seq })}</th>
                        <td>{formatDate(p.endsOn, locale, "UTC")}</td>
                        <td className="num">{formatNumber(p.live, locale)}</td>
                        <td className="num">{p.submitted == null ? "—" : formatNumber(p.submitted, locale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </section>
          );
        })}
      </div>
    </>
  );
}
