import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listInstitutions } from "#app/modules/institutions/service.server";
import { requireUser } from "#app/utils/auth.server";
import { userHasPermission } from "#app/utils/permissions";
import { useOptionalUser } from "#app/utils/user";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "nav.dashboard" };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  const institutions = userHasPermission(ctx.actor, "read:institutions") ? listInstitutions(ctx) : [];
  return { institutions, seesAll: ctx.scope.all };
}

export default function Dashboard() {
  const { t } = useTranslation();
  const user = useOptionalUser();
  const { institutions, seesAll } = useLoaderData<typeof loader>();
  if (!user) return null;
  return (
    <>
      <h1>{t("dashboard.title", { name: user.name })}</h1>
      <p className="lead">{t(`dashboard.roleIntro.${user.role}`)}</p>
      {userHasPermission(user, "read:monitoring") ? (
        <p>
          <Link to="/monitoring" className="button">
            {t("dashboard.monitoringLink")}
          </Link>
        </p>
      ) : null}
      {userHasPermission(user, "read:institutions") ? (
        <section aria-labelledby="my-institutions">
          <h2 id="my-institutions">{seesAll ? t("dashboard.allInstitutions") : t("dashboard.myInstitutions")}</h2>
          {institutions.length === 0 ? (
            <p>{t("dashboard.noInstitutions")}</p>
          ) : (
            <ul className="cards">
              {institutions.map((i) => (
                <li key={i.id} className="card">
                  <Link to={`/institutions/${i.id}`}>{i.name}</Link>
                  <p className="muted">
                    {i.municipalityName} · {t(`institutions.kinds.${i.kind}`)}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </>
  );
}
