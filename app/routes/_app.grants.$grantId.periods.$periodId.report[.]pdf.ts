import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "~/i18next.server";
import { reportFileName } from "~/modules/grants/export.server";
import { reportPdf } from "~/modules/grants/pdf.server";
import { reportForExport } from "~/modules/grants/reports.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { fileResponse } from "~/utils/headers.server";
import { numericParam } from "~/utils/params.server";
import { orErrorPage } from "~/utils/route.server";

/** The period report as a print-ready PDF, in the user's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:grants");
  const r = await orErrorPage(() =>
    reportForExport(ctx, numericParam(params, "grantId"), numericParam(params, "periodId")),
  );
  const locale = await resolveLocale(request, ctx.actor.locale);
  const body = await reportPdf(await getFixedT(locale), locale, r.content, r.meta);
  return fileResponse(body, { contentType: "application/pdf", fileName: reportFileName(r.content, "pdf") });
}
