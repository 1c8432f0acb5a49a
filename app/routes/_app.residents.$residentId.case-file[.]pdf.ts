import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "~/i18next.server";
import { caseFilePdf } from "~/modules/case-file/pdf.server";
import { caseFile } from "~/modules/case-file/service.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { fileResponse } from "~/utils/headers.server";
import { residentIdParam } from "~/utils/params.server";
import { orErrorPage } from "~/utils/route.server";

/** A resident's printable case file (PDF, the user's language): for those who may see personal data; audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  const file = await orErrorPage(() => caseFile(ctx, residentIdParam(params)));
  const locale = await resolveLocale(request, ctx.actor.locale);
  const body = await caseFilePdf(await getFixedT(locale), locale, file);
  return fileResponse(body, { contentType: "application/pdf", fileName: `case-file-${file.resident.code}.pdf` });
}
