import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { COMPETENCE_AREAS } from "#db/schema/enums";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { userToday } from "#app/modules/institutions/service.server";
import { listRatios, readiness, readinessTypes, setRatio } from "#app/modules/staff/readiness.server";
import { ratioSchema } from "#app/modules/staff/schemas.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { formatNumber } from "#app/utils/format";
import type { Locale } from "#db/schema/enums";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "staff.readiness.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:plans");
  return { rows: readiness(ctx, userToday(ctx)), ratios: listRatios(ctx), types: readinessTypes(ctx) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:catalogues");
  const form = await parseForm(request, ratioSchema);
  if (!form.ok) return form.response;
  return orFormError(() => {
    setRatio(ctx, form.data);
    return redirectWithFlash("/readiness", { key: "staff.readiness.ratioSaved" });
  }, form.values);
}

export default function Readiness() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { rows, ratios, types } = useLoaderData<typeof loader>();
  // Ratios such as 0.34 staff per place, in the user's language (0,34).
  const num = (n: number) => formatNumber(n, locale, { maximumFractionDigits: 2 });
  const canManage = useCan("manage:catalogues");
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/staff/schemas").then((m) => m.ratioSchema),
    {
      subject: "housing",
      typeCode: types.housing[0] ?? "",
      competenceArea: "supported_living",
      staffPerUnit: "",
    },
  );
  const typeName = (subject: string, code: string) =>
    t(subject === "housing" ? `catalogues.housing.${code}` : `catalogues.services.${code}`);
  return (
    <>
      <p>
        <Link to="/staff">← {t("staff.title")}</Link>
      </p>
      <h1>{t("staff.readiness.title")}</h1>
      <p className="lead">{t("staff.readiness.intro")}</p>
      <table>
        <caption className="visually-hidden">{t("staff.readiness.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("staff.training.competence")}</th>
            <th scope="col" className="num">
              {t("staff.readiness.need")}
            </th>
            <th scope="col" className="num">
              {t("staff.readiness.trained")}
            </th>
            <th scope="col" className="num">
              {t("staff.readiness.inTraining")}
            </th>
            <th scope="col" className="num">
              {t("staff.readiness.gap")}
            </th>
            <th scope="col">{t("staff.readiness.basis")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.competence} className={r.gap > 0 ? "gap" : undefined}>
              <th scope="row">{t(`staff.competences.${r.competence}`)}</th>
              <td className="num">{num(r.need)}</td>
              <td className="num">{num(r.trained)}</td>
              <td className="num">{num(r.inTraining)}</td>
              <td className="num">{r.gap > 0 ? <span className="badge warn">{num(r.gap)}</span> : 0}</td>
              <td>
                {r.sources.map((s) => (
                  <div key={`${s.subject}-${s.typeCode}`}>
                    {t(`staff.readiness.source.${s.subject}`, {
                      type: typeName(s.subject, s.typeCode),
                      units: num(s.units),
                      ratio: num(s.ratio),
                    })}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="ratios-title" className="panel">
        <h2 id="ratios-title">{t("staff.readiness.ratiosTitle")}</h2>
        {ratios.length === 0 ? (
          <p>{t("staff.readiness.noRatios")}</p>
        ) : (
          <ul>
            {ratios.map((r) => (
              <li key={r.id}>
                {t(`staff.readiness.ratioLine.${r.subject}`, {
                  type: typeName(r.subject, r.typeCode),
                  competence: t(`staff.competences.${r.competenceArea}`),
                  ratio: num(r.staffPerUnit),
                })}
              </li>
            ))}
          </ul>
        )}
        {canManage ? (
          <>
            <ErrorSummary form={f} />
            <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
              <div className="grid-2">
                <Field label={t("staff.readiness.subject")} name="subject" error={f.errorFor("subject")}>
                  {(a) => (
                    <select {...a} defaultValue={f.initial("subject")} {...f.form.register("subject")}>
                      <option value="housing">{t("staff.readiness.subjects.housing")}</option>
                      <option value="service">{t("staff.readiness.subjects.service")}</option>
                    </select>
                  )}
                </Field>
                <Field label={t("staff.readiness.type")} name="typeCode" error={f.errorFor("typeCode")}>
                  {(a) => (
                    <select {...a} defaultValue={f.initial("typeCode")} {...f.form.register("typeCode")}>
                      {(f.form.watch("subject") === "service" ? types.service : types.housing).map((code) => (
                        <option key={code} value={code}>
                          {typeName(f.form.watch("subject") ?? "housing", code)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field
                  label={t("staff.training.competence")}
                  name="competenceArea"
                  error={f.errorFor("competenceArea")}
                >
                  {(a) => (
                    <select {...a} defaultValue={f.initial("competenceArea")} {...f.form.register("competenceArea")}>
                      {COMPETENCE_AREAS.map((c) => (
                        <option key={c} value={c}>
                          {t(`staff.competences.${c}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field
                  label={t("staff.readiness.staffPerUnit")}
                  name="staffPerUnit"
                  error={f.errorFor("staffPerUnit")}
                  hint={t("staff.readiness.staffPerUnitHint")}
                >
                  {(a) => (
                    <input
                      {...a}
                      inputMode="decimal"
                      defaultValue={f.initial("staffPerUnit")}
                      {...f.form.register("staffPerUnit")}
                    />
                  )}
                </Field>
              </div>
              <button type="submit" className="button">
                {t("common.save")}
              </button>
            </Form>
          </>
        ) : null}
      </section>
    </>
  );
}
