import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "#app/i18next.server";
import { caseFilePdf } from "#app/modules/case-file/pdf.server";
import { subjectAccessFile } from "#app/modules/privacy/subject-access.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { fileResponse } from "#app/utils/headers.server";
import { residentIdParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";

/** A resident's complete data for the person (GDPR art. 15) as a PDF: the case file with recipients, retention and rights; audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "export:resident-data");
  const { file, processing } = await orErrorPage(() => subjectAccessFile(ctx, residentIdParam(params)));
  const locale = await resolveLocale(request, ctx.actor.locale);
  const body = await caseFilePdf(await getFixedT(locale), locale, file, processing);
  return fileResponse(body, {
    contentType: "application/pdf",
    fileName: `personal-data-${file.resident.code}.pdf`,
  });
}
