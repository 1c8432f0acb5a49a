import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { describeChanges, SECTION_LABELS } from "#app/modules/plans/compare";
import { ShownValue } from "#app/components/shown-value";
import { getPlanVersion } from "#app/modules/plans/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { translateMessage } from "#app/utils/message";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage } from "#app/utils/route.server";

export const handle = { titleKey: "plans.compare" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:plans");
  const url = new URL(request.url);
  return orErrorPage(() => {
    const planId = numericParam(params, "planId");
    const a = getPlanVersion(ctx, planId, numericParam({ v: url.searchParams.get("a") ?? undefined }, "v"));
    const b = getPlanVersion(ctx, planId, numericParam({ v: url.searchParams.get("b") ?? undefined }, "v"));
    return {
      plan: a.plan,
      versions: a.versions,
      a: a.version.number,
      b: b.version.number,
      changes: describeChanges(a.version.content, b.version.content),
    };
  });
}

export default function Compare() {
  const { t, i18n } = useTranslation();
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
        <div className="table-scroll">
          <table className="compare stack-on-phone">
            <caption className="visually-hidden">{t("plans.compareTitle", { a, b })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("plans.changedField")}</th>
                <th scope="col">{t("plans.versionN", { number: a })}</th>
                <th scope="col">{t("plans.versionN", { number: b })}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c, i) => (
                <tr key={i} data-change={c.change}>
                  <th scope="row">
                    <div className="compare-what">
                      <span className="muted">{t(SECTION_LABELS[c.section])}</span>
                      {c.item ? <span className="compare-item">{c.item}</span> : null}
                      <span className="compare-field">
                        {c.change === "changed"
                          ? translateMessage(t, c.field.key, c.field.values, i18n.language)
                          : t(`plans.compareChange.${c.change}`, {
                              what: translateMessage(t, c.field.key, c.field.values, i18n.language),
                            })}
                      </span>
                    </div>
                  </th>
                  <td data-label={t("plans.versionN", { number: a })}>
                    <ShownValue value={c.before} />
                  </td>
                  <td data-label={t("plans.versionN", { number: b })}>
                    <ShownValue value={c.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
