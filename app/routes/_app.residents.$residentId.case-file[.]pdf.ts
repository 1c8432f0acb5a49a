import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "#app/i18next.server";
import { caseFilePdf } from "#app/modules/case-file/pdf.server";
import { caseFile } from "#app/modules/case-file/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { fileResponse } from "#app/utils/headers.server";
import { residentIdParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";

/** A resident's printable case file (PDF, the user's language): for those who may see personal data; audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  const file = await orErrorPage(() => caseFile(ctx, residentIdParam(params)));
  const locale = await resolveLocale(request, ctx.actor.locale);
  const body = await caseFilePdf(await getFixedT(locale), locale, file);
  return fileResponse(body, { contentType: "application/pdf", fileName: `case-file-${file.resident.code}.pdf` });
}
