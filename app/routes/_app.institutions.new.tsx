import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { EMPTY_INSTITUTION, InstitutionFields, type InstitutionFormValues } from "#app/components/institution-fields";
import { institutionSchema } from "#app/modules/institutions/schemas.server";
import { createInstitution, municipalityChoices } from "#app/modules/institutions/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { orFormError } from "#app/utils/route.server";
import { COUNTRY_TIME_ZONE } from "#db/schema/enums";
import { revalidateOnConflict } from "#app/utils/revalidate";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "institutions.new" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:institutions");
  return { municipalities: municipalityChoices(ctx) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:institutions");
  const form = await parseForm(request, institutionSchema);
  if (!form.ok) return form.response;
  return orFormError(async () => {
    const id = createInstitution(ctx, form.data);
    return redirectWithFlash(`/institutions/${id}`, { key: "institutions.created" });
  }, form.values);
}

export default function NewInstitution() {
  const { t } = useTranslation();
  const { municipalities } = useLoaderData<typeof loader>();
  // With plan areas of one country only, that country (and its zone) is the likely choice.
  const countries = [...new Set(municipalities.map((m) => m.country))];
  const only = countries.length === 1 ? countries[0]! : null;
  const f = useValidatedForm<InstitutionFormValues>(
    () => import("#app/modules/institutions/schemas").then((m) => m.institutionSchema),
    {
      ...EMPTY_INSTITUTION,
      country: only ?? "",
      timeZone: only ? COUNTRY_TIME_ZONE[only] : "",
      municipalityId: municipalities.length === 1 ? String(municipalities[0]!.id) : "",
    },
  );
  return (
    <>
      <h1>{t("institutions.new")}</h1>
      {municipalities.length === 0 ? (
        <p role="note" className="form-error">
          {t("institutions.noMunicipalities")} <Link to="/municipalities/new">{t("municipalities.new")}</Link>
        </p>
      ) : null}
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <InstitutionFields form={f.form} errorFor={f.errorFor} initial={f.initial} municipalities={municipalities} />
        <button type="submit" className="button">
          {t("institutions.create")}
        </button>
      </Form>
    </>
  );
}
