import type { UseFormReturn, FieldValues, Path } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { ROLES } from "../../db/schema/enums";
import type { FieldError } from "../utils/issues";
import { ErrorText, Field } from "./form";

/** Name, role and institution grants: shared by the create and edit forms. */
export function UserFields<T extends FieldValues>({
  form,
  errorFor,
  initial,
  institutions,
  granted,
}: {
  form: UseFormReturn<T>;
  errorFor: (name: string) => FieldError | undefined;
  initial: (name: string) => string | undefined;
  institutions: { id: number; name: string }[];
  granted: number[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t("users.name")} name="name" error={errorFor("name")}>
        {(a) => <input {...a} defaultValue={initial("name")} {...form.register("name" as Path<T>)} />}
      </Field>
      <Field label={t("users.role")} name="role" error={errorFor("role")}>
        {(a) => (
          <select {...a} defaultValue={initial("role")} {...form.register("role" as Path<T>)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="field">
        <legend>{t("users.institutions")}</legend>
        <p className="hint">{t("users.institutionsHint")}</p>
        {institutions.map((i) => (
          <label key={i.id} className="check">
            <input
              type="checkbox"
              value={String(i.id)}
              defaultChecked={granted.includes(i.id)}
              {...form.register("institutionIds" as Path<T>)}
            />
            {i.name}
          </label>
        ))}
        <ErrorText id="f-institutionIds-error" error={errorFor("institutionIds")} />
      </fieldset>
    </>
  );
}
