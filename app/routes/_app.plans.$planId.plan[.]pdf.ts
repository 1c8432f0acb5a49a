import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "#app/i18next.server";
import { planCurrency } from "#app/modules/plans/costs";
import { planDashboard } from "#app/modules/plans/dashboard.server";
import { catalogueOf } from "#app/modules/plans/diagnosis.server";
import { planPdf } from "#app/modules/plans/pdf.server";
import { actionStatuses, getPlanVersion, milestoneStatuses } from "#app/modules/plans/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { formatDate } from "#app/utils/format";
import { fileResponse } from "#app/utils/headers.server";
import { numericParam, versionQuery } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";

/** The plan (a version, `?version=n`, else the latest) as PDF, in the user's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:plans");
  const d = await orErrorPage(() => getPlanVersion(ctx, numericParam(params, "planId"), versionQuery(request)));
  const locale = await resolveLocale(request, ctx.actor.locale);
  const t = await getFixedT(locale);
  const v = d.version;
  const body = await planPdf(t, locale, {
    title: d.plan.title,
    area: d.municipalityName,
    versionNumber: v.number,
    state: t(`plans.states.${v.state}`),
    adoption: v.adoptedOn
      ? t("plans.adoptedBy", {
          body: v.adoptingBody ?? "",
          number: v.resolutionNumber ?? "",
          date: formatDate(v.adoptedOn, locale),
        })
      : null,
    content: v.content,
    currency: planCurrency(v.content, d.country),
    catalogue: catalogueOf(d.country),
    charts: planDashboard(ctx, d.plan.id, v.number).charts.map((c) => ({
      code: c.code,
      points: c.series,
      periodEnd: c.periodEnd,
    })),
    statuses: actionStatuses(ctx, d.plan.id, v.content),
    milestones: milestoneStatuses(ctx, d.plan.municipalityId, d.country, v.content).map((m) => ({
      ...m,
      targets: m.targets as Record<string, number>,
      actual: m.actual as Record<string, number>,
    })),
    consultation: { comments: d.comments, closedOn: d.report?.closedOn ?? null, summary: d.report?.summary ?? null },
  });
  return fileResponse(body, { contentType: "application/pdf", fileName: `plan-${d.plan.id}-v${v.number}.pdf` });
}
