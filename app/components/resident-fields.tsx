import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { DISABILITY_STATUSES, LEGAL_CAPACITIES, SEXES, TARGET_GROUPS } from "#db/schema/enums";
import { localDate } from "#app/utils/dates";
import type { FieldError } from "#app/utils/issues";
import { Field } from "./form-messages";

/**
 * "Today" in the browser for each institution of the form, in the institution's time zone (the
 * server judges again with its own clock): the resident schemas' `InstitutionToday`.
 */
export function browserToday(institutions: { id: number; timeZone: string }[]) {
  return (institutionId: number) => {
    const zone = institutions.find((i) => i.id === institutionId)?.timeZone;
    return zone ? localDate(new Date(), zone) : null;
  };
}

/** The resident form's fields, shared by "new" and "edit". */
export function ResidentFields<T extends FieldValues>({
  form,
  errorFor,
  initial,
  institutions,
  lockInstitution,
}: {
  form: UseFormReturn<T>;
  errorFor: (name: string) => FieldError | undefined;
  initial: (name: string) => string | undefined;
  institutions: { id: number; name: string }[];
  lockInstitution?: boolean;
}) {
  const { t } = useTranslation();
  const reg = (name: string) => form.register(name as Path<T>);
  const text = (name: string, label: string, type = "text", hint?: string) => (
    <Field label={label} name={name} error={errorFor(name)} hint={hint}>
      {(a) => <input {...a} type={type} defaultValue={initial(name)} {...reg(name)} />}
    </Field>
  );
  const select = (name: string, label: string, options: readonly string[], prefix: string, allowEmpty = false) => (
    <Field label={label} name={name} error={errorFor(name)}>
      {(a) => (
        <select {...a} defaultValue={initial(name)} {...reg(name)}>
          {allowEmpty ? <option value="">{t("common.notKnown")}</option> : null}
          {options.map((o) => (
            <option key={o} value={o}>
              {t(`${prefix}.${o}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <>
      {lockInstitution ? (
        <div className="field">
          <span className="label">{t("residents.institution")}</span>
          <span>{institutions.find((i) => String(i.id) === initial("institutionId"))?.name}</span>
          <input type="hidden" defaultValue={initial("institutionId")} {...reg("institutionId")} />
        </div>
      ) : (
        <Field label={t("residents.institution")} name="institutionId" error={errorFor("institutionId")}>
          {(a) => (
            <select {...a} defaultValue={initial("institutionId")} {...reg("institutionId")}>
              {institutions.map((i) => (
                <option key={i.id} value={String(i.id)}>
                  {i.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <div className="grid-2">
        {text("firstName", t("residents.firstName"))}
        {text("lastName", t("residents.lastName"))}
      </div>
      <div className="grid-2">
        {select("sex", t("residents.sex"), SEXES, "residents.sexes", true)}
        {text("dateOfBirth", t("residents.dateOfBirth"), "date", t("residents.completenessHint"))}
      </div>
      <div className="grid-2">
        {select("targetGroup", t("residents.targetGroup"), TARGET_GROUPS, "residents.targetGroups")}
        {select("disability", t("residents.disability"), DISABILITY_STATUSES, "residents.disabilities")}
      </div>
      {text("admissionDate", t("residents.admissionDate"), "date")}
      <fieldset className="panel">
        <legend>{t("residents.legalTitle")}</legend>
        {select("legalCapacity", t("residents.legalCapacity"), LEGAL_CAPACITIES, "residents.legalCapacities")}
        {text("guardianName", t("residents.guardianName"), "text", t("residents.guardianHint"))}
        {text("guardianContact", t("residents.guardianContact"))}
        {text("guardianDecision", t("residents.guardianDecision"))}
      </fieldset>
      <Field label={t("residents.supportNeeds")} name="supportNeeds" error={errorFor("supportNeeds")}>
        {(a) => <textarea {...a} rows={4} defaultValue={initial("supportNeeds")} {...reg("supportNeeds")} />}
      </Field>
    </>
  );
}
