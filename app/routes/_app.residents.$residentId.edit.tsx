import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { browserToday, ResidentFields } from "#app/components/resident-fields";
import { listInstitutions } from "#app/modules/institutions/service.server";
import { residentUpdateSchemaOn } from "#app/modules/residents/schemas.server";
import {
  assertNotAnonymised,
  findResident,
  institutionToday,
  updateResident,
} from "#app/modules/residents/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { residentIdParam } from "#app/utils/params.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "residents.edit" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:residents");
  return orErrorPage(() => {
    const { resident } = findResident(ctx, residentIdParam(params));
    // An anonymised record has nothing left to edit (its date of birth is a stand-in): say so.
    assertNotAnonymised(resident);
    return {
      resident,
      institutions: listInstitutions(ctx).map((i) => ({ id: i.id, name: i.name, timeZone: i.timeZone })),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:residents");
  const id = await orErrorPage(() => residentIdParam(params));
  const form = await parseForm(request, residentUpdateSchemaOn(institutionToday(ctx)));
  if (!form.ok) return form.response;
  return orFormError(() => {
    updateResident(ctx, id, form.data);
    return redirectWithFlash(`/residents/${id}`, { key: "residents.updated" });
  }, form.values);
}

export default function EditResident() {
  const { t } = useTranslation();
  const { resident, institutions } = useLoaderData<typeof loader>();
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/residents/schemas").then((m) => m.residentUpdateSchemaOn(browserToday(institutions))),
    {
      institutionId: String(resident.institutionId),
      firstName: resident.firstName,
      lastName: resident.lastName,
      sex: resident.sex ?? "",
      dateOfBirth: resident.dateOfBirth ?? "",
      targetGroup: resident.targetGroup,
      disability: resident.disability,
      legalCapacity: resident.legalCapacity,
      guardianName: resident.guardianName ?? "",
      guardianContact: resident.guardianContact ?? "",
      guardianDecision: resident.guardianDecision ?? "",
      admissionDate: resident.admissionDate ?? "",
      supportNeeds: resident.supportNeeds ?? "",
      version: String(resident.version),
    },
  );
  return (
    <>
      <p>
        <Link to={`/residents/${resident.id}`}>
          ← {resident.firstName} {resident.lastName}
        </Link>
      </p>
      <h1>{t("residents.edit")}</h1>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <input type="hidden" name="version" value={resident.version} />
        <ResidentFields
          form={f.form}
          errorFor={f.errorFor}
          initial={f.initial}
          institutions={institutions}
          lockInstitution
        />
        <button type="submit" className="button">
          {t("common.save")}
        </button>
      </Form>
    </>
  );
}
