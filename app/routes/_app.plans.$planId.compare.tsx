import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { compareContent, getPlanVersion } from "~/modules/plans/service.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { numericParam } from "~/utils/params.server";
import { orErrorPage } from "~/utils/route.server";

export const handle = { titleKey: "plans.compare" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:plans");
  const url = new URL(request.url);
  return orErrorPage(() => {
    const planId = numericParam(params, "planId");
    const a = getPlanVersion(ctx, planId, numericParam({ v: url.searchParams.get("a") ?? undefined }, "v"));
    const b = getPlanVersion(ctx, planId, numericParam({ v: url.searchParams.get("b") ?? undefined }, "v"));
    return { plan: a.plan, versions: a.versions, a: a.version.number, b: b.version.number, changes: compareContent(a.version.content, b.version.content) };
  });
}

const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v, null, 1) : String(v));

export default function Compare() {
  const { t } = useTranslation();
  const { plan, versions, a, b, changes } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/plans/${plan.id}`}>← {plan.title}</Link>
      </p>
      <h1>{t("plans.compareTitle", { a, b })}</h1>
      <form method="get" className="filters">
        {(["a", "b"] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={`v-${k}`}>{t(`plans.compareSide.${k}`)}</label>
            <select id={`v-${k}`} name={k} defaultValue={k === "a" ? a : b}>
              {versions.map((v) => (
                <option key={v.number} value={v.number}>
                  {t("plans.versionN", { number: v.number })}
                </option>
              ))}
            </select>
          </div>
        ))}
        <button type="submit" className="button secondary">
          {t("residents.applyFilters")}
        </button>
      </form>
      {changes.length === 0 ? (
        <p>{t("plans.noChanges")}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t("plans.compareTitle", { a, b })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("plans.changedField")}</th>
              <th scope="col">{t("plans.versionN", { number: a })}</th>
              <th scope="col">{t("plans.versionN", { number: b })}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.path}>
                <th scope="row">
                  <code>{c.path}</code>
                </th>
                <td>
                  <pre className="prewrap">{show(c.before)}</pre>
                </td>
                <td>
                  <pre className="prewrap">{show(c.after)}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
