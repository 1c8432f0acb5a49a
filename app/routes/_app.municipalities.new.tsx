import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import {
  EMPTY_MUNICIPALITY,
  MunicipalityFields,
  type MunicipalityFormValues,
} from "#app/components/municipality-fields";
import { municipalitySchema } from "#app/modules/institutions/schemas.server";
import { createMunicipality } from "#app/modules/institutions/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "municipalities.new" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:institutions");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:institutions");
  const form = await parseForm(request, municipalitySchema);
  if (!form.ok) return form.response;
  return orFormError(async () => {
    createMunicipality(ctx, form.data);
    return redirectWithFlash("/institutions", { key: "municipalities.created" });
  }, form.values);
}

export default function NewMunicipality() {
  const { t } = useTranslation();
  const f = useValidatedForm<MunicipalityFormValues>(
    () => import("#app/modules/institutions/schemas").then((m) => m.municipalitySchema),
    EMPTY_MUNICIPALITY,
  );
  return (
    <>
      <p>
        <Link to="/institutions">{t("municipalities.back")}</Link>
      </p>
      <h1>{t("municipalities.new")}</h1>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <MunicipalityFields form={f.form} errorFor={f.errorFor} initial={f.initial} />
        <button type="submit" className="button">
          {t("municipalities.create")}
        </button>
      </Form>
    </>
  );
}
