import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { browserToday, ResidentFields } from "#app/components/resident-fields";
import { listInstitutions, userToday } from "#app/modules/institutions/service.server";
import { newResidentSchemaOn } from "#app/modules/residents/schemas.server";
import { createResident, institutionToday } from "#app/modules/residents/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "residents.new" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:residents");
  // Every institution in scope, of any kind, as the service and the CSV import accept (decision 017).
  return {
    institutions: listInstitutions(ctx).map((i) => ({ id: i.id, name: i.name, timeZone: i.timeZone })),
    today: userToday(ctx),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:residents");
  const form = await parseForm(request, newResidentSchemaOn(institutionToday(ctx)));
  if (!form.ok) return form.response;
  return orFormError(() => {
    const id = createResident(ctx, form.data);
    return redirectWithFlash(`/residents/${id}`, { key: "residents.created" });
  }, form.values);
}

export default function NewResident() {
  const { t } = useTranslation();
  const { institutions, today } = useLoaderData<typeof loader>();
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/residents/schemas").then((m) => m.newResidentSchemaOn(browserToday(institutions))),
    {
      institutionId: String(institutions[0]?.id ?? ""),
      firstName: "",
      lastName: "",
      sex: "",
      dateOfBirth: "",
      targetGroup: "older_person",
      disability: "not_disclosed",
      legalCapacity: "full",
      guardianName: "",
      guardianContact: "",
      guardianDecision: "",
      admissionDate: "",
      supportNeeds: "",
      openedOn: today,
    },
  );
  return (
    <>
      <h1>{t("residents.new")}</h1>
      {institutions.length === 0 ? <p role="status">{t("residents.noInstitution")}</p> : null}
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <ResidentFields form={f.form} errorFor={f.errorFor} initial={f.initial} institutions={institutions} />
        <Field
          label={t("transitions.openedOn")}
          name="openedOn"
          error={f.errorFor("openedOn")}
          hint={t("residents.openedOnHint")}
        >
          {(a) => (
            <input
              {...a}
              type="date"
              max={today}
              defaultValue={f.initial("openedOn")}
              {...f.form.register("openedOn")}
            />
          )}
        </Field>
        <button type="submit" className="button">
          {t("residents.create")}
        </button>
      </Form>
    </>
  );
}
