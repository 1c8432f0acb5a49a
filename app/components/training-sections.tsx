import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/form-messages";
import type { useValidatedForm } from "#app/components/form";

/** The module page's enrolment form's state: made by the page, whose top summarises its refusals. */
export type EnrolForm = ReturnType<typeof useValidatedForm<Record<string, unknown>>>;

/** Enrols the chosen staff members in the module from a day (not after today). */
export function EnrolSection({
  enrol,
  candidates,
  today,
  moduleId,
}: {
  enrol: EnrolForm;
  candidates: { id: number; firstName: string; lastName: string; position: string }[];
  today: string;
  moduleId: number;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="enrol-title" className="panel">
      <h2 id="enrol-title">{t("staff.training.enrolTitle")}</h2>
      <Form method="post" onSubmit={enrol.onSubmit} noValidate className="stack">
        <input type="hidden" name="moduleId" value={moduleId} />
        <Field label={t("staff.enrolledOn")} name="enrolledOn" error={enrol.errorFor("enrolledOn")}>
          {(a) => (
            <input
              {...a}
              type="date"
              max={today}
              defaultValue={enrol.initial("enrolledOn")}
              {...enrol.form.register("enrolledOn")}
            />
          )}
        </Field>
        <fieldset className="field people">
          <legend>{t("staff.training.choosePeople")}</legend>
          {candidates.map((c) => (
            <label key={c.id} className="check">
              <input type="checkbox" value={String(c.id)} {...enrol.form.register("staffIds")} />
              {c.lastName}, {c.firstName} <span className="muted">({c.position})</span>
            </label>
          ))}
          {enrol.errorFor("staffIds") ? <p className="field-error">{t(enrol.errorFor("staffIds")!.key)}</p> : null}
        </fieldset>
        <button type="submit" name="intent" value="enrol" className="button">
          {t("staff.training.enrolSubmit")}
        </button>
      </Form>
    </section>
  );
}
