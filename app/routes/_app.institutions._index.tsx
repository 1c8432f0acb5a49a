import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listInstitutions } from "~/modules/institutions/service.server";
import { requireUserWithPermission } from "~/utils/auth.server";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "institutions.title" };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:institutions");
  return { institutions: listInstitutions(ctx) };
}

export default function Institutions() {
  const { t } = useTranslation();
  const { institutions } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("institutions.title")}</h1>
      {institutions.length === 0 ? (
        <p>{t("dashboard.noInstitutions")}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t("institutions.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("institutions.name")}</th>
              <th scope="col">{t("institutions.kind")}</th>
              <th scope="col">{t("institutions.municipality")}</th>
              <th scope="col">{t("institutions.country")}</th>
              <th scope="col" className="num">{t("institutions.users")}</th>
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
                <td className="num">{i.staffUsers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
