import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "#app/i18next.server";
import { reportFileName } from "#app/modules/grants/export.server";
import { reportPdf } from "#app/modules/grants/pdf.server";
import { grantProgress, reportForExport } from "#app/modules/grants/reports.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { fileResponse } from "#app/utils/headers.server";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";

/** The period report as a print-ready PDF, in the user's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:grants");
  const grantId = await orErrorPage(() => numericParam(params, "grantId"));
  const r = await orErrorPage(() => reportForExport(ctx, grantId, numericParam(params, "periodId")));
  const locale = await resolveLocale(request, ctx.actor.locale);
  // The progress charts up to this period (totals only, as the grant dashboard shows them).
  const charts = grantProgress(ctx, grantId).indicators.map((i) => ({
    code: i.code,
    target: i.target,
    points: i.points.filter((p) => p.seq <= r.content.period.seq),
  }));
  const body = await reportPdf(await getFixedT(locale), locale, r.content, r.meta, charts);
  return fileResponse(body, { contentType: "application/pdf", fileName: reportFileName(r.content, "pdf") });
}
