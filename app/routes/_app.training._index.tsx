import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { COMPETENCE_AREAS, type Locale } from "#db/schema/enums";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { moduleTitle } from "#app/modules/staff/module-title";
import { moduleSchema } from "#app/modules/staff/schemas.server";
import { createModule, listModules } from "#app/modules/staff/training.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "staff.training.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:staff");
  return { modules: listModules(ctx) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:catalogues");
  const form = await parseForm(request, moduleSchema);
  if (!form.ok) return form.response;
  return orFormError(() => {
    const id = createModule(ctx, form.data);
    return redirectWithFlash(`/training/${id}`, { key: "staff.training.moduleCreated" });
  }, form.values);
}

export default function Training() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { modules } = useLoaderData<typeof loader>();
  const canManage = useCan("manage:catalogues");
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/staff/schemas").then((m) => m.moduleSchema),
    {
      titleEn: "",
      titlePl: "",
      titleBg: "",
      hours: "",
      competenceArea: "supported_living",
      provider: "",
    },
  );
  return (
    <>
      <p>
        <Link to="/staff">← {t("staff.title")}</Link>
      </p>
      <h1>{t("staff.training.title")}</h1>
      <table>
        <caption className="visually-hidden">{t("staff.training.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("staff.training.module")}</th>
            <th scope="col">{t("staff.training.competence")}</th>
            <th scope="col" className="num">
              {t("staff.training.hours")}
            </th>
            <th scope="col">{t("staff.training.provider")}</th>
            <th scope="col" className="num">
              {t("staff.modulesOpen")}
            </th>
            <th scope="col" className="num">
              {t("staff.modulesCompleted")}
            </th>
          </tr>
        </thead>
        <tbody>
          {modules.map(({ module: m, enrolled, completed }) => (
            <tr key={m.id}>
              <td>
                <Link to={`/training/${m.id}`}>{moduleTitle(m, locale)}</Link>
              </td>
              <td>{t(`staff.competences.${m.competenceArea}`)}</td>
              <td className="num">{m.hours}</td>
              <td>{m.provider}</td>
              <td className="num">{enrolled}</td>
              <td className="num">{completed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage ? (
        <section aria-labelledby="new-module" className="panel">
          <h2 id="new-module">{t("staff.training.newModule")}</h2>
          <ErrorSummary form={f} />
          <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
            {(["titleEn", "titlePl", "titleBg"] as const).map((name) => (
              <Field key={name} label={t(`staff.training.${name}`)} name={name} error={f.errorFor(name)}>
                {(a) => <input {...a} defaultValue={f.initial(name)} {...f.form.register(name)} />}
              </Field>
            ))}
            <div className="grid-2">
              <Field label={t("staff.training.hours")} name="hours" error={f.errorFor("hours")}>
                {(a) => (
                  <input {...a} inputMode="numeric" defaultValue={f.initial("hours")} {...f.form.register("hours")} />
                )}
              </Field>
              <Field label={t("staff.training.competence")} name="competenceArea" error={f.errorFor("competenceArea")}>
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
            </div>
            <Field label={t("staff.training.provider")} name="provider" error={f.errorFor("provider")}>
              {(a) => <input {...a} defaultValue={f.initial("provider")} {...f.form.register("provider")} />}
            </Field>
            <button type="submit" className="button">
              {t("staff.training.createModule")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
