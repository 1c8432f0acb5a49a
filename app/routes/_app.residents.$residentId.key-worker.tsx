import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorText, FormError } from "#app/components/form-messages";
import { assignKeyWorker, eligibleWorkers, keyWorkerOf } from "#app/modules/caseload/service.server";
import { assignSchema } from "#app/modules/caseload/schemas.server";
import { viewResident } from "#app/modules/residents/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { residentIdParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "caseload.keyWorkerTitle" };
export const shouldRevalidate = revalidateOnConflict;

/** Assigning a resident's key worker, or handing the case over (decision 023). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  return orErrorPage(() => {
    const { resident, transition, institution } = viewResident(ctx, residentIdParam(params));
    const k = keyWorkerOf(ctx, transition);
    return {
      resident: { id: resident.id, name: `${resident.firstName} ${resident.lastName}` },
      institutionName: institution.name,
      version: transition.version,
      ...k,
      workers: k.canChange
        ? eligibleWorkers(ctx.db, institution.id).filter((w) => w.id !== transition.caseWorkerId)
        : [],
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:caseload");
  const id = await orErrorPage(() => residentIdParam(params));
  const form = await parseForm(request, assignSchema);
  if (!form.ok) return form.response;
  return orFormError(() => {
    const r = assignKeyWorker(ctx, id, form.data);
    return redirectWithFlash(`/residents/${id}`, {
      key: "caseload.assignedFlash",
      values: { worker: r.workerName, resident: r.residentName },
    });
  }, form.values);
}

export default function KeyWorkerPage() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData && "ok" in actionData && actionData.ok === false ? actionData : undefined;
  const base = `/residents/${d.resident.id}`;
  return (
    <>
      <p>
        <Link to={base}>← {d.resident.name}</Link>
      </p>
      <h1>{t("caseload.keyWorkerTitle")}</h1>
      <p className="lead">
        {d.resident.name} · {d.institutionName}
      </p>
      <p>
        {t("caseload.keyWorker")}:{" "}
        {d.keyWorker ? (
          <strong>{d.keyWorker.name}</strong>
        ) : (
          <span className="badge warn">{t("caseload.unassigned")}</span>
        )}
      </p>
      <FormError error={failure?.formError} />
      {!d.canChange ? (
        <p className="muted">{t("caseload.onlyKeyWorkerOrSupervisor")}</p>
      ) : d.workers.length === 0 ? (
        <p className="muted">{t("caseload.noEligibleWorkers", { institution: d.institutionName })}</p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="version" value={d.version} />
          <div className="field">
            <label htmlFor="f-workerId">{d.keyWorker ? t("caseload.transferTo") : t("caseload.assignTo")}</label>
            <p id="f-workerId-hint" className="hint">
              {t("caseload.eligibleHint", { institution: d.institutionName })}
            </p>
            <select
              id="f-workerId"
              name="workerId"
              required
              defaultValue=""
              aria-describedby="f-workerId-hint"
              aria-invalid={!!failure?.fieldErrors?.workerId}
            >
              <option value="" disabled>
                {t("caseload.choose")}
              </option>
              {d.workers.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
            <ErrorText id="f-workerId-error" error={failure?.fieldErrors?.workerId} />
          </div>
          <button type="submit" className="button">
            {d.keyWorker ? t("caseload.transfer") : t("caseload.assign")}
          </button>
        </Form>
      )}
    </>
  );
}
