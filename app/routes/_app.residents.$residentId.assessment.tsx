import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LIFE_DOMAINS, SUPPORT_INTENSITIES } from "#db/schema/enums";
import { ErrorSummary, ErrorText, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { viewResident } from "#app/modules/residents/service.server";
import { getAssessment, saveAssessment } from "#app/modules/transitions/records.server";
import { assessmentSchema } from "#app/modules/transitions/schemas.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { residentIdParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "transitions.assessment.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  return orErrorPage(() => {
    const { resident, transition } = viewResident(ctx, residentIdParam(params));
    return {
      resident: { id: resident.id, name: `${resident.firstName} ${resident.lastName}` },
      assessment: getAssessment(ctx, transition.id),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  const id = await orErrorPage(() => residentIdParam(params));
  const form = await parseForm(request, assessmentSchema);
  if (!form.ok) return form.response;
  return orFormError(() => {
    saveAssessment(ctx, id, form.data);
    return redirectWithFlash(`/residents/${id}`, { key: "transitions.assessment.saved" });
  }, form.values);
}

export default function AssessmentPage() {
  const { t } = useTranslation();
  const { resident, assessment } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:transitions");
  const domains = (assessment?.domains ?? {}) as Record<string, { intensity: string | null; notes: string }>;
  // Nothing is assumed: a domain not assessed (and a new assessment's overall intensity) is empty.
  const defaults: Record<string, string> = {
    overallIntensity: assessment?.overallIntensity ?? "",
    summary: assessment?.summary ?? "",
    completedByName: assessment?.completedByName ?? "",
    completedOn: assessment?.completedOn ?? "",
    version: String(assessment?.version ?? 0),
  };
  for (const d of LIFE_DOMAINS) {
    defaults[`domain_${d}`] = domains[d]?.intensity ?? "";
    defaults[`note_${d}`] = domains[d]?.notes ?? "";
  }
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/transitions/schemas").then((m) => m.assessmentSchema),
    defaults,
  );
  const intensitySelect = (name: string, label: string) => (
    <Field label={label} name={name} error={f.errorFor(name)}>
      {(a) => (
        <select {...a} defaultValue={f.initial(name)} disabled={!canWrite} {...f.form.register(name)}>
          <option value="">{t("transitions.assessment.choose")}</option>
          {SUPPORT_INTENSITIES.map((i) => (
            <option key={i} value={i}>
              {t(`transitions.intensities.${i}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <>
      <p>
        <Link to={`/residents/${resident.id}`}>← {resident.name}</Link>
      </p>
      <h1>{t("transitions.assessment.title")}</h1>
      <p className="hint">{t("transitions.assessment.hint")}</p>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <input type="hidden" name="version" value={assessment?.version ?? 0} />
        <div className="table-scroll">
          <table className="stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t("transitions.assessment.domain")}</th>
                <th scope="col">{t("transitions.assessment.intensity")}</th>
                <th scope="col">{t("transitions.assessment.notes")}</th>
              </tr>
            </thead>
            <tbody>
              {LIFE_DOMAINS.map((d) => (
                <tr key={d}>
                  <th scope="row">{t(`transitions.domains.${d}`)}</th>
                  <td>
                    <select
                      aria-label={`${t(`transitions.domains.${d}`)}: ${t("transitions.assessment.intensity")}`}
                      aria-invalid={!!f.errorFor(`domain_${d}`)}
                      aria-describedby={f.errorFor(`domain_${d}`) ? `f-domain_${d}-error` : undefined}
                      defaultValue={f.initial(`domain_${d}`)}
                      disabled={!canWrite}
                      {...f.form.register(`domain_${d}`)}
                    >
                      <option value="">{t("transitions.assessment.notAssessed")}</option>
                      {SUPPORT_INTENSITIES.map((i) => (
                        <option key={i} value={i}>
                          {t(`transitions.intensities.${i}`)}
                        </option>
                      ))}
                    </select>
                    <ErrorText id={`f-domain_${d}-error`} error={f.errorFor(`domain_${d}`)} />
                  </td>
                  <td>
                    <input
                      aria-label={`${t(`transitions.domains.${d}`)}: ${t("transitions.assessment.notes")}`}
                      placeholder={t("transitions.assessment.notes")}
                      defaultValue={f.initial(`note_${d}`)}
                      disabled={!canWrite}
                      {...f.form.register(`note_${d}`)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {intensitySelect("overallIntensity", t("transitions.assessment.overall"))}
        <Field label={t("transitions.assessment.summary")} name="summary" error={f.errorFor("summary")}>
          {(a) => (
            <textarea
              {...a}
              rows={4}
              defaultValue={f.initial("summary")}
              disabled={!canWrite}
              {...f.form.register("summary")}
            />
          )}
        </Field>
        <div className="grid-2">
          <Field
            label={t("transitions.assessment.completedByName")}
            name="completedByName"
            error={f.errorFor("completedByName")}
          >
            {(a) => (
              <input
                {...a}
                defaultValue={f.initial("completedByName")}
                disabled={!canWrite}
                {...f.form.register("completedByName")}
              />
            )}
          </Field>
          <Field
            label={t("transitions.assessment.completedOn")}
            name="completedOn"
            error={f.errorFor("completedOn")}
            hint={t("transitions.assessment.completedOnHint")}
          >
            {(a) => (
              <input
                {...a}
                type="date"
                defaultValue={f.initial("completedOn")}
                disabled={!canWrite}
                {...f.form.register("completedOn")}
              />
            )}
          </Field>
        </div>
        {canWrite ? (
          <button type="submit" className="button">
            {t("common.save")}
          </button>
        ) : null}
      </Form>
    </>
  );
}
