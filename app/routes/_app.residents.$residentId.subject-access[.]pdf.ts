import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "~/i18next.server";
import { caseFilePdf } from "~/modules/case-file/pdf.server";
import { subjectAccessFile } from "~/modules/privacy/subject-access.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { fileResponse } from "~/utils/headers.server";
import { residentIdParam } from "~/utils/params.server";
import { orErrorPage } from "~/utils/route.server";

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
