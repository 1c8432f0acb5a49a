import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { viewResident } from "#app/modules/residents/service.server";
import { listVisits, recordVisit, visitWindow } from "#app/modules/transitions/records.server";
import { visitSchema } from "#app/modules/transitions/schemas.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { localDate } from "#app/utils/dates";
import { AppError } from "#app/utils/errors";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { formatDate } from "#app/utils/format";
import { numericParam, residentIdParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "transitions.visits.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  return orErrorPage(() => {
    const { resident, transition, institution } = viewResident(ctx, residentIdParam(params));
    const visit = listVisits(ctx, transition.id).find((v) => v.id === numericParam(params, "visitId"));
    if (!visit) throw new AppError("not_found", "errors.notFound.body");
    return {
      resident: { id: resident.id, name: `${resident.firstName} ${resident.lastName}` },
      visit,
      opensOn: visitWindow(visit).opensOn,
      today: localDate(ctx.now, institution.timeZone),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  const [id, visitId] = await orErrorPage(() => [residentIdParam(params), numericParam(params, "visitId")] as const);
  const form = await parseForm(request, visitSchema);
  if (!form.ok) return form.response;
  return orFormError(() => {
    recordVisit(ctx, id, visitId, form.data);
    return redirectWithFlash(`/residents/${id}`, { key: "transitions.visits.recordedFlash" });
  }, form.values);
}

export default function VisitPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { resident, visit, opensOn, today } = useLoaderData<typeof loader>();
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/transitions/schemas").then((m) => m.visitSchema),
    {
      visitedOn: visit.visitedOn ?? (visit.dueOn <= today ? visit.dueOn : today),
      findings: visit.findings ?? "",
      actions: visit.actions ?? "",
      version: String(visit.version),
    },
  );
  return (
    <>
      <p>
        <Link to={`/residents/${resident.id}`}>← {resident.name}</Link>
      </p>
      <h1>{t("transitions.visits.recordTitle", { count: visit.monthsAfterMove })}</h1>
      <p>
        {t("transitions.visits.due", { date: formatDate(visit.dueOn, locale), move: formatDate(visit.moveOn, locale) })}
      </p>
      <p className="hint">{t("transitions.visits.opensOn", { date: formatDate(opensOn, locale) })}</p>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <input type="hidden" name="version" value={visit.version} />
        <Field label={t("transitions.visits.visitedOn")} name="visitedOn" error={f.errorFor("visitedOn")}>
          {(a) => (
            <input
              {...a}
              type="date"
              min={opensOn}
              max={today}
              defaultValue={f.initial("visitedOn")}
              {...f.form.register("visitedOn")}
            />
          )}
        </Field>
        <Field label={t("transitions.visits.findings")} name="findings" error={f.errorFor("findings")}>
          {(a) => <textarea {...a} rows={5} defaultValue={f.initial("findings")} {...f.form.register("findings")} />}
        </Field>
        <Field label={t("transitions.visits.actions")} name="actions" error={f.errorFor("actions")}>
          {(a) => <textarea {...a} rows={3} defaultValue={f.initial("actions")} {...f.form.register("actions")} />}
        </Field>
        <button type="submit" className="button">
          {t("common.save")}
        </button>
      </Form>
    </>
  );
}
