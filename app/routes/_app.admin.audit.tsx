import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TimesIn } from "~/components/times-in";
import { userTimeZone } from "~/modules/institutions/service.server";
import { AUDIT_PAGE_SIZE, listAuditEvents } from "~/modules/audit/service.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import type { Locale } from "../../db/schema/enums";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "audit.title" };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:audit");
  const url = new URL(request.url);
  const before = Number(url.searchParams.get("before"));
  const events = listAuditEvents(ctx, {
    action: url.searchParams.get("action")?.slice(0, 80) || undefined,
    beforeId: Number.isInteger(before) && before > 0 ? before : undefined,
  });
  return { events, pageSize: AUDIT_PAGE_SIZE, timeZone: userTimeZone(ctx) };
}

export default function Audit() {
  const { t, i18n } = useTranslation();
  const { events, pageSize, timeZone } = useLoaderData<typeof loader>();
  const last = events.at(-1);
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <TimesIn zone={timeZone} />
      <table>
        <caption className="visually-hidden">{t("audit.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("audit.at")}</th>
            <th scope="col">{t("audit.actor")}</th>
            <th scope="col">{t("audit.action")}</th>
            <th scope="col">{t("audit.record")}</th>
            <th scope="col">{t("audit.change")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.at, i18n.language as Locale, timeZone)}</td>
              <td>{e.actorName ?? e.actorLabel ?? "—"}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                {e.entityType}
                {e.entityId ? ` #${e.entityId}` : ""}
              </td>
              <td className="audit-change">
                {e.before ? <pre>{JSON.stringify(e.before)}</pre> : null}
                {e.after ? <pre>{JSON.stringify(e.after)}</pre> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {last && events.length === pageSize ? (
        <p>
          <Link to={`?before=${last.id}`}>{t("common.older")}</Link>
        </p>
      ) : null}
    </>
  );
}
