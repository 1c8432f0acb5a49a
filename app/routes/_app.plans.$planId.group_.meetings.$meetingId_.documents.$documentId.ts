import type { LoaderFunctionArgs } from "@remix-run/node";
import { openMeetingDocument } from "#app/modules/documents/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { fileResponse } from "#app/utils/headers.server";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";

/** A meeting's minutes, always as a download (never shown inline); the read is audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:plans");
  const doc = await orErrorPage(() =>
    openMeetingDocument(
      ctx,
      numericParam(params, "planId"),
      numericParam(params, "meetingId"),
      numericParam(params, "documentId"),
    ),
  );
  return fileResponse(doc.bytes, { contentType: doc.contentType, fileName: doc.fileName });
}
