import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listInstitutions, listMunicipalities } from "#app/modules/institutions/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { roleHasPermission } from "#app/utils/permissions";
import { useCan } from "#app/utils/user";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "institutions.title" };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:institutions");
  return {
    institutions: listInstitutions(ctx),
    // The plan areas are set up by administrators, on this page (decision 016).
    municipalities: roleHasPermission(ctx.actor.role, "manage:institutions") ? listMunicipalities(ctx) : [],
  };
}

export default function Institutions() {
  const { t } = useTranslation();
  const { institutions, municipalities } = useLoaderData<typeof loader>();
  const canManage = useCan("manage:institutions");
  return (
    <>
      <div className="title-row">
        <h1>{t("institutions.title")}</h1>
        {canManage ? (
          <Link to="/institutions/new" className="button">
            {t("institutions.new")}
          </Link>
        ) : null}
      </div>
      {institutions.length === 0 ? (
        <p>{canManage ? t("institutions.none") : t("dashboard.noInstitutions")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("institutions.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("institutions.name")}</th>
                <th scope="col">{t("institutions.kind")}</th>
                <th scope="col">{t("institutions.municipality")}</th>
                <th scope="col">{t("institutions.country")}</th>
                <th scope="col" className="num">
                  {t("institutions.places")}
                </th>
                <th scope="col" className="num">
                  {t("institutions.users")}
                </th>
              </tr>
            </thead>
            <tbody>
              {institutions.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link to={`/institutions/${i.id}`}>{i.name}</Link>
                  </td>
                  <td>{t(`institutions.kinds.${i.kind}`)}</td>
                  <td>{i.municipalityName}</td>
                  <td>{t(`countries.${i.country}`)}</td>
                  <td className="num">{i.places ?? "—"}</td>
                  <td className="num">{i.staffUsers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canManage ? (
        <section aria-labelledby="municipalities-title" className="panel">
          <div className="title-row">
            <h2 id="municipalities-title">{t("municipalities.title")}</h2>
            <Link to="/municipalities/new" className="button secondary">
              {t("municipalities.new")}
            </Link>
          </div>
          <p className="hint intro">{t("municipalities.intro")}</p>
          {municipalities.length === 0 ? (
            <p>{t("municipalities.none")}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">{t("municipalities.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("municipalities.name")}</th>
                    <th scope="col">{t("municipalities.kind")}</th>
                    <th scope="col">{t("municipalities.region")}</th>
                    <th scope="col">{t("municipalities.country")}</th>
                    <th scope="col" className="num">
                      {t("municipalities.institutions")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {municipalities.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <Link to={`/municipalities/${m.id}`}>{m.name}</Link>
                      </td>
                      <td>{t(`municipalities.kinds.${m.kind}`)}</td>
                      <td>{m.region ?? "—"}</td>
                      <td>{t(`countries.${m.country}`)}</td>
                      <td className="num">{m.institutionCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}
