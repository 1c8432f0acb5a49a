import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { DocumentKind, Locale } from "#db/schema/enums";
import type { DocumentItem } from "#app/modules/documents/service.server";
import { DOCUMENT_ACCEPT, MAX_DOCUMENT_LABEL } from "#app/modules/documents/constants";
import { formatDate, formatDateTime, type DisplayZone } from "#app/utils/format";
import { fileSize } from "#app/modules/documents/format";
import { ConfirmSubmit } from "./confirm-submit";
import { ErrorSummary, ErrorText, Field } from "./form-messages";
import { useValidatedForm } from "./form";

type Doc = Omit<DocumentItem, "step"> & { step: { seq: number; type: string; on: string } | null };

/**
 * The documents of a resident or a meeting: kind, date on the document, the file (a download:
 * the server always sends it as an attachment), who uploaded it and when. A removed one shows who
 * removed it and why (its file is gone). `removable`: each row gets the removal form.
 */
export function DocumentList({
  documents,
  href,
  removable = false,
  timeZone,
  today,
}: {
  documents: Doc[];
  href: (id: number) => string;
  removable?: boolean;
  timeZone: DisplayZone;
  /** Today in the owner's zone: a referral past its "valid until" says it expired. */
  today?: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (documents.length === 0) return <p>{t("documents.none")}</p>;
  return (
    <ul className="documents">
      {documents.map((d) => (
        <li key={d.id} className={d.removedAt ? "document removed" : "document"}>
          <p className="document-title">
            <strong>{t(`documents.kinds.${d.kind}`)}</strong> · {formatDate(d.documentOn, locale)}
            {d.step
              ? ` · ${t("documents.forStep", { step: t(`transitions.events.${d.step.type}`), date: formatDate(d.step.on, locale) })}`
              : ""}
          </p>
          {d.validUntil ? <ValidUntilLine validUntil={d.validUntil} today={today} active={!d.removedAt} /> : null}
          {d.removedAt ? (
            <p className="muted">
              {d.fileName} —{" "}
              {t("documents.removedBy", {
                who: d.removedByName ?? "—",
                at: formatDateTime(d.removedAt, locale, timeZone),
                reason: d.removalReason ?? "",
              })}
            </p>
          ) : (
            <p>
              <a href={href(d.id)} download={d.fileName} className="document-link">
                {t("documents.download", { name: d.fileName })}
              </a>{" "}
              <span className="muted">({fileSize(d.sizeBytes, locale)})</span>
            </p>
          )}
          <p className="muted">
            {t("documents.uploadedBy", { who: d.uploadedByName, at: formatDateTime(d.uploadedAt, locale, timeZone) })}
          </p>
          {removable && !d.removedAt ? <RemoveDocumentForm doc={d} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** A referral decision's "valid until" (decision 047); past it, "expired" in words (the referral is not removed). */
export function ValidUntilLine({ validUntil, today, active }: { validUntil: string; today?: string; active: boolean }) {
  const { t, i18n } = useTranslation();
  const date = formatDate(validUntil, i18n.language as Locale);
  const expired = active && !!today && validUntil < today;
  return (
    <p className={expired ? "expired" : undefined}>
      {expired ? t("documents.validUntilExpired", { date }) : t("documents.validUntilOn", { date })}
    </p>
  );
}

/** Removal: with a reason, confirmed first (the file is erased; the row and the audit log keep what it was). */
function RemoveDocumentForm({ doc }: { doc: Doc }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/documents/schemas").then((m) => m.removeDocumentSchema),
    { intent: "remove", documentId: String(doc.id), reason: "", version: String(doc.version) },
    { intent: "remove", match: { documentId: String(doc.id) } },
  );
  return (
    <details className="item-form" open={!!f.summary.fields.length || !!f.formError}>
      <summary>{t("documents.remove")}</summary>
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <ErrorSummary form={f} />
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="documentId" value={doc.id} />
        <input type="hidden" name="version" value={doc.version} />
        <Field label={t("documents.removalReason")} name={`reason-${doc.id}`} error={f.errorFor("reason")}>
          {(a) => <input {...a} defaultValue={f.initial("reason")} {...f.form.register("reason")} />}
        </Field>
        <ConfirmSubmit
          match={{ intent: "remove", documentId: String(doc.id) }}
          className="button secondary"
          danger
          title={t("confirm.removeDocument.title")}
          describe={(x) =>
            t("confirm.removeDocument.text", {
              name: doc.fileName,
              kind: t(`documents.kinds.${doc.kind}`),
              date: formatDate(doc.documentOn, locale),
              reason: x.reason ?? "",
            })
          }
          confirmLabel={t("confirm.removeDocument.confirm")}
          validate={() => f.form.trigger()}
        >
          {t("documents.remove")}
        </ConfirmSubmit>
      </Form>
    </details>
  );
}

/**
 * The upload form: kind, the date on the document, (for a resident) the step it belongs to, the
 * file. PDF, JPEG or PNG up to the limit; the server reads the type from the content.
 */
export function DocumentUploadForm({
  kinds,
  steps,
  today,
  schema,
}: {
  kinds: readonly DocumentKind[];
  steps?: { seq: number; type: string; on: string }[];
  today: string;
  schema: "resident" | "meeting";
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const withValidUntil = kinds.includes("referral_decision");
  const f = useValidatedForm<Record<string, string>>(
    () =>
      import("#app/modules/documents/schemas").then((m) =>
        schema === "resident" ? m.residentUploadSchema : m.meetingUploadSchema,
      ),
    {
      intent: "upload",
      kind: kinds.length === 1 ? kinds[0]! : "",
      documentOn: today,
      stepSeq: "",
      ...(withValidUntil ? { validUntil: "" } : {}),
    },
    { intent: "upload" },
  );
  const fileError = f.errorFor("file");
  return (
    <Form method="post" encType="multipart/form-data" onSubmit={f.onSubmit} noValidate className="stack">
      <ErrorSummary form={f} />
      <input type="hidden" name="intent" value="upload" />
      <div className="grid-2">
        <Field label={t("documents.kind")} name="kind" error={f.errorFor("kind")}>
          {(a) => (
            <select {...a} defaultValue={f.initial("kind")} {...f.form.register("kind")}>
              {kinds.length > 1 ? <option value="">{t("documents.chooseKind")}</option> : null}
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`documents.kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t("documents.documentOn")}
          name="documentOn"
          error={f.errorFor("documentOn")}
          hint={t("documents.documentOnHint")}
        >
          {(a) => (
            <input
              {...a}
              type="date"
              max={today}
              defaultValue={f.initial("documentOn")}
              {...f.form.register("documentOn")}
            />
          )}
        </Field>
      </div>
      {withValidUntil ? (
        <Field
          label={t("documents.validUntil")}
          name="validUntil"
          error={f.errorFor("validUntil")}
          hint={t("documents.validUntilHint")}
        >
          {(a) => (
            <input {...a} type="date" defaultValue={f.initial("validUntil")} {...f.form.register("validUntil")} />
          )}
        </Field>
      ) : null}
      {steps ? (
        <Field label={t("documents.step")} name="stepSeq" error={f.errorFor("stepSeq")}>
          {(a) => (
            <select {...a} defaultValue={f.initial("stepSeq")} {...f.form.register("stepSeq")}>
              <option value="">{t("documents.noStep")}</option>
              {steps.map((s) => (
                <option key={s.seq} value={s.seq}>
                  {formatDate(s.on, locale)} — {t(`transitions.events.${s.type}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <div className="field">
        <label htmlFor="f-file">{t("documents.file")}</label>
        <p id="f-file-hint" className="hint">
          {t("documents.fileHint", { max: MAX_DOCUMENT_LABEL })}
        </p>
        <input
          id="f-file"
          name="file"
          type="file"
          accept={DOCUMENT_ACCEPT}
          aria-invalid={!!fileError}
          aria-describedby={fileError ? "f-file-error f-file-hint" : "f-file-hint"}
        />
        <ErrorText id="f-file-error" error={fileError} />
      </div>
      <button type="submit" className="button">
        {t("documents.upload")}
      </button>
    </Form>
  );
}

/** The resident page's panel: the documents (downloads), the page to add or remove them, the printable case file. */
export function ResidentDocumentsPanel({
  residentId,
  documents,
  canUpload,
  timeZone,
  today,
}: {
  residentId: number;
  documents: Doc[];
  canUpload: boolean;
  timeZone: DisplayZone;
  today: string;
}) {
  const { t } = useTranslation();
  const base = `/residents/${residentId}`;
  return (
    <section aria-labelledby="documents-title" className="panel">
      <h2 id="documents-title">{t("documents.title")}</h2>
      <DocumentList
        documents={documents.filter((d) => !d.removedAt)}
        href={(id) => `${base}/documents/${id}`}
        timeZone={timeZone}
        today={today}
      />
      <p className="button-row">
        <Link to={`${base}/documents`}>{canUpload ? t("documents.manage") : t("documents.all")}</Link>
        <a href={`${base}/case-file.pdf`} download className="button secondary">
          {t("caseFile.download")}
        </a>
      </p>
    </section>
  );
}
