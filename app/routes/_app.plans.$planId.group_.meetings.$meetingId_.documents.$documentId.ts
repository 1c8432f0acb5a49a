import type { LoaderFunctionArgs } from "@remix-run/node";
import { openMeetingDocument } from "~/modules/documents/service.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { fileResponse } from "~/utils/headers.server";
import { numericParam } from "~/utils/params.server";
import { orErrorPage } from "~/utils/route.server";

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
