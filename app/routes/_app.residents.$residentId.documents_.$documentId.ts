import type { LoaderFunctionArgs } from "@remix-run/node";
import { openResidentDocument } from "~/modules/documents/service.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { fileResponse } from "~/utils/headers.server";
import { numericParam, residentIdParam } from "~/utils/params.server";
import { orErrorPage } from "~/utils/route.server";

/** A resident's document, always as a download (never shown inline); the read is audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  const doc = await orErrorPage(() =>
    openResidentDocument(ctx, residentIdParam(params), numericParam(params, "documentId")),
  );
  return fileResponse(doc.bytes, { contentType: doc.contentType, fileName: doc.fileName });
}
