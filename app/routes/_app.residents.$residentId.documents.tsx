import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RESIDENT_DOCUMENT_KINDS } from "#db/schema/enums";
import { DocumentList, DocumentUploadForm } from "#app/components/documents";
import { documentAction } from "#app/modules/documents/route.server";
import {
  removeResidentDocument,
  residentDocumentsPage,
  uploadResidentDocument,
} from "#app/modules/documents/service.server";
import { removeDocumentSchema, residentUploadSchema } from "#app/modules/documents/schemas.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { residentIdParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "documents.title" };
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  return orErrorPage(() => residentDocumentsPage(ctx, residentIdParam(params)));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  const id = await orErrorPage(() => residentIdParam(params));
  return documentAction(request, `/residents/${id}/documents`, {
    uploadSchema: residentUploadSchema,
    removeSchema: removeDocumentSchema,
    upload: (input, file) => uploadResidentDocument(ctx, id, input, file),
    remove: (input) => removeResidentDocument(ctx, id, input),
  });
}

export default function ResidentDocuments() {
  const { t } = useTranslation();
  const { resident, documents, steps, today, timeZone } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:transitions");
  const base = `/residents/${resident.id}`;
  return (
    <>
      <p>
        <Link to={base}>← {resident.name}</Link>
      </p>
      <h1>{t("documents.titleFor", { name: resident.name })}</h1>
      <p className="hint">{t("documents.lead")}</p>
      <section aria-labelledby="list-title" className="panel">
        <h2 id="list-title">{t("documents.title")}</h2>
        <DocumentList
          documents={documents}
          href={(d) => `${base}/documents/${d}`}
          removable={canWrite}
          timeZone={timeZone}
          today={today}
        />
      </section>
      {canWrite ? (
        <section aria-labelledby="upload-title" className="panel" id="upload">
          <h2 id="upload-title">{t("documents.uploadTitle")}</h2>
          <DocumentUploadForm
            key={documents.length}
            kinds={RESIDENT_DOCUMENT_KINDS}
            steps={steps}
            today={today}
            schema="resident"
          />
        </section>
      ) : null}
    </>
  );
}
