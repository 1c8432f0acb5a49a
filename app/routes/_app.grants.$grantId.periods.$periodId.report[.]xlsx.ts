import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "#app/i18next.server";
import { reportFileName, reportWorkbook } from "#app/modules/grants/export.server";
import { reportForExport } from "#app/modules/grants/reports.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { fileResponse } from "#app/utils/headers.server";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";

/** The period report as XLSX (one sheet per breakdown), in the user's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:grants");
  const r = await orErrorPage(() =>
    reportForExport(ctx, numericParam(params, "grantId"), numericParam(params, "periodId")),
  );
  const locale = await resolveLocale(request, ctx.actor.locale);
  const body = await reportWorkbook(await getFixedT(locale), locale, r.content, r.meta);
  return fileResponse(body, {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    fileName: reportFileName(r.content, "xlsx"),
  });
}
