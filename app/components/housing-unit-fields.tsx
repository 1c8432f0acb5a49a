import { useActionData } from "@remix-run/react";
import { useEffect } from "react";
import type { FieldValues, Path, PathValue, UseFormReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { COUNTRIES, HOUSING_UNIT_STATUSES, OPERATOR_KINDS, type Country, type Locale } from "#db/schema/enums";
import { Field } from "./form-messages";
import { formatDate } from "#app/utils/format";
import type { FieldError } from "#app/utils/issues";
import { HOUSING_TYPES, type CatalogueEntry } from "#app/modules/catalogues/catalogues";
import { CAPACITY_MAX, CAPACITY_MIN } from "#app/modules/housing/limits";

/** The form values of a housing unit as the browser holds them. */
export interface HousingUnitFormValues {
  institutionId: string;
  housingType: string;
  name: string;
  address: string;
  operatorName: string;
  operatorKind: string;
  capacity: string;
  maxFundedUsers: string;
  openedOn: string;
  status: string;
}

export const EMPTY_UNIT: HousingUnitFormValues = {
  institutionId: "",
  housingType: "",
  name: "",
  address: "",
  operatorName: "",
  operatorKind: "municipality",
  capacity: "",
  maxFundedUsers: "",
  openedOn: "",
  status: "planned",
};

/** Fields of the housing unit form, shared by the create and edit pages. */
export function HousingUnitFields<T extends FieldValues>({
  form,
  errorFor,
  initial,
  institutions,
  premises,
}: {
  form: UseFormReturn<T>;
  errorFor: (name: string) => FieldError | undefined;
  initial: (name: string) => string | undefined;
  institutions: { id: number; name: string; country: Country }[];
  /** The saved "on institution premises" flag. */
  premises: boolean;
}) {
  const { t, i18n } = useTranslation();
  const failure = useActionData() as { ok?: boolean; values?: Record<string, unknown> } | undefined;
  const sent = failure?.ok === false ? failure.values : undefined;
  const locale = i18n.language as Locale;
  const p = (name: keyof HousingUnitFormValues) => name as Path<T>;
  const institutionId = String(form.watch(p("institutionId")) ?? "");
  const country = institutions.find((i) => String(i.id) === institutionId)?.country ?? null;

  // Only the chosen institution's country's types are offered; a type of another country is cleared.
  useEffect(() => {
    const type = HOUSING_TYPES.find((h) => h.code === form.getValues(p("housingType")));
    if (country && type && type.country !== country) {
      form.setValue(p("housingType"), "" as PathValue<T, Path<T>>);
    }
    // Only a change of country may clear or reset the dependent fields; `form` and `p` are stable in use.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [country]);

  const typeLabel = (h: CatalogueEntry) => {
    const name = t(`catalogues.housing.${h.code}`);
    if (h.validTo) return `${name} (${t("housing.validUntil", { date: formatDate(h.validTo, locale, "UTC") })})`;
    if (h.validFrom) return `${name} (${t("housing.validFrom", { date: formatDate(h.validFrom, locale, "UTC") })})`;
    return name;
  };
  const typeOptions = (c: Country) =>
    HOUSING_TYPES.filter((h) => h.country === c).map((h) => (
      <option key={h.code} value={h.code}>
        {typeLabel(h)}
      </option>
    ));

  return (
    <>
      <Field label={t("housing.institution")} name="institutionId" error={errorFor("institutionId")}>
        {(a) => (
          <select {...a} defaultValue={initial("institutionId")} {...form.register(p("institutionId"))}>
            <option value="">{t("housing.chooseInstitution")}</option>
            {institutions.map((i) => (
              <option key={i.id} value={String(i.id)}>
                {i.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={t("housing.housingType")}
        name="housingType"
        error={errorFor("housingType")}
        hint={t("housing.housingTypeHint")}
      >
        {(a) => (
          <select {...a} defaultValue={initial("housingType")} {...form.register(p("housingType"))}>
            <option value="">{t("housing.chooseType")}</option>
            {country
              ? typeOptions(country)
              : COUNTRIES.map((c) => (
                  <optgroup key={c} label={t(`countries.${c}`)}>
                    {typeOptions(c)}
                  </optgroup>
                ))}
          </select>
        )}
      </Field>
      <Field label={t("housing.name")} name="name" error={errorFor("name")}>
        {(a) => <input {...a} defaultValue={initial("name")} {...form.register(p("name"))} />}
      </Field>
      <Field label={t("housing.address")} name="address" error={errorFor("address")}>
        {(a) => <input {...a} autoComplete="off" defaultValue={initial("address")} {...form.register(p("address"))} />}
      </Field>
      <Field label={t("housing.operatorName")} name="operatorName" error={errorFor("operatorName")}>
        {(a) => <input {...a} defaultValue={initial("operatorName")} {...form.register(p("operatorName"))} />}
      </Field>
      <Field label={t("housing.operatorKind")} name="operatorKind" error={errorFor("operatorKind")}>
        {(a) => (
          <select {...a} defaultValue={initial("operatorKind")} {...form.register(p("operatorKind"))}>
            {OPERATOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`operatorKinds.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={t("housing.capacity")}
        name="capacity"
        error={errorFor("capacity")}
        hint={t("housing.capacityHint", { min: CAPACITY_MIN, max: CAPACITY_MAX })}
      >
        {(a) => (
          <input
            {...a}
            type="number"
            inputMode="numeric"
            min={CAPACITY_MIN}
            max={CAPACITY_MAX}
            defaultValue={initial("capacity")}
            {...form.register(p("capacity"))}
          />
        )}
      </Field>
      {country === "BG" ? (
        <Field
          label={t("housing.maxFundedUsers")}
          name="maxFundedUsers"
          error={errorFor("maxFundedUsers")}
          hint={t("housing.maxFundedUsersHint")}
        >
          {(a) => (
            <input
              {...a}
              type="number"
              inputMode="numeric"
              min={0}
              defaultValue={initial("maxFundedUsers")}
              {...form.register(p("maxFundedUsers"))}
            />
          )}
        </Field>
      ) : null}
      <Field label={t("housing.status")} name="status" error={errorFor("status")}>
        {(a) => (
          <select {...a} defaultValue={initial("status")} {...form.register(p("status"))}>
            {HOUSING_UNIT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`housingStatuses.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={t("housing.openedOn")}
        name="openedOn"
        error={errorFor("openedOn")}
        hint={t("housing.openedOnHint")}
      >
        {(a) => <input {...a} type="date" defaultValue={initial("openedOn")} {...form.register(p("openedOn"))} />}
      </Field>
      <div className="field">
        {/* Not registered with react-hook-form: a plain checkbox posts "true" or nothing, and after a
            refused submit it shows what was sent. */}
        <label className="check">
          <input
            type="checkbox"
            name="onInstitutionPremises"
            value="true"
            aria-describedby="f-onInstitutionPremises-hint"
            defaultChecked={sent ? sent.onInstitutionPremises === "true" : premises}
          />
          {t("housing.onInstitutionPremises")}
        </label>
        <p id="f-onInstitutionPremises-hint" className="hint">
          {t("housing.premisesHint")}
        </p>
      </div>
    </>
  );
}
