import type { UseFormReturn, FieldValues, Path } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { COUNTRIES, ROLES } from "#db/schema/enums";
import type { FieldError } from "#app/utils/issues";
import { ErrorText, Field } from "./form-messages";

/** Name, role and institution grants: shared by the create and edit forms. */
export function UserFields<T extends FieldValues>({
  form,
  errorFor,
  initial,
  institutions,
  granted,
  municipalities,
  grantedAreas,
}: {
  form: UseFormReturn<T>;
  errorFor: (name: string) => FieldError | undefined;
  initial: (name: string) => string | undefined;
  institutions: { id: number; name: string }[];
  granted: number[];
  /** The plan areas a monitoring user may be granted, and what is granted (decision 033). */
  municipalities: { id: number; name: string; country: string }[];
  grantedAreas: { municipalityIds: number[]; countries: string[] };
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
      <fieldset className="field">
        <legend>{t("users.areas")}</legend>
        <p className="hint">{t("users.areasHint")}</p>
        {municipalities.map((m) => (
          <label key={m.id} className="check">
            <input
              type="checkbox"
              value={String(m.id)}
              defaultChecked={grantedAreas.municipalityIds.includes(m.id)}
              {...form.register("municipalityIds" as Path<T>)}
            />
            {m.name} ({t(`countries.${m.country}`)})
          </label>
        ))}
        <ErrorText id="f-municipalityIds-error" error={errorFor("municipalityIds")} />
      </fieldset>
      <fieldset className="field">
        <legend>{t("users.countries")}</legend>
        <p className="hint">{t("users.countriesHint")}</p>
        {COUNTRIES.map((c) => (
          <label key={c} className="check">
            <input
              type="checkbox"
              value={c}
              defaultChecked={grantedAreas.countries.includes(c)}
              {...form.register("countries" as Path<T>)}
            />
            {t("users.wholeCountry", { country: t(`countries.${c}`) })}
          </label>
        ))}
        <ErrorText id="f-countries-error" error={errorFor("countries")} />
      </fieldset>
    </>
  );
}
