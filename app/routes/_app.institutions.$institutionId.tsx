import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getInstitution } from "~/modules/institutions/service.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { orErrorPage } from "~/utils/route.server";
import { numericParam } from "~/utils/params.server";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "institutions.title" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:institutions");
  return orErrorPage(() => {
    return { institution: getInstitution(ctx, numericParam(params, "institutionId")) };
  });
}

export default function InstitutionPage() {
  const { t } = useTranslation();
  const { institution } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{institution.name}</h1>
      <dl className="facts">
        <dt>{t("institutions.kind")}</dt>
        <dd>{t(`institutions.kinds.${institution.kind}`)}</dd>
        <dt>{t("institutions.municipality")}</dt>
        <dd>{institution.municipalityName}</dd>
        <dt>{t("institutions.country")}</dt>
        <dd>{t(`countries.${institution.country}`)}</dd>
        <dt>{t("institutions.address")}</dt>
        <dd>{institution.address ?? "—"}</dd>
        <dt>{t("institutions.timeZone")}</dt>
        <dd>{institution.timeZone}</dd>
      </dl>
    </>
  );
}
