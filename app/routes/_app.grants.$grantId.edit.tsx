import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { EMPTY_GRANT, GrantFields, type GrantFormValues } from "#app/components/grant-fields";
import { targetField } from "#app/modules/grants/form-fields";
import { grantUpdateSchema } from "#app/modules/grants/schemas.server";
import { getGrant, grantFormOptions, updateGrant } from "#app/modules/grants/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "grants.edit" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:grants");
  const id = numericParam(params, "grantId");
  return orErrorPage(() => ({ detail: getGrant(ctx, id), ...grantFormOptions(ctx) }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:grants");
  const id = numericParam(params, "grantId");
  const form = await parseForm(request, grantUpdateSchema);
  if (!form.ok) return form.response;
  return orFormError(() => {
    updateGrant(ctx, id, form.data);
    return redirectWithFlash(`/grants/${id}`, { key: "grants.updated" });
  }, form.values);
}

export default function EditGrant() {
  const { t } = useTranslation();
  const { detail, institutions, municipalities } = useLoaderData<typeof loader>();
  const g = detail.grant;
  const defaults: GrantFormValues = {
    ...EMPTY_GRANT,
    contractNumber: g.contractNumber,
    title: g.title,
    programme: g.programme,
    ageScheme: g.ageScheme,
    funder: g.funder,
    currency: g.currency,
    budget: (g.budgetMinor / 100).toFixed(2),
    startsOn: g.startsOn,
    endsOn: g.endsOn,
    lastPaymentOn: g.lastPaymentOn ?? "",
    partners: g.partners.join("\n"),
    municipalityId: g.municipalityId ? String(g.municipalityId) : "",
    institutionIds: detail.institutions.map((i) => String(i.id)),
    version: String(g.version),
    ...Object.fromEntries(
      detail.targets.flatMap((tg) => [
        [targetField(tg.indicatorCode, "unit"), tg.unit],
        [targetField(tg.indicatorCode, "baseline"), String(tg.baseline)],
        [targetField(tg.indicatorCode, "target"), String(tg.target)],
      ]),
    ),
  };
  const f = useValidatedForm<GrantFormValues>(
    () => import("#app/modules/grants/schemas").then((m) => m.grantUpdateSchema),
    defaults,
  );
  return (
    <>
      <h1>
        {t("grants.edit")}: {g.contractNumber}
      </h1>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <input type="hidden" {...f.form.register("version")} />
        <GrantFields
          form={f.form}
          errorFor={f.errorFor}
          initial={f.initial}
          institutions={institutions}
          municipalities={municipalities}
          granted={detail.institutions.map((i) => i.id)}
        />
        <button type="submit" className="button">
          {t("common.save")}
        </button>
      </Form>
    </>
  );
}
