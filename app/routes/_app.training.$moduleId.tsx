import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { EnrolSection } from "#app/components/training-sections";
import { moduleTitle } from "#app/modules/staff/module-title";
import { trainingModuleActionSchema } from "#app/modules/staff/schemas.server";
import { staffChoices } from "#app/modules/staff/service.server";
import { bulkEnrol, enrolmentAction, getModule, moduleEnrolments } from "#app/modules/staff/training.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { userToday } from "#app/modules/institutions/service.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { formatDate } from "#app/utils/format";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "staff.training.module" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:staff");
  return orErrorPage(() => {
    const module = getModule(ctx, numericParam(params, "moduleId"));
    const list = moduleEnrolments(ctx, module.id);
    const taken = new Set(list.filter((e) => e.enrolment.state !== "dropped").map((e) => e.enrolment.staffMemberId));
    return {
      module,
      enrolments: list,
      candidates: staffChoices(ctx).filter((s) => !taken.has(s.id)),
      today: userToday(ctx),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:staff");
  const moduleId = await orErrorPage(() => numericParam(params, "moduleId"));
  const form = await parseForm(request, trainingModuleActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  return orFormError(() => {
    if (input.intent === "enrol") {
      const ids = bulkEnrol(ctx, { ...input, moduleId });
      return redirectWithFlash(`/training/${moduleId}`, {
        key: "staff.training.enrolled",
        values: { count: ids.length },
      });
    }
    const n = enrolmentAction(ctx, input);
    return redirectWithFlash(`/training/${moduleId}`, {
      key: `staff.training.done.${input.intent}`,
      values: { count: n },
    });
  }, form.values);
}

export default function ModulePage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { module, enrolments, candidates, today } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:staff");
  const enrol = useValidatedForm<Record<string, unknown>>(
    () => import("#app/modules/staff/schemas").then((m) => m.bulkEnrolSchema),
    { moduleId: String(module.id), enrolledOn: today, staffIds: [] },
    { intent: "enrol" },
  );
  const act = useValidatedForm<Record<string, unknown>>(
    () => import("#app/modules/staff/schemas").then((m) => m.enrolmentActionSchema),
    {
      intent: "attend",
      on: today,
      hours: "",
      reason: "",
      certificateRef: "",
      enrolmentIds: [],
    },
  );
  const open = enrolments.filter((e) => e.enrolment.state === "enrolled" || e.enrolment.state === "in_progress");
  return (
    <>
      <p>
        <Link to="/training">← {t("staff.training.title")}</Link>
      </p>
      <h1>{moduleTitle(module, locale)}</h1>
      <p className="lead">
        {t(`staff.competences.${module.competenceArea}`)} · {t("staff.training.hoursValue", { hours: module.hours })} ·{" "}
        {module.provider}
      </p>
      <ErrorSummary form={[enrol, act]} />

      <section aria-labelledby="enrolled-title" className="panel">
        <h2 id="enrolled-title">{t("staff.training.enrolledTitle", { count: enrolments.length })}</h2>
        <Form method="post" onSubmit={act.onSubmit} noValidate className="stack">
          <fieldset className="field">
            <legend className="visually-hidden">{t("staff.training.choosePeople")}</legend>
            <table>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t("staff.training.choosePeople")}</span>
                  </th>
                  <th scope="col">{t("residents.name")}</th>
                  <th scope="col">{t("staff.training.state")}</th>
                  <th scope="col">{t("staff.enrolledOn")}</th>
                  <th scope="col" className="num">
                    {t("staff.training.sessions")}
                  </th>
                  <th scope="col">{t("staff.training.completedOn")}</th>
                </tr>
              </thead>
              <tbody>
                {enrolments.map((e) => {
                  const isOpen = e.enrolment.state === "enrolled" || e.enrolment.state === "in_progress";
                  return (
                    <tr key={e.enrolment.id}>
                      <td>
                        {isOpen && canWrite ? (
                          <input
                            type="checkbox"
                            value={String(e.enrolment.id)}
                            aria-label={`${e.firstName} ${e.lastName}`}
                            {...act.form.register("enrolmentIds")}
                          />
                        ) : null}
                      </td>
                      <td>
                        <Link to={`/staff/${e.enrolment.staffMemberId}`}>
                          {e.lastName}, {e.firstName}
                        </Link>
                      </td>
                      <td>
                        {t(`staff.enrolmentStates.${e.enrolment.state}`)}
                        {e.enrolment.dropReason ? ` (${e.enrolment.dropReason})` : ""}
                      </td>
                      <td>{formatDate(e.enrolment.enrolledOn, locale)}</td>
                      <td className="num">{e.sessions}</td>
                      <td>{e.enrolment.completedOn ? formatDate(e.enrolment.completedOn, locale) : "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {open.length > 0 && canWrite ? (
              <label className="check">
                <input
                  type="checkbox"
                  onChange={(ev) =>
                    act.form.setValue(
                      "enrolmentIds",
                      ev.currentTarget.checked ? open.map((e) => String(e.enrolment.id)) : [],
                    )
                  }
                />
                {t("staff.training.selectAllOpen")}
              </label>
            ) : null}
          </fieldset>
          {open.length > 0 && canWrite ? (
            <div className="panel">
              <div className="grid-2">
                <Field label={t("staff.training.actionDate")} name="on" error={act.errorFor("on")}>
                  {(a) => (
                    <input
                      {...a}
                      type="date"
                      max={today}
                      defaultValue={act.initial("on")}
                      {...act.form.register("on")}
                    />
                  )}
                </Field>
                <Field label={t("staff.training.sessionHours")} name="hours" error={act.errorFor("hours")}>
                  {(a) => (
                    <input
                      {...a}
                      inputMode="decimal"
                      defaultValue={act.initial("hours")}
                      {...act.form.register("hours")}
                    />
                  )}
                </Field>
                <Field
                  label={t("staff.training.certificateRef")}
                  name="certificateRef"
                  error={act.errorFor("certificateRef")}
                >
                  {(a) => (
                    <input
                      {...a}
                      defaultValue={act.initial("certificateRef")}
                      {...act.form.register("certificateRef")}
                    />
                  )}
                </Field>
                <Field label={t("staff.training.dropReason")} name="reason" error={act.errorFor("reason")}>
                  {(a) => <input {...a} defaultValue={act.initial("reason")} {...act.form.register("reason")} />}
                </Field>
              </div>
              <p className="hint" id="enrolmentIds-hint">
                {t("staff.training.actionsHint")}
              </p>
              {act.errorFor("enrolmentIds") ? (
                <p className="field-error">{t(act.errorFor("enrolmentIds")!.key)}</p>
              ) : null}
              <div className="button-row">
                <button type="submit" name="intent" value="attend" className="button">
                  {t("staff.training.markAttendance")}
                </button>
                <button type="submit" name="intent" value="complete" className="button">
                  {t("staff.training.markCompleted")}
                </button>
                <button type="submit" name="intent" value="drop" className="button secondary">
                  {t("staff.training.markDropped")}
                </button>
              </div>
            </div>
          ) : null}
        </Form>
      </section>

      {canWrite && candidates.length > 0 ? (
        <EnrolSection enrol={enrol} candidates={candidates} today={today} moduleId={module.id} />
      ) : null}
    </>
  );
}
