import { useEffect } from "react";
import type { FieldValues, Path, PathValue, UseFormReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { COUNTRIES, COUNTRY_TIME_ZONE, INSTITUTION_KINDS, TIME_ZONES, type Country } from "#db/schema/enums";
import { PLACES_MAX, timeZonesOf } from "#app/modules/institutions/constants";
import type { FieldError } from "#app/utils/issues";
import { Field } from "./form-messages";

/** The form values of an institution as the browser holds them. */
export interface InstitutionFormValues {
  name: string;
  country: string;
  kind: string;
  municipalityId: string;
  timeZone: string;
  address: string;
  places: string;
}

export const EMPTY_INSTITUTION: InstitutionFormValues = {
  name: "",
  country: "",
  kind: "residential_care_home",
  municipalityId: "",
  timeZone: "",
  address: "",
  places: "",
};

const isCountry = (v: string): v is Country => (COUNTRIES as readonly string[]).includes(v);

/**
 * Fields of the institution form, shared by the create and edit pages. The plan areas and time
 * zones offered are those of the chosen country; choosing another country clears a plan area of
 * the old one and picks the new country's zone.
 */
export function InstitutionFields<T extends FieldValues>({
  form,
  errorFor,
  initial,
  municipalities,
}: {
  form: UseFormReturn<T>;
  errorFor: (name: string) => FieldError | undefined;
  initial: (name: string) => string | undefined;
  municipalities: { id: number; name: string; country: Country }[];
}) {
  const { t } = useTranslation();
  const p = (name: keyof InstitutionFormValues) => name as Path<T>;
  const chosen = String(form.watch(p("country")) ?? "");
  const country = isCountry(chosen) ? chosen : null;

  useEffect(() => {
    if (!country) return;
    const m = municipalities.find((x) => String(x.id) === String(form.getValues(p("municipalityId"))));
    if (m && m.country !== country) form.setValue(p("municipalityId"), "" as PathValue<T, Path<T>>);
    if (!timeZonesOf(country).includes(form.getValues(p("timeZone")))) {
      form.setValue(p("timeZone"), COUNTRY_TIME_ZONE[country] as PathValue<T, Path<T>>);
    }
    // Only a change of country may clear or reset the dependent fields; `form` and `p` are stable in use.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [country]);

  const municipalityOptions = (c: Country) =>
    municipalities
      .filter((m) => m.country === c)
      .map((m) => (
        <option key={m.id} value={String(m.id)}>
          {m.name}
        </option>
      ));
  const zones = country ? timeZonesOf(country) : TIME_ZONES;

  return (
    <>
      <Field label={t("institutions.name")} name="name" error={errorFor("name")}>
        {(a) => <input {...a} autoComplete="off" defaultValue={initial("name")} {...form.register(p("name"))} />}
      </Field>
      <Field label={t("institutions.kind")} name="kind" error={errorFor("kind")}>
        {(a) => (
          <select {...a} defaultValue={initial("kind")} {...form.register(p("kind"))}>
            {INSTITUTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`institutions.kinds.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("institutions.country")} name="country" error={errorFor("country")}>
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
      <Field
        label={t("institutions.municipality")}
        name="municipalityId"
        error={errorFor("municipalityId")}
        hint={t("institutions.municipalityHint")}
      >
        {(a) => (
          <select {...a} defaultValue={initial("municipalityId")} {...form.register(p("municipalityId"))}>
            <option value="">{t("institutions.chooseMunicipality")}</option>
            {country
              ? municipalityOptions(country)
              : COUNTRIES.map((c) => (
                  <optgroup key={c} label={t(`countries.${c}`)}>
                    {municipalityOptions(c)}
                  </optgroup>
                ))}
          </select>
        )}
      </Field>
      <Field
        label={t("institutions.timeZone")}
        name="timeZone"
        error={errorFor("timeZone")}
        hint={t("institutions.timeZoneHint")}
      >
        {(a) => (
          <select {...a} defaultValue={initial("timeZone")} {...form.register(p("timeZone"))}>
            {country ? null : <option value="">{t("institutions.chooseTimeZone")}</option>}
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("institutions.address")} name="address" error={errorFor("address")}>
        {(a) => <input {...a} autoComplete="off" defaultValue={initial("address")} {...form.register(p("address"))} />}
      </Field>
      <Field
        label={t("institutions.places")}
        name="places"
        error={errorFor("places")}
        hint={t("institutions.placesHint", { max: PLACES_MAX })}
      >
        {(a) => (
          <input
            {...a}
            type="number"
            inputMode="numeric"
            min={0}
            max={PLACES_MAX}
            defaultValue={initial("places")}
            {...form.register(p("places"))}
          />
        )}
      </Field>
    </>
  );
}
