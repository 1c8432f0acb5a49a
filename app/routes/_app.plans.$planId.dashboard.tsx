import { LateItems } from "#app/components/working-group-forms";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { BurnupChart } from "#app/components/charts";
import { planDashboard } from "#app/modules/plans/dashboard.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { formatDate, formatNumber } from "#app/utils/format";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";

export const handle = { titleKey: "plans.dashboard.title" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:plans");
  return orErrorPage(() => planDashboard(ctx, numericParam(params, "planId")));
}

export default function PlanDashboard() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/plans/${d.plan.id}`}>← {d.plan.title}</Link>
      </p>
      <h1>{t("plans.dashboard.title")}</h1>
      <p className="lead">
        {d.plan.title} · {t("plans.versionN", { number: d.version })}
      </p>
      {d.ended ? <p role="note">{t("plans.dashboard.ended", { date: formatDate(d.ended, locale) })}</p> : null}
      {d.charts.length === 0 ? <p>{t("plans.dashboard.noTargets")}</p> : null}
      <div className="charts">
        {d.charts.map((c) => (
          <section key={c.code} aria-labelledby={`chart-${c.code}`} className="panel">
            <h2 id={`chart-${c.code}`}>{t(`indicators.${c.code}`)}</h2>
            <p>
              {t("plans.dashboard.progress", {
                actual: formatNumber(c.actual, locale),
                target: formatNumber(c.finalTarget, locale),
              })}{" "}
              {c.reached
                ? t("plans.dashboard.reached")
                : d.ended
                  ? t("plans.dashboard.notReached")
                  : c.reachOn
                    ? t("plans.dashboard.reachOn", { date: formatDate(c.reachOn, locale) })
                    : t("plans.dashboard.noPace")}
            </p>
            <BurnupChart title={t(`indicators.${c.code}`)} points={c.series} periodEnd={c.periodEnd} />
          </section>
        ))}
      </div>
      <section aria-labelledby="late-title" className="panel">
        <h2 id="late-title">{t("plans.dashboard.lateActions")}</h2>
        {d.lateActions.length === 0 ? (
          <p>{t("plans.noItems")}</p>
        ) : (
          <ul>
            {d.lateActions.map((a) => (
              <li key={a.id}>
                {a.title} — {a.owner}, {t("plans.deadline")}: {formatDate(a.deadline, locale)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <LateItems planId={d.plan.id} items={d.lateItems} />
      <section aria-labelledby="next-title" className="panel">
        <h2 id="next-title">{t("plans.dashboard.nextMilestones")}</h2>
        {d.nextMilestones.length === 0 ? (
          <p>{t("plans.noItems")}</p>
        ) : (
          <ul>
            {d.nextMilestones.map((m) => (
              <li key={m.id}>
                {formatDate(m.date, locale)} — {m.title}: {m.status ? t(`plans.milestoneStatuses.${m.status}`) : "—"}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
