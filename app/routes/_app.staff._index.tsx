import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "#app/components/pagination";
import type { Locale } from "#db/schema/enums";
import { staffFiltersSchema } from "#app/modules/staff/schemas.server";
import { listStaff } from "#app/modules/staff/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { formatDate, formatNumber } from "#app/utils/format";
import { useCan } from "#app/utils/user";

export const handle = { titleKey: "staff.title" };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:staff");
  return listStaff(ctx, staffFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams)));
}

export default function StaffRegister() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { rows, total, page, pageSize } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const canWrite = useCan("write:staff");
  return (
    <>
      <div className="title-row">
        <h1>{t("staff.title")}</h1>
        {canWrite ? (
          <div className="button-row">
            <Link to="/staff/new" className="button">
              {t("staff.new")}
            </Link>
            <Link to="/staff/import" className="button secondary">
              {t("residents.importLink")}
            </Link>
            <Link to="/staff/history-import" className="button secondary">
              {t("history.staff.link")}
            </Link>
          </div>
        ) : null}
      </div>
      <p className="button-row">
        <Link to="/training">{t("staff.training.title")}</Link> ·{" "}
        <Link to="/support-sessions">{t("staff.sessions.title")}</Link> ·{" "}
        <Link to="/readiness">{t("staff.readiness.title")}</Link>
      </p>
      <Form method="get" className="filters" role="search" aria-label={t("staff.title")}>
        <div className="field">
          <label htmlFor="q">{t("staff.search")}</label>
          <input id="q" name="q" type="search" defaultValue={params.get("q") ?? ""} />
        </div>
        <button type="submit" className="button secondary">
          {t("residents.applyFilters")}
        </button>
      </Form>
      <p aria-live="polite">{t("staff.count", { count: total, formatted: formatNumber(total, locale) })}</p>
      <table>
        <caption className="visually-hidden">{t("staff.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("residents.code")}</th>
            <th scope="col">{t("residents.name")}</th>
            <th scope="col">{t("staff.position")}</th>
            <th scope="col" className="num">
              {t("staff.modulesCompleted")}
            </th>
            <th scope="col" className="num">
              {t("staff.modulesOpen")}
            </th>
            <th scope="col" className="num">
              {t("staff.sessions.title")}
            </th>
            <th scope="col">{t("staff.communityStartOn")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <code>{r.code}</code>
              </td>
              <td>
                <Link to={`/staff/${r.id}`}>
                  {r.lastName}, {r.firstName}
                </Link>
              </td>
              <td>{r.position}</td>
              <td className="num">{r.completed}</td>
              <td className="num">{r.open}</td>
              <td className="num">{r.supportSessions}</td>
              <td>{r.communityStartOn ? formatDate(r.communityStartOn, locale) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={page} total={total} pageSize={pageSize} />
    </>
  );
}
