import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "#app/i18next.server";
import { planCurrency } from "#app/modules/plans/costs";
import { actionsWorkbook } from "#app/modules/plans/export.server";
import { actionStatuses, getPlanVersion } from "#app/modules/plans/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { fileResponse } from "#app/utils/headers.server";
import { numericParam, versionQuery } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";

/** The actions table of a version of the plan (`?version=n`, else the latest) as XLSX, in the user's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:plans");
  const { plan, version, country } = await orErrorPage(() =>
    getPlanVersion(ctx, numericParam(params, "planId"), versionQuery(request)),
  );
  const t = await getFixedT(await resolveLocale(request, ctx.actor.locale));
  const body = await actionsWorkbook(
    t,
    plan.title,
    version.content,
    actionStatuses(ctx, plan.id, version.content),
    planCurrency(version.content, country),
  );
  const name = `plan-${plan.id}-v${version.number}-actions.xlsx`;
  return fileResponse(body, {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    fileName: name,
  });
}
