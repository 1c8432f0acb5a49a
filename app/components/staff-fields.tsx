import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { SEXES } from "#db/schema/enums";
import type { FieldError } from "#app/utils/issues";
import { Field } from "./form-messages";

/** The staff member form's fields, shared by "new" and the staff page. */
export function StaffFields<T extends FieldValues>({
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
  const input = (name: string, label: string, type = "text") => (
    <Field label={label} name={name} error={errorFor(name)}>
      {(a) => <input {...a} type={type} defaultValue={initial(name)} {...reg(name)} />}
    </Field>
  );
  return (
    <>
      {lockInstitution ? (
        <input type="hidden" defaultValue={initial("institutionId")} {...reg("institutionId")} />
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
        {input("firstName", t("residents.firstName"))}
        {input("lastName", t("residents.lastName"))}
      </div>
      <div className="grid-2">
        {input("position", t("staff.position"))}
        <Field label={t("residents.sex")} name="sex" error={errorFor("sex")}>
          {(a) => (
            <select {...a} defaultValue={initial("sex")} {...reg("sex")}>
              <option value="">{t("common.notKnown")}</option>
              {SEXES.map((s) => (
                <option key={s} value={s}>
                  {t(`residents.sexes.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="grid-2">
        {input("dateOfBirth", t("residents.dateOfBirth"), "date")}
        {input("employedFrom", t("staff.employedFrom"), "date")}
      </div>
      <div className="grid-2">
        {input("employedTo", t("staff.employedTo"), "date")}
        {input("email", t("users.email"), "email")}
      </div>
      {input("phone", t("staff.phone"), "tel")}
    </>
  );
}

export const EMPTY_STAFF = {
  firstName: "",
  lastName: "",
  sex: "",
  dateOfBirth: "",
  position: "",
  employedFrom: "",
  employedTo: "",
  email: "",
  phone: "",
};
