import { Form, Link } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { ERASURE_REFUSAL_BASES } from "#app/modules/privacy/constants";
import { formatDate, formatDateTime, type DisplayZone } from "#app/utils/format";
import { useCan } from "#app/utils/user";

/**
 * A refusal to erase (an early request, or keeping a record whose retention has ended), with its
 * ground of GDPR art. 17(3) and an optional reference: recorded in the audit log (decision 042).
 */
export function ErasureRefusalForm({
  residentId,
  code,
  back,
}: {
  residentId: number;
  code: string;
  back: "list" | "resident";
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <details className="item-form">
      <summary>{t("retention.refuse")}</summary>
      <Form method="post" action="/admin/retention" className="stack">
        <input type="hidden" name="intent" value="refuse" />
        <input type="hidden" name="residentId" value={residentId} />
        <input type="hidden" name="back" value={back} />
        <div className="field">
          <label htmlFor={`${id}-basis`}>{t("retention.basis")}</label>
          <select id={`${id}-basis`} name="basis" defaultValue="b" required>
            {ERASURE_REFUSAL_BASES.map((b) => (
              <option key={b} value={b}>
                {t(`retention.bases.${b}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-reference`}>{t("retention.reference")}</label>
          <input id={`${id}-reference`} name="reference" maxLength={200} />
          <p className="hint">{t("retention.referenceHint")}</p>
        </div>
        <button type="submit" className="button secondary">
          {t("retention.recordRefusal", { code })}
        </button>
      </Form>
    </details>
  );
}

interface PanelData {
  retention: { closedOn: string; endsOn: string; decidedBy: { kind: string; contractNumber?: string } } | null;
  refusals: { at: string; basis: string | null }[];
  anonymisedAt: string | null;
}

/**
 * The resident page's panel for the person's rights: their complete data as a PDF and as a ZIP
 * of JSON and files (art. 15, 20), how long the record is kept, and (administrator) refusals of
 * erasure.
 */
export function SubjectRightsPanel({
  residentId,
  code,
  data,
  timeZone,
}: {
  residentId: number;
  code: string;
  data: PanelData;
  timeZone: DisplayZone;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const canExport = useCan("export:resident-data");
  const canManage = useCan("manage:retention");
  if (!canExport && !canManage) return null;
  const base = `/residents/${residentId}`;
  const r = data.retention;
  return (
    <section aria-labelledby="subject-rights-title" className="panel">
      <h2 id="subject-rights-title">{t("subjectAccess.panelTitle")}</h2>
      {canExport ? (
        <>
          <p>{t("subjectAccess.panelLead")}</p>
          <p className="button-row">
            <a href={`${base}/subject-access.pdf`} download className="button secondary">
              {t("subjectAccess.downloadPdf")}
            </a>
            <a href={`${base}/subject-access.zip`} download className="button secondary">
              {t("subjectAccess.downloadZip")}
            </a>
          </p>
        </>
      ) : null}
      <p data-testid="retention-line">
        {data.anonymisedAt
          ? t("retention.anonymisedOnDate", { at: formatDateTime(data.anonymisedAt, locale, timeZone) })
          : r
            ? t("retention.keptUntilLine", {
                date: formatDate(r.endsOn, locale),
                closed: formatDate(r.closedOn, locale),
              })
            : t("retention.openLine")}
      </p>
      {data.refusals.length > 0 ? (
        <ul>
          {data.refusals.map((f) => (
            <li key={f.at}>
              {t("retention.refusedLine", {
                at: formatDateTime(f.at, locale, timeZone),
                basis: f.basis ? t(`retention.bases.${f.basis}`) : "—",
              })}
            </li>
          ))}
        </ul>
      ) : null}
      {canManage && !data.anonymisedAt ? (
        <>
          <ErasureRefusalForm residentId={residentId} code={code} back="resident" />
          <p>
            <Link to="/admin/retention">{t("retention.title")}</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}
