import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "#app/i18next.server";
import { monitoringWorkbook } from "#app/modules/monitoring/export.server";
import { monitoringForExport } from "#app/modules/monitoring/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { fileResponse } from "#app/utils/headers.server";
import { orErrorPage } from "#app/utils/route.server";

/** The monitoring overview as XLSX, in the reader's language; audited (decision 033). */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:monitoring");
  const data = await orErrorPage(() => monitoringForExport(ctx));
  const locale = await resolveLocale(request, ctx.actor.locale);
  const body = await monitoringWorkbook(await getFixedT(locale), locale, data);
  return fileResponse(body, {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    fileName: `monitoring-${data.computedAt.slice(0, 10)}.xlsx`,
  });
}
