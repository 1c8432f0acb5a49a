import type { LoaderFunctionArgs } from "@remix-run/node";
import { subjectAccessZip } from "#app/modules/privacy/subject-access.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { fileResponse } from "#app/utils/headers.server";
import { residentIdParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";

/**
 * A resident's complete data, machine-readable (GDPR art. 15 and 20): a ZIP of `data.json`
 * (docs/subject-access-export.md) and the documents' files; audited.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "export:resident-data");
  const id = await orErrorPage(() => residentIdParam(params));
  const zip = await orErrorPage(() => subjectAccessZip(ctx, id));
  return fileResponse(zip.bytes, { contentType: "application/zip", fileName: `personal-data-${zip.code}.zip` });
}
