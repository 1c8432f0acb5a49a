import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { newPlanSchema } from "#app/modules/plans/schemas.server";
import { createPlan, listPlans, plannableAreas } from "#app/modules/plans/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "plans.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:plans");
  return { plans: listPlans(ctx), areas: plannableAreas(ctx) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:plans");
  const form = await parseForm(request, newPlanSchema);
  if (!form.ok) return form.response;
  return orFormError(() => {
    const id = createPlan(ctx, form.data);
    return redirectWithFlash(`/plans/${id}`, { key: "plans.created" });
  }, form.values);
}

export default function Plans() {
  const { t } = useTranslation();
  const { plans, areas } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:plans");
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/plans/schemas").then((m) => m.newPlanSchema),
    { municipalityId: String(areas[0]?.id ?? ""), title: "" },
  );
  return (
    <>
      <h1>{t("plans.title")}</h1>
      {plans.length === 0 ? (
        <p>{t("plans.none")}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t("plans.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("plans.planTitle")}</th>
              <th scope="col">{t("plans.area")}</th>
              <th scope="col" className="num">
                {t("plans.version")}
              </th>
              <th scope="col">{t("plans.state")}</th>
            </tr>
          </thead>
          <tbody>
            {plans.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/plans/${p.id}`}>{p.title}</Link>
                </td>
                <td>{p.municipalityName}</td>
                <td className="num">{p.latest}</td>
                <td>{t(`plans.states.${p.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && areas.length > 0 ? (
        <section aria-labelledby="new-plan" className="panel">
          <h2 id="new-plan">{t("plans.new")}</h2>
          <ErrorSummary form={f} />
          <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
            <Field label={t("plans.area")} name="municipalityId" error={f.errorFor("municipalityId")}>
              {(a) => (
                <select {...a} defaultValue={f.initial("municipalityId")} {...f.form.register("municipalityId")}>
                  {areas.map((m) => (
                    <option key={m.id} value={String(m.id)}>
                      {m.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("plans.planTitle")} name="title" error={f.errorFor("title")}>
              {(a) => <input {...a} defaultValue={f.initial("title")} {...f.form.register("title")} />}
            </Field>
            <button type="submit" className="button">
              {t("plans.create")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
