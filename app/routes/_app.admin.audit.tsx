import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ShownValue } from "#app/components/shown-value";
import { useActionLabel } from "#app/components/audit-action";
import { TimesIn } from "#app/components/times-in";
import { AUDIT_ACTIONS } from "#app/modules/audit/actions";
import { auditValues } from "#app/modules/audit/labels.server";
import { auditFiltersSchema } from "#app/modules/audit/schemas.server";
import { AUDIT_PAGE_SIZE, listAuditEvents } from "#app/modules/audit/service.server";
import { userTimeZone } from "#app/modules/institutions/service.server";
import { listUsers } from "#app/modules/users/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { formatDateTime } from "#app/utils/format";
import type { Locale } from "#db/schema/enums";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "audit.title" };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:audit");
  const filters = auditFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const timeZone = userTimeZone(ctx);
  const { events, unknownRecord } = listAuditEvents(ctx, filters, timeZone);
  return {
    // Before/after as labelled fields, made here: the stored JSON never reaches the page.
    events: events.map(({ before, after, ...e }) => ({ ...e, before: auditValues(before), after: auditValues(after) })),
    unknownRecord,
    pageSize: AUDIT_PAGE_SIZE,
    timeZone,
    users: listUsers(ctx).map((u) => ({ id: u.id, name: u.name })),
  };
}

export default function Audit() {
  const { t, i18n } = useTranslation();
  const { events, pageSize, timeZone, users, unknownRecord } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const actionLabel = useActionLabel();
  const last = events.at(-1);
  const older = new URLSearchParams(params);
  if (last) older.set("before", String(last.id));
  const actions = [...AUDIT_ACTIONS].sort((a, b) => actionLabel(a).localeCompare(actionLabel(b), i18n.language));
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <Form method="get" className="filters" role="search" aria-label={t("audit.filters")}>
        <div className="field">
          <label htmlFor="audit-user">{t("audit.actor")}</label>
          <select id="audit-user" name="user" defaultValue={params.get("user") ?? ""}>
            <option value="">{t("common.all")}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-record">{t("audit.record")}</label>
          <input
            id="audit-record"
            name="record"
            defaultValue={params.get("record") ?? ""}
            aria-describedby="audit-record-hint"
            autoComplete="off"
          />
          <p className="hint" id="audit-record-hint">
            {t("audit.recordHint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t("audit.action")}</label>
          <select id="audit-action" name="action" defaultValue={params.get("action") ?? ""}>
            <option value="">{t("common.all")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t("audit.from")}</label>
          <input id="audit-from" name="from" type="date" defaultValue={params.get("from") ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t("audit.to")}</label>
          <input id="audit-to" name="to" type="date" defaultValue={params.get("to") ?? ""} />
        </div>
        <button type="submit" className="button secondary">
          {t("residents.applyFilters")}
        </button>
      </Form>
      <TimesIn zone={timeZone} />
      {unknownRecord ? <p role="status">{t("audit.unknownRecord")}</p> : null}
      {events.length === 0 && !unknownRecord ? <p role="status">{t("audit.none")}</p> : null}
      {events.length ? (
        <div className="table-scroll">
          <table className="audit stack-on-phone">
            <caption className="visually-hidden">{t("audit.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("audit.at")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.record")}</th>
                <th scope="col">{t("audit.before")}</th>
                <th scope="col">{t("audit.after")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{formatDateTime(e.at, i18n.language as Locale, timeZone)}</th>
                  <td data-label={t("audit.actor")}>{e.actorName ?? e.actorLabel ?? "—"}</td>
                  <td data-label={t("audit.action")}>
                    <span className="audit-action">{actionLabel(e.action)}</span>
                    {e.page ? (
                      <>
                        <br />
                        <span className="muted">{t("audit.fromPage")}</span> <code>{e.page}</code>
                      </>
                    ) : null}
                  </td>
                  <td data-label={t("audit.record")}>
                    {e.residentId ? (
                      <Link to={`/residents/${e.residentId}`}>
                        {e.entityType}
                        {e.entityId ? ` #${e.entityId}` : ""}
                      </Link>
                    ) : (
                      <>
                        {e.entityType}
                        {e.entityId ? ` #${e.entityId}` : ""}
                      </>
                    )}
                  </td>
                  <td data-label={t("audit.before")} className="audit-change">
                    <ShownValue value={e.before} />
                  </td>
                  <td data-label={t("audit.after")} className="audit-change">
                    <ShownValue value={e.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {last && events.length === pageSize ? (
        <p>
          <Link to={`?${older}`}>{t("common.older")}</Link>
        </p>
      ) : null}
    </>
  );
}
