import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TimesIn } from "#app/components/times-in";
import {
  listAllInstitutionsForAdmin,
  municipalityChoices,
  userTimeZone,
} from "#app/modules/institutions/service.server";
import { listUsers } from "#app/modules/users/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { formatDateTime } from "#app/utils/format";
import type { Locale } from "#db/schema/enums";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "users.title" };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:users");
  const institutions = Object.fromEntries(listAllInstitutionsForAdmin(ctx).map((i) => [i.id, i.name]));
  const municipalities = Object.fromEntries(municipalityChoices(ctx).map((m) => [m.id, m.name]));
  return { users: listUsers(ctx), institutions, municipalities, timeZone: userTimeZone(ctx) };
}

export default function Users() {
  const { t, i18n } = useTranslation();
  const { users, institutions, municipalities, timeZone } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="title-row">
        <h1>{t("users.title")}</h1>
        <Link to="/admin/users/new" className="button">
          {t("users.new")}
        </Link>
      </div>
      <TimesIn zone={timeZone} />
      <table className="cards-on-phone">
        <caption className="visually-hidden">{t("users.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("users.name")}</th>
            <th scope="col">{t("users.email")}</th>
            <th scope="col">{t("users.role")}</th>
            <th scope="col">{t("users.status")}</th>
            <th scope="col">{t("users.institutions")}</th>
            <th scope="col">{t("users.lastSignIn")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>
                <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
              </td>
              <td data-label={t("users.email")}>{u.email}</td>
              <td data-label={t("users.role")}>{t(`roles.${u.role}`)}</td>
              <td data-label={t("users.status")}>{t(`users.statuses.${u.status}`)}</td>
              <td data-label={t("users.institutions")}>
                {u.role === "admin"
                  ? t("users.allInstitutions")
                  : u.role === "monitoring"
                    ? [
                        ...u.countries.map((c) => t("users.wholeCountry", { country: t(`countries.${c}`) })),
                        ...u.municipalityIds.map((id) => municipalities[id]),
                      ].join(", ") || "—"
                    : u.institutionIds.map((id) => institutions[id]).join(", ") || "—"}
              </td>
              <td data-label={t("users.lastSignIn")}>
                {u.lastSignInAt ? formatDateTime(u.lastSignInAt, i18n.language as Locale, timeZone) : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
