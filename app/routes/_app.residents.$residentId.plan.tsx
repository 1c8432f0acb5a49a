import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { HOUSING_TYPES, SERVICE_TYPES, validEntries } from "#app/modules/catalogues/catalogues";
import { viewResident } from "#app/modules/residents/service.server";
import { approvePlan, getPlan, savePlan } from "#app/modules/transitions/records.server";
import { planActionSchema } from "#app/modules/transitions/schemas.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { localDate } from "#app/utils/dates";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { formatDate } from "#app/utils/format";
import { residentIdParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import type { Locale } from "#db/schema/enums";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "transitions.plan.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  return orErrorPage(() => {
    const { resident, transition, institution } = viewResident(ctx, residentIdParam(params));
    const today = localDate(ctx.now, institution.timeZone);
    return {
      resident: { id: resident.id, name: `${resident.firstName} ${resident.lastName}` },
      plan: getPlan(ctx, transition.id),
      me: ctx.actor.id,
      today,
      housingTypes: validEntries(HOUSING_TYPES, institution.country, today).map((h) => h.code),
      serviceTypes: validEntries(SERVICE_TYPES, institution.country, today).map((s) => s.code),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  const id = await orErrorPage(() => residentIdParam(params));
  const form = await parseForm(request, planActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  return orFormError(() => {
    if (input.intent === "approve") {
      approvePlan(ctx, id, input);
      return redirectWithFlash(`/residents/${id}`, { key: "transitions.plan.approvedFlash" });
    }
    savePlan(ctx, id, input);
    return redirectWithFlash(`/residents/${id}`, { key: "transitions.plan.saved" });
  }, form.values);
}

export default function PlanPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { resident, plan, me, today, housingTypes, serviceTypes } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:transitions");
  const f = useValidatedForm<Record<string, unknown>>(
    () => import("#app/modules/transitions/schemas").then((m) => m.planSchema),
    {
      intent: "save",
      goals: plan?.goals ?? "",
      supportNeeded: plan?.supportNeeded ?? "",
      housingPreference: plan?.housingPreference ?? "",
      plannedServices: (plan?.plannedServices as string[] | undefined) ?? [],
      writtenOn: plan?.writtenOn ?? today,
      version: String(plan?.version ?? 0),
    },
    { intent: "save" },
  );
  const approve = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/transitions/schemas").then((m) => m.approvePlanSchema),
    {
      intent: "approve",
      approvedOn: today,
      version: String(plan?.version ?? 0),
    },
    { intent: "approve" },
  );
  const planned = (plan?.plannedServices as string[] | undefined) ?? [];
  return (
    <>
      <p>
        <Link to={`/residents/${resident.id}`}>← {resident.name}</Link>
      </p>
      <h1>{t("transitions.plan.title")}</h1>
      <p>
        {plan?.status === "approved"
          ? plan.approvedByName
            ? t("transitions.plan.approvedImported", {
                date: formatDate(plan.approvedOn, locale),
                name: plan.approvedByName,
                author: plan.preparedByName ?? "—",
              })
            : t("transitions.plan.approved", { date: formatDate(plan.approvedOn, locale) })
          : plan
            ? t("transitions.plan.draft")
            : t("transitions.plan.none")}
      </p>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <input type="hidden" name="version" value={plan?.version ?? 0} />
        <Field label={t("transitions.plan.writtenOn")} name="writtenOn" error={f.errorFor("writtenOn")}>
          {(a) => (
            <input
              {...a}
              type="date"
              max={today}
              defaultValue={f.initial("writtenOn")}
              disabled={!canWrite}
              {...f.form.register("writtenOn")}
            />
          )}
        </Field>
        <Field label={t("transitions.plan.goals")} name="goals" error={f.errorFor("goals")}>
          {(a) => (
            <textarea
              {...a}
              rows={4}
              defaultValue={f.initial("goals")}
              disabled={!canWrite}
              {...f.form.register("goals")}
            />
          )}
        </Field>
        <Field label={t("transitions.plan.supportNeeded")} name="supportNeeded" error={f.errorFor("supportNeeded")}>
          {(a) => (
            <textarea
              {...a}
              rows={4}
              defaultValue={f.initial("supportNeeded")}
              disabled={!canWrite}
              {...f.form.register("supportNeeded")}
            />
          )}
        </Field>
        <Field
          label={t("transitions.plan.housingPreference")}
          name="housingPreference"
          error={f.errorFor("housingPreference")}
        >
          {(a) => (
            <select
              {...a}
              defaultValue={f.initial("housingPreference")}
              disabled={!canWrite}
              {...f.form.register("housingPreference")}
            >
              <option value="">{t("common.notKnown")}</option>
              {housingTypes.map((h) => (
                <option key={h} value={h}>
                  {t(`catalogues.housing.${h}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="field">
          <legend>{t("transitions.plan.plannedServices")}</legend>
          {serviceTypes.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                value={s}
                defaultChecked={planned.includes(s)}
                disabled={!canWrite}
                {...f.form.register("plannedServices")}
              />
              {t(`catalogues.services.${s}`)}
            </label>
          ))}
        </fieldset>
        {canWrite ? (
          <button type="submit" name="intent" value="save" className="button">
            {t("common.save")}
          </button>
        ) : null}
        {plan?.status === "approved" && canWrite ? (
          <p className="hint">{t("transitions.plan.editResetsApproval")}</p>
        ) : null}
      </Form>

      {plan && plan.status !== "approved" && canWrite ? (
        <section aria-labelledby="approve-title" className="panel">
          <h2 id="approve-title">{t("transitions.plan.approveTitle")}</h2>
          {plan.preparedBy === me ? (
            <p className="hint">{t("transitions.errors.selfApproval")}</p>
          ) : (
            <Form method="post" onSubmit={approve.onSubmit} noValidate className="stack">
              <ErrorSummary form={approve} />
              <input type="hidden" name="version" value={plan.version} />
              <Field label={t("transitions.plan.approvedOn")} name="approvedOn" error={approve.errorFor("approvedOn")}>
                {(a) => (
                  <input
                    {...a}
                    type="date"
                    max={today}
                    defaultValue={approve.initial("approvedOn")}
                    {...approve.form.register("approvedOn")}
                  />
                )}
              </Field>
              <button type="submit" name="intent" value="approve" className="button">
                {t("transitions.plan.approve")}
              </button>
            </Form>
          )}
        </section>
      ) : null}
    </>
  );
}
