import { useEffect } from "react";
import type { FieldValues, Path, PathValue, UseFormReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { COUNTRIES, MUNICIPALITY_KINDS, type Country } from "#db/schema/enums";
import { municipalityKindsOf } from "#app/modules/institutions/constants";
import type { FieldError } from "#app/utils/issues";
import { Field } from "./form-messages";

/** The form values of a plan area as the browser holds them. */
export interface MunicipalityFormValues {
  country: string;
  name: string;
  kind: string;
  region: string;
}

export const EMPTY_MUNICIPALITY: MunicipalityFormValues = { country: "", name: "", kind: "", region: "" };

const isCountry = (v: string): v is Country => (COUNTRIES as readonly string[]).includes(v);

/** Fields of the plan-area form, shared by the create and edit pages: the kinds offered are the country's. */
export function MunicipalityFields<T extends FieldValues>({
  form,
  errorFor,
  initial,
}: {
  form: UseFormReturn<T>;
  errorFor: (name: string) => FieldError | undefined;
  initial: (name: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const p = (name: keyof MunicipalityFormValues) => name as Path<T>;
  const chosen = String(form.watch(p("country")) ?? "");
  const country = isCountry(chosen) ? chosen : null;
  const kinds = country ? municipalityKindsOf(country) : MUNICIPALITY_KINDS;

  // A kind of the other country is replaced by the first of the chosen country's kinds.
  useEffect(() => {
    if (country && !municipalityKindsOf(country).includes(form.getValues(p("kind")))) {
      form.setValue(p("kind"), municipalityKindsOf(country)[0] as PathValue<T, Path<T>>);
    }
    // Only a change of country may clear or reset the dependent fields; `form` and `p` are stable in use.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [country]);

  return (
    <>
      <Field label={t("municipalities.country")} name="country" error={errorFor("country")}>
        {(a) => (
          <select {...a} defaultValue={initial("country")} {...form.register(p("country"))}>
            <option value="">{t("institutions.chooseCountry")}</option>
            {COUNTRIES.map((c) => (
              <option key={c} value={c}>
                {t(`countries.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("municipalities.name")} name="name" error={errorFor("name")} hint={t("municipalities.nameHint")}>
        {(a) => <input {...a} autoComplete="off" defaultValue={initial("name")} {...form.register(p("name"))} />}
      </Field>
      <Field label={t("municipalities.kind")} name="kind" error={errorFor("kind")}>
        {(a) => (
          <select {...a} defaultValue={initial("kind")} {...form.register(p("kind"))}>
            {country ? null : <option value="">{t("municipalities.chooseKind")}</option>}
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`municipalities.kinds.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={t("municipalities.region")}
        name="region"
        error={errorFor("region")}
        hint={t("municipalities.regionHint")}
      >
        {(a) => <input {...a} autoComplete="off" defaultValue={initial("region")} {...form.register(p("region"))} />}
      </Field>
    </>
  );
}
