import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listHousingUnits } from "#app/modules/housing/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { formatDate } from "#app/utils/format";
import { useCan } from "#app/utils/user";
import type { Locale } from "#db/schema/enums";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "housing.title" };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:institutions");
  return { units: listHousingUnits(ctx) };
}

export default function HousingUnits() {
  const { t, i18n } = useTranslation();
  const { units } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:transitions");
  const locale = i18n.language as Locale;
  const anyOnPremises = units.some((u) => u.onInstitutionPremises);
  return (
    <>
      <div className="title-row">
        <h1>{t("housing.title")}</h1>
        {canWrite ? (
          <Link to="/housing/new" className="button">
            {t("housing.new")}
          </Link>
        ) : null}
      </div>
      {units.length === 0 ? (
        <p>{t("housing.empty")}</p>
      ) : (
        <>
          {anyOnPremises ? (
            <p className="hint">
              <strong>{t("housing.premisesFlag")}</strong>: {t("housing.premisesNote")}
            </p>
          ) : null}
          <table>
            <caption className="visually-hidden">{t("housing.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("housing.name")}</th>
                <th scope="col">{t("housing.housingType")}</th>
                <th scope="col">{t("housing.operator")}</th>
                <th scope="col" className="num">
                  {t("housing.capacity")}
                </th>
                <th scope="col" className="num">
                  {t("housing.occupied")}
                </th>
                <th scope="col" className="num">
                  {t("housing.reserved")}
                </th>
                <th scope="col" className="num">
                  {t("housing.free")}
                </th>
                <th scope="col">{t("housing.status")}</th>
                <th scope="col">{t("housing.openedOn")}</th>
              </tr>
            </thead>
            <tbody>
              {units.map((u) => (
                <tr key={u.id}>
                  <td>
                    <Link to={`/housing/${u.id}`}>{u.name}</Link>
                    <p className="muted">{u.institutionName}</p>
                    {u.onInstitutionPremises ? (
                      <p className="field-error">
                        <strong>{t("housing.premisesFlag")}</strong>
                      </p>
                    ) : null}
                  </td>
                  <td>{t(`catalogues.housing.${u.housingType}`)}</td>
                  <td>
                    {u.operatorName}
                    <p className="muted">{t(`operatorKinds.${u.operatorKind}`)}</p>
                  </td>
                  <td className="num">{u.capacity}</td>
                  <td className="num">{u.occupied}</td>
                  <td className="num">{u.reserved}</td>
                  <td className="num">{u.free}</td>
                  <td>{t(`housingStatuses.${u.status}`)}</td>
                  <td>{u.openedOn ? formatDate(u.openedOn, locale, "UTC") : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
