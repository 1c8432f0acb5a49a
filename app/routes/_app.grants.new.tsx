import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { EMPTY_GRANT, GrantFields, type GrantFormValues } from "#app/components/grant-fields";
import { grantCreateSchema } from "#app/modules/grants/schemas.server";
import { createGrant, grantFormOptions } from "#app/modules/grants/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "grants.new" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:grants");
  return grantFormOptions(ctx);
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:grants");
  const form = await parseForm(request, grantCreateSchema);
  if (!form.ok) return form.response;
  return orFormError(() => {
    const id = createGrant(ctx, form.data);
    return redirectWithFlash(`/grants/${id}`, { key: "grants.created", values: { number: form.data.contractNumber } });
  }, form.values);
}

export default function NewGrant() {
  const { t } = useTranslation();
  const { institutions, municipalities } = useLoaderData<typeof loader>();
  const f = useValidatedForm<GrantFormValues>(
    () => import("#app/modules/grants/schemas").then((m) => m.grantCreateSchema),
    { ...EMPTY_GRANT, firstPeriodStart: "", periodMonths: "3" },
  );
  return (
    <>
      <h1>{t("grants.new")}</h1>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <GrantFields
          form={f.form}
          errorFor={f.errorFor}
          initial={f.initial}
          institutions={institutions}
          municipalities={municipalities}
          granted={[]}
        />
        <fieldset className="field">
          <legend>{t("grants.periodsTitle")}</legend>
          <p className="hint">{t("grants.firstPeriodHint")}</p>
          <div className="grid-2">
            <Field label={t("grants.firstPeriodStart")} name="firstPeriodStart" error={f.errorFor("firstPeriodStart")}>
              {(a) => (
                <input
                  type="date"
                  {...a}
                  defaultValue={f.initial("firstPeriodStart")}
                  {...f.form.register("firstPeriodStart")}
                />
              )}
            </Field>
            <Field label={t("grants.periodMonths")} name="periodMonths" error={f.errorFor("periodMonths")}>
              {(a) => (
                <input
                  inputMode="numeric"
                  {...a}
                  defaultValue={f.initial("periodMonths")}
                  {...f.form.register("periodMonths")}
                />
              )}
            </Field>
          </div>
        </fieldset>
        <button type="submit" className="button">
          {t("grants.create")}
        </button>
      </Form>
    </>
  );
}
