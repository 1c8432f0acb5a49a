import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { listGrants } from "#app/modules/grants/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { formatDate, formatMoney } from "#app/utils/format";
import { useCan } from "#app/utils/user";

export const handle = { titleKey: "grants.title" };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:grants");
  return { grants: listGrants(ctx) };
}

export default function Grants() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { grants } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:grants");
  return (
    <>
      <div className="title-row">
        <h1>{t("grants.title")}</h1>
        {canWrite ? (
          <Link to="/grants/new" className="button">
            {t("grants.new")}
          </Link>
        ) : null}
      </div>
      {grants.length === 0 ? (
        <p>{t("grants.none")}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t("grants.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("grants.contractNumber")}</th>
              <th scope="col">{t("grants.grantTitle")}</th>
              <th scope="col">{t("grants.period")}</th>
              <th scope="col" className="num">
                {t("grants.budget")}
              </th>
              <th scope="col">{t("grants.periodsTitle")}</th>
            </tr>
          </thead>
          <tbody>
            {grants.map((g) => (
              <tr key={g.id}>
                <td>
                  <Link to={`/grants/${g.id}`}>{g.contractNumber}</Link>
                </td>
                <td>{g.title}</td>
                <td>
                  {formatDate(g.startsOn, locale, "UTC")} – {formatDate(g.endsOn, locale, "UTC")}
                </td>
                <td className="num">{formatMoney(g.budgetMinor / 100, g.currency, locale)}</td>
                <td>
                  {t("grants.periods", { count: g.periods })} · {t("grants.submittedCount", { count: g.submitted })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
