import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale, Role } from "#db/schema/enums";
import { formatDateTime } from "#app/utils/format";
import { useActionLabel } from "./audit-action";

export interface RecordAccessEntry {
  id: number;
  at: string;
  action: string;
  page: string | null;
  actorName: string | null;
  actorLabel: string | null;
  actorRole: Role | null;
  read: boolean;
}

/**
 * "Who saw this record" on a resident's page, for the administrator (the data-protection
 * officer's view, decision 043): every read and change of the record, newest first, with who,
 * when and from which page. Older entries page by `?seen=<id>`.
 */
export function RecordAccess({
  base,
  code,
  access,
  timeZone,
}: {
  base: string;
  /** The resident's pseudonymous code: the audit log's record filter. */
  code: string;
  access: { entries: RecordAccessEntry[]; older: number | null };
  timeZone: string;
}) {
  const { t, i18n } = useTranslation();
  const actionLabel = useActionLabel();
  return (
    <section aria-labelledby="access-title" className="panel" id="who-saw">
      <h2 id="access-title">{t("audit.recordAccess.title")}</h2>
      <p className="hint">{t("audit.recordAccess.intro")}</p>
      {access.entries.length === 0 ? (
        <p>{t("audit.none")}</p>
      ) : (
        <table className="cards-on-phone record-access">
          <caption className="visually-hidden">{t("audit.recordAccess.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("audit.at")}</th>
              <th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("audit.page")}</th>
            </tr>
          </thead>
          <tbody>
            {access.entries.map((e) => (
              <tr key={e.id} data-kind={e.read ? "read" : "change"}>
                <th scope="row">{formatDateTime(e.at, i18n.language as Locale, timeZone as never)}</th>
                <td data-label={t("audit.actor")}>
                  {e.actorName ?? e.actorLabel ?? "—"}
                  {e.actorRole ? <span className="muted"> · {t(`roles.${e.actorRole}`)}</span> : null}
                </td>
                <td data-label={t("audit.action")}>
                  {actionLabel(e.action)}{" "}
                  <span className="badge">{t(e.read ? "audit.recordAccess.read" : "audit.recordAccess.change")}</span>
                </td>
                <td data-label={t("audit.page")}>{e.page ? <code>{e.page}</code> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {access.older ? <Link to={`${base}?seen=${access.older}#who-saw`}>{t("common.older")}</Link> : null}{" "}
        <Link to={`/admin/audit?record=${encodeURIComponent(code)}`}>{t("audit.recordAccess.inLog")}</Link>
      </p>
    </section>
  );
}
