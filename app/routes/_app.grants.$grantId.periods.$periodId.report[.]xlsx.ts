import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "~/i18next.server";
import { reportFileName, reportWorkbook } from "~/modules/grants/export.server";
import { reportForExport } from "~/modules/grants/reports.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { fileResponse } from "~/utils/headers.server";
import { numericParam } from "~/utils/params.server";
import { orErrorPage } from "~/utils/route.server";

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
