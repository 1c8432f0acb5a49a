import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { housingUnitSchema } from "#app/modules/housing/schemas.server";
import { createHousingUnit } from "#app/modules/housing/service.server";
import { EMPTY_UNIT, HousingUnitFields, type HousingUnitFormValues } from "#app/components/housing-unit-fields";
import { listAllInstitutionsForAdmin } from "#app/modules/institutions/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "housing.new" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  // Scoped: the institutions the user may see.
  return { institutions: listAllInstitutionsForAdmin(ctx) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  const form = await parseForm(request, housingUnitSchema);
  if (!form.ok) return form.response;
  return orFormError(async () => {
    const id = createHousingUnit(ctx, form.data);
    return redirectWithFlash(`/housing/${id}`, { key: "housing.created" });
  }, form.values);
}

export default function NewHousingUnit() {
  const { t } = useTranslation();
  const { institutions } = useLoaderData<typeof loader>();
  const f = useValidatedForm<HousingUnitFormValues>(
    () => import("#app/modules/housing/schemas").then((m) => m.housingUnitSchema),
    {
      ...EMPTY_UNIT,
      institutionId: institutions.length === 1 ? String(institutions[0]!.id) : "",
    },
  );
  return (
    <>
      <h1>{t("housing.new")}</h1>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <HousingUnitFields
          form={f.form}
          errorFor={f.errorFor}
          initial={f.initial}
          institutions={institutions}
          premises={false}
        />
        <button type="submit" className="button">
          {t("housing.create")}
        </button>
      </Form>
    </>
  );
}
