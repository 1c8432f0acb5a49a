import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "../../db/schema/enums";
import { GrantProgressChart } from "~/components/grant-progress-chart";
import { grantProgress } from "~/modules/grants/reports.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { formatNumber } from "~/utils/format";
import { numericParam } from "~/utils/params.server";
import { orErrorPage } from "~/utils/route.server";

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
      <div className="charts grid-2">
        {indicators.map((i) => {
          const last = i.points.at(-1)?.live ?? 0;
          return (
            <section key={i.code} className="panel" aria-labelledby={`ind-${i.code}`}>
              <h2 id={`ind-${i.code}`}>{t(`indicators.${i.code}`)}</h2>
              <p data-testid={`progress-${i.code}`}>
                {t("grants.progressOf", { value: formatNumber(last, locale), target: formatNumber(i.target, locale), unit: t(`grants.units.${i.unit}`) })}
              </p>
              <GrantProgressChart title={t(`indicators.${i.code}`)} target={i.target} points={i.points} />
            </section>
          );
        })}
      </div>
    </>
  );
}
