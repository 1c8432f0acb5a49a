import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "#app/components/pagination";
import { caseWorkersInScope } from "#app/modules/caseload/service.server";
import { listAllInstitutionsForAdmin } from "#app/modules/institutions/service.server";
import { residentFiltersSchema } from "#app/modules/residents/schemas.server";
import { listResidents } from "#app/modules/residents/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { formatDate, formatNumber } from "#app/utils/format";
import { useCan } from "#app/utils/user";
import type { ResidentSort } from "#app/modules/residents/schemas";
import { TARGET_GROUPS, type Locale } from "#db/schema/enums";
import { TRANSITION_STATES } from "#machines/names";

export const handle = { titleKey: "residents.title" };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  const url = new URL(request.url);
  const f = residentFiltersSchema.parse(Object.fromEntries(url.searchParams));
  const result = listResidents(ctx, { ...f, overdue: f.overdue === "1" });
  return {
    ...result,
    // The filters' choices: names only (no caseload or staff counts, which cost more than the list).
    institutions: listAllInstitutionsForAdmin(ctx).map((i) => ({ id: i.id, name: i.name })),
    keyWorkers: caseWorkersInScope(ctx).map((w) => ({ id: w.id, name: w.name })),
  };
}

/** The list's query string with some parameters replaced (null removes one). */
function withParams(params: URLSearchParams, set: Record<string, string | null>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(set)) {
    if (v === null) next.delete(k);
    else next.set(k, v);
  }
  return next;
}

/** A column header that sorts the list by it (a link, so it works without JavaScript); again reverses. */
function SortHeader({ column, label }: { column: ResidentSort; label: string }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const active = (params.get("sort") ?? "name") === column;
  const dir = params.get("dir") === "desc" ? "desc" : "asc";
  const next = active && dir === "asc" ? "desc" : "asc";
  return (
    <th scope="col" aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link
        to={`?${withParams(params, { sort: column, dir: next, page: null }).toString()}`}
        className="sort-link"
        aria-label={t(`residents.sort.${next}`, { column: label })}
      >
        {label}
        <span aria-hidden="true">{active ? (dir === "asc" ? " ▲" : " ▼") : " ↕"}</span>
      </Link>
    </th>
  );
}

export default function Residents() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { rows, total, page, pageSize, institutions, keyWorkers } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const canWrite = useCan("write:residents");
  const canRecord = useCan("write:transitions");
  const exportQuery = withParams(params, { page: null }).toString();
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
        <div className="field">
          <label htmlFor="keyWorker">{t("caseload.keyWorker")}</label>
          <select id="keyWorker" name="keyWorker" defaultValue={params.get("keyWorker") ?? ""}>
            <option value="">{t("common.all")}</option>
            <option value="none">{t("caseload.unassignedCases")}</option>
            {keyWorkers.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
        <label className="check">
          <input type="checkbox" name="overdue" value="1" defaultChecked={params.get("overdue") === "1"} />
          {t("residents.overdueOnly")}
        </label>
        {/* The chosen order survives a new search. */}
        {params.get("sort") ? <input type="hidden" name="sort" value={params.get("sort")!} /> : null}
        {params.get("dir") ? <input type="hidden" name="dir" value={params.get("dir")!} /> : null}
        <button type="submit" className="button secondary">
          {t("residents.applyFilters")}
        </button>
      </Form>
      <div className="title-row">
        <p aria-live="polite">{t("residents.count", { count: total, formatted: formatNumber(total, locale) })}</p>
        {total > 0 ? (
          <a
            href={`/residents/export.xlsx${exportQuery ? `?${exportQuery}` : ""}`}
            className="button secondary"
            download
          >
            {t("residents.export")}
          </a>
        ) : null}
      </div>
      <table className="cards-on-phone">
        <caption className="visually-hidden">{t("residents.title")}</caption>
        <thead>
          <tr>
            <SortHeader column="code" label={t("residents.code")} />
            <SortHeader column="name" label={t("residents.name")} />
            <th scope="col">{t("residents.targetGroup")}</th>
            <SortHeader column="institution" label={t("residents.institution")} />
            <SortHeader column="state" label={t("residents.state")} />
            <SortHeader column="since" label={t("residents.since")} />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td data-label={t("residents.code")}>
                <code>{r.code}</code>
              </td>
              <th scope="row">
                <Link to={`/residents/${r.id}`}>
                  {r.lastName || r.firstName ? `${r.lastName}, ${r.firstName}` : t("retention.anonymisedName")}
                </Link>
              </th>
              <td data-label={t("residents.targetGroup")}>{t(`residents.targetGroups.${r.targetGroup}`)}</td>
              <td data-label={t("residents.institution")}>{r.institutionName}</td>
              <td data-label={t("residents.state")}>
                <span className={`state state-${r.state}`}>{t(`transitions.states.${r.state}`)}</span>
                {r.overdue ? <span className="badge warn">{t("residents.overdue")}</span> : null}
              </td>
              <td data-label={t("residents.since")}>{formatDate(r.stateSince, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={page} total={total} pageSize={pageSize} />
    </>
  );
}
