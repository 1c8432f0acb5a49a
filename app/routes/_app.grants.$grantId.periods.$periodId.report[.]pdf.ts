import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "~/i18next.server";
import { reportFileName } from "~/modules/grants/export.server";
import { reportPdf } from "~/modules/grants/pdf.server";
import { reportForExport } from "~/modules/grants/reports.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { numericParam } from "~/utils/params.server";
import { orErrorPage } from "~/utils/route.server";

/** The period report as a print-ready PDF, in the user's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:grants");
  const r = await orErrorPage(() => reportForExport(ctx, numericParam(params, "grantId"), numericParam(params, "periodId")));
  const locale = await resolveLocale(request, ctx.actor.locale);
  const body = await reportPdf(await getFixedT(locale), locale, r.content, r.meta);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${reportFileName(r.content, "pdf")}"`,
      "Cache-Control": "no-store",
    },
  });
}
