import type { LoaderFunctionArgs } from "@remix-run/node";
import { openResidentDocument } from "#app/modules/documents/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { fileResponse } from "#app/utils/headers.server";
import { numericParam, residentIdParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";

/** A resident's document, always as a download (never shown inline); the read is audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  const doc = await orErrorPage(() =>
    openResidentDocument(ctx, residentIdParam(params), numericParam(params, "documentId")),
  );
  return fileResponse(doc.bytes, { contentType: doc.contentType, fileName: doc.fileName });
}
