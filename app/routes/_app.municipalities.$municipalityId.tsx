import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { MunicipalityFields, type MunicipalityFormValues } from "#app/components/municipality-fields";
import { municipalityUpdateSchema } from "#app/modules/institutions/schemas.server";
import { getMunicipality, listInstitutions, updateMunicipality } from "#app/modules/institutions/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "municipalities.title" };

/** After a conflict the page shows the state someone else saved. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:institutions");
  return orErrorPage(() => {
    const municipality = getMunicipality(ctx, numericParam(params, "municipalityId"));
    return { municipality, institutions: listInstitutions(ctx, { municipalityId: municipality.id }) };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:institutions");
  const id = await orErrorPage(() => numericParam(params, "municipalityId"));
  const form = await parseForm(request, municipalityUpdateSchema);
  if (!form.ok) return form.response;
  return orFormError(async () => {
    updateMunicipality(ctx, id, form.data);
    return redirectWithFlash(`/municipalities/${id}`, { key: "municipalities.updated" });
  }, form.values);
}

export default function MunicipalityPage() {
  const { t } = useTranslation();
  const { municipality: m, institutions } = useLoaderData<typeof loader>();
  const edit = useValidatedForm<MunicipalityFormValues & { version: number }>(
    () => import("#app/modules/institutions/schemas").then((s) => s.municipalityUpdateSchema),
    { country: m.country, name: m.name, kind: m.kind, region: m.region ?? "", version: m.version },
  );
  return (
    <>
      <p>
        <Link to="/institutions">{t("municipalities.back")}</Link>
      </p>
      <h1>{m.name}</h1>
      {/* Always the saved state: after a refused edit (someone else saved first) it shows theirs. */}
      <dl className="facts">
        <dt>{t("municipalities.country")}</dt>
        <dd>{t(`countries.${m.country}`)}</dd>
        <dt>{t("municipalities.kind")}</dt>
        <dd>{t(`municipalities.kinds.${m.kind}`)}</dd>
        <dt>{t("municipalities.region")}</dt>
        <dd>{m.region ?? "—"}</dd>
        <dt>{t("municipalities.institutions")}</dt>
        <dd>
          {institutions.length === 0 ? (
            "—"
          ) : (
            <ul className="plain">
              {institutions.map((i) => (
                <li key={i.id}>
                  <Link to={`/institutions/${i.id}`}>{i.name}</Link>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <section aria-labelledby="edit-title" className="panel">
        <h2 id="edit-title">{t("municipalities.editTitle")}</h2>
        <ErrorSummary form={edit} />
        <Form method="post" onSubmit={edit.onSubmit} noValidate className="stack">
          <input type="hidden" name="version" value={m.version} />
          <MunicipalityFields form={edit.form} errorFor={edit.errorFor} initial={edit.initial} />
          <button type="submit" className="button">
            {t("common.save")}
          </button>
        </Form>
      </section>
    </>
  );
}
