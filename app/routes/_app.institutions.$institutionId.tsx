import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { InstitutionFields, type InstitutionFormValues } from "#app/components/institution-fields";
import { institutionUpdateSchema } from "#app/modules/institutions/schemas.server";
import { getInstitution, municipalityChoices, updateInstitution } from "#app/modules/institutions/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { numericParam } from "#app/utils/params.server";
import { roleHasPermission } from "#app/utils/permissions";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";
import { useCan } from "#app/utils/user";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "institutions.title" };

/** After a conflict the page shows the state someone else saved. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:institutions");
  return orErrorPage(() => ({
    institution: getInstitution(ctx, numericParam(params, "institutionId")),
    // The edit form's choices, only for those who may edit.
    municipalities: roleHasPermission(ctx.actor.role, "manage:institutions") ? municipalityChoices(ctx) : [],
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:institutions");
  const id = await orErrorPage(() => numericParam(params, "institutionId"));
  const form = await parseForm(request, institutionUpdateSchema);
  if (!form.ok) return form.response;
  return orFormError(async () => {
    updateInstitution(ctx, id, form.data);
    return redirectWithFlash(`/institutions/${id}`, { key: "institutions.updated" });
  }, form.values);
}

export default function InstitutionPage() {
  const { t } = useTranslation();
  const { institution, municipalities } = useLoaderData<typeof loader>();
  const canManage = useCan("manage:institutions");
  const edit = useValidatedForm<InstitutionFormValues & { version: number }>(
    () => import("#app/modules/institutions/schemas").then((m) => m.institutionUpdateSchema),
    {
      name: institution.name,
      country: institution.country,
      kind: institution.kind,
      municipalityId: String(institution.municipalityId),
      timeZone: institution.timeZone,
      address: institution.address ?? "",
      places: institution.places == null ? "" : String(institution.places),
      version: institution.version,
    },
  );
  return (
    <>
      <h1>{institution.name}</h1>
      {/* Always the saved state: after a refused edit (someone else saved first) it shows theirs. */}
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
        <dt>{t("institutions.places")}</dt>
        <dd>{institution.places ?? t("common.notKnown")}</dd>
      </dl>

      {canManage ? (
        <section aria-labelledby="edit-title" className="panel">
          <h2 id="edit-title">{t("institutions.editTitle")}</h2>
          <ErrorSummary form={edit} />
          <Form method="post" onSubmit={edit.onSubmit} noValidate className="stack">
            <input type="hidden" name="version" value={institution.version} />
            <InstitutionFields
              form={edit.form}
              errorFor={edit.errorFor}
              initial={edit.initial}
              municipalities={municipalities}
            />
            <button type="submit" className="button">
              {t("common.save")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
