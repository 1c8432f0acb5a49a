import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/pagination";
import { listInstitutions } from "~/modules/institutions/service.server";
import { residentFiltersSchema } from "~/modules/residents/schemas.server";
import { listResidents } from "~/modules/residents/service.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { formatDate, formatNumber } from "~/utils/format";
import { useCan } from "~/utils/user";
import { TARGET_GROUPS, type Locale } from "../../db/schema/enums";
import { TRANSITION_STATES } from "../../machines/transition";

export const handle = { titleKey: "residents.title" };


export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  const url = new URL(request.url);
  const f = residentFiltersSchema.parse(Object.fromEntries(url.searchParams));
  const result = listResidents(ctx, { ...f, overdue: f.overdue === "1" });
  return { ...result, institutions: listInstitutions(ctx).map((i) => ({ id: i.id, name: i.name })) };
}

export default function Residents() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { rows, total, page, pageSize, institutions } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const canWrite = useCan("write:residents");
  const canRecord = useCan("write:transitions");
  return (
    <>
      <div className="title-row">
        <h1>{t("residents.title")}</h1>
        {canWrite ? (
          <div className="button-row">
            <Link to="/residents/new" className="button">
              {t("residents.new")}
            </Link>
            <Link to="/residents/import" className="button secondary">
              {t("residents.importLink")}
            </Link>
            {canRecord ? (
              <Link to="/residents/history-import" className="button secondary">
                {t("history.residents.link")}
              </Link>
            ) : null}
          </div>
        ) : null}
      </div>
      <Form method="get" className="filters" role="search" aria-label={t("residents.filters")}>
        <div className="field">
          <label htmlFor="q">{t("residents.search")}</label>
          <input id="q" name="q" type="search" defaultValue={params.get("q") ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="state">{t("residents.state")}</label>
          <select id="state" name="state" defaultValue={params.get("state") ?? ""}>
            <option value="">{t("common.all")}</option>
            {TRANSITION_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`transitions.states.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="targetGroup">{t("residents.targetGroup")}</label>
          <select id="targetGroup" name="targetGroup" defaultValue={params.get("targetGroup") ?? ""}>
            <option value="">{t("common.all")}</option>
            {TARGET_GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`residents.targetGroups.${g}`)}
              </option>
            ))}
          </select>
        </div>
        {institutions.length > 1 ? (
          <div className="field">
            <label htmlFor="institutionId">{t("residents.institution")}</label>
            <select id="institutionId" name="institutionId" defaultValue={params.get("institutionId") ?? ""}>
              <option value="">{t("common.all")}</option>
              {institutions.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <label className="check">
          <input type="checkbox" name="overdue" value="1" defaultChecked={params.get("overdue") === "1"} />
          {t("residents.overdueOnly")}
        </label>
        <button type="submit" className="button secondary">
          {t("residents.applyFilters")}
        </button>
      </Form>
      <p aria-live="polite">{t("residents.count", { count: total, formatted: formatNumber(total, locale) })}</p>
      <table>
        <caption className="visually-hidden">{t("residents.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("residents.code")}</th>
            <th scope="col">{t("residents.name")}</th>
            <th scope="col">{t("residents.targetGroup")}</th>
            <th scope="col">{t("residents.institution")}</th>
            <th scope="col">{t("residents.state")}</th>
            <th scope="col">{t("residents.since")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <code>{r.code}</code>
              </td>
              <td>
                <Link to={`/residents/${r.id}`}>
                  {r.lastName}, {r.firstName}
                </Link>
              </td>
              <td>{t(`residents.targetGroups.${r.targetGroup}`)}</td>
              <td>{r.institutionName}</td>
              <td>
                <span className={`state state-${r.state}`}>{t(`transitions.states.${r.state}`)}</span>
                {r.overdue ? <span className="badge warn">{t("residents.overdue")}</span> : null}
              </td>
              <td>{formatDate(r.stateSince, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={page} total={total} pageSize={pageSize} />
    </>
  );
}
