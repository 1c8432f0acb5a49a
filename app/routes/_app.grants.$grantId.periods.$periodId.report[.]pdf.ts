import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "~/i18next.server";
import { reportFileName } from "~/modules/grants/export.server";
import { reportPdf } from "~/modules/grants/pdf.server";
import { grantProgress, reportForExport } from "~/modules/grants/reports.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { fileResponse } from "~/utils/headers.server";
import { numericParam } from "~/utils/params.server";
import { orErrorPage } from "~/utils/route.server";

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
