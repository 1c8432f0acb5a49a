import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "#app/i18next.server";
import { reportCsv, reportFileName } from "#app/modules/grants/export.server";
import { reportForExport } from "#app/modules/grants/reports.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { fileResponse } from "#app/utils/headers.server";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";

/**
 * The period report's table as CSV (a submitted report's changes since submission after it):
 * UTF-8 with a BOM (Excel then reads Polish and Cyrillic letters), or with `?encoding=legacy`
 * the country's Windows code page (1250 PL, 1251 BG).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:grants");
  const r = await orErrorPage(() =>
    reportForExport(ctx, numericParam(params, "grantId"), numericParam(params, "periodId")),
  );
  const locale = await resolveLocale(request, ctx.actor.locale);
  const legacy = new URL(request.url).searchParams.get("encoding") === "legacy";
  const encoding = !legacy ? "utf-8" : r.country === "BG" ? "windows-1251" : "windows-1250";
  const body = reportCsv(await getFixedT(locale), locale, r.content, r.meta, encoding);
  return fileResponse(body, {
    contentType: `text/csv; charset=${encoding}`,
    fileName: reportFileName(r.content, legacy ? `${encoding}.csv` : "csv"),
  });
}
