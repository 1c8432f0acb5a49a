import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MEETING_DOCUMENT_KINDS, type Locale } from "../../db/schema/enums";
import { DocumentList, DocumentUploadForm } from "~/components/documents";
import { documentAction } from "~/modules/documents/route.server";
import { meetingDocumentsPage, removeMeetingDocument, uploadMeetingDocument } from "~/modules/documents/service.server";
import { meetingUploadSchema, removeDocumentSchema } from "~/modules/documents/schemas.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import { numericParam } from "~/utils/params.server";
import { orErrorPage } from "~/utils/route.server";
import { useCan } from "~/utils/user";
import { revalidateOnConflict } from "~/utils/revalidate";

export const handle = { titleKey: "documents.meetingTitle" };
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:plans");
  return orErrorPage(() =>
    meetingDocumentsPage(ctx, numericParam(params, "planId"), numericParam(params, "meetingId")),
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:plans");
  const [planId, meetingId] = await orErrorPage(
    () => [numericParam(params, "planId"), numericParam(params, "meetingId")] as const,
  );
  return documentAction(request, `/plans/${planId}/group/meetings/${meetingId}`, {
    uploadSchema: meetingUploadSchema,
    removeSchema: removeDocumentSchema,
    upload: (input, file) => uploadMeetingDocument(ctx, planId, meetingId, input, file),
    remove: (input) => removeMeetingDocument(ctx, planId, meetingId, input),
  });
}

export default function MeetingDocuments() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { plan, meeting, documents, today, timeZone } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:plans");
  const base = `/plans/${plan.id}/group/meetings/${meeting.id}`;
  return (
    <>
      <p>
        <Link to={`/plans/${plan.id}/group`}>← {plan.title}</Link>
      </p>
      <h1>{t("documents.meetingHeading", { date: formatDate(meeting.heldOn, locale) })}</h1>
      <section aria-labelledby="list-title" className="panel">
        <h2 id="list-title">{t("documents.title")}</h2>
        <DocumentList
          documents={documents}
          href={(d) => `${base}/documents/${d}`}
          removable={canWrite}
          timeZone={timeZone}
        />
      </section>
      {canWrite ? (
        <section aria-labelledby="upload-title" className="panel">
          <h2 id="upload-title">{t("documents.uploadMinutes")}</h2>
          <DocumentUploadForm key={documents.length} kinds={MEETING_DOCUMENT_KINDS} today={today} schema="meeting" />
        </section>
      ) : null}
    </>
  );
}
