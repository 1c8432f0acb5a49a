import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { AGE_SCHEMES, CURRENCIES, INDICATOR_CODES, INDICATOR_UNITS } from "#db/schema/enums";
import { targetField } from "#app/modules/grants/form-fields";
import type { FieldError } from "#app/utils/issues";
import { ErrorText, Field } from "./form-messages";

/** The grant form's values as the browser holds them (targets as flat `unit_CODE` fields). */
export type GrantFormValues = Record<string, string | string[]>;

export const EMPTY_GRANT: GrantFormValues = {
  contractNumber: "",
  title: "",
  programme: "",
  ageScheme: "esf_plus_2021_2027",
  funder: "",
  currency: "PLN",
  budget: "",
  startsOn: "",
  endsOn: "",
  lastPaymentOn: "",
  partners: "",
  municipalityId: "",
  institutionIds: [],
  ...Object.fromEntries(
    INDICATOR_CODES.flatMap((c) => [
      [targetField(c, "unit"), ""],
      [targetField(c, "baseline"), ""],
      [targetField(c, "target"), ""],
    ]),
  ),
};

/** Fields of a grant's contract: shared by the create and edit pages. */
export function GrantFields<T extends FieldValues>({
  form,
  errorFor,
  initial,
  institutions,
  municipalities,
  granted,
}: {
  form: UseFormReturn<T>;
  errorFor: (name: string) => FieldError | undefined;
  initial: (name: string) => string | undefined;
  institutions: { id: number; name: string }[];
  municipalities: { id: number; name: string }[];
  granted: number[];
}) {
  const { t } = useTranslation();
  const reg = (name: string) => form.register(name as Path<T>);
  const text = (name: string, label: string, hint?: string) => (
    <Field label={label} name={name} error={errorFor(name)} hint={hint}>
      {(a) => <input {...a} defaultValue={initial(name)} {...reg(name)} />}
    </Field>
  );
  return (
    <>
      <div className="grid-2">
        {text("contractNumber", t("grants.contractNumber"))}
        {text("title", t("grants.grantTitle"))}
        {text("programme", t("grants.programme"))}
        {text("funder", t("grants.funder"))}
      </div>
      <Field label={t("grants.ageScheme")} name="ageScheme" error={errorFor("ageScheme")}>
        {(a) => (
          <select {...a} defaultValue={initial("ageScheme")} {...reg("ageScheme")}>
            {AGE_SCHEMES.map((s) => (
              <option key={s} value={s}>
                {t(`grants.ageSchemes.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="grid-2">
        <Field label={t("grants.currency")} name="currency" error={errorFor("currency")}>
          {(a) => (
            <select {...a} defaultValue={initial("currency")} {...reg("currency")}>
              {CURRENCIES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text("budget", t("grants.budget"), t("grants.budgetHint"))}
        <Field label={t("grants.startsOn")} name="startsOn" error={errorFor("startsOn")}>
          {(a) => <input type="date" {...a} defaultValue={initial("startsOn")} {...reg("startsOn")} />}
        </Field>
        <Field label={t("grants.endsOn")} name="endsOn" error={errorFor("endsOn")}>
          {(a) => <input type="date" {...a} defaultValue={initial("endsOn")} {...reg("endsOn")} />}
        </Field>
        <Field
          label={t("grants.lastPaymentOn")}
          name="lastPaymentOn"
          error={errorFor("lastPaymentOn")}
          hint={t("grants.lastPaymentOnHint")}
        >
          {(a) => <input type="date" {...a} defaultValue={initial("lastPaymentOn")} {...reg("lastPaymentOn")} />}
        </Field>
      </div>
      <Field label={t("grants.partners")} name="partners" error={errorFor("partners")} hint={t("grants.partnersHint")}>
        {(a) => <textarea rows={3} {...a} defaultValue={initial("partners")} {...reg("partners")} />}
      </Field>
      <Field label={t("grants.municipality")} name="municipalityId" error={errorFor("municipalityId")}>
        {(a) => (
          <select {...a} defaultValue={initial("municipalityId")} {...reg("municipalityId")}>
            <option value="">{t("grants.noMunicipality")}</option>
            {municipalities.map((m) => (
              <option key={m.id} value={String(m.id)}>
                {m.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="field">
        <legend>{t("grants.institutions")}</legend>
        <p className="hint">{t("grants.institutionsHint")}</p>
        {institutions.map((i) => (
          <label key={i.id} className="check">
            <input
              type="checkbox"
              value={String(i.id)}
              defaultChecked={granted.includes(i.id)}
              {...reg("institutionIds")}
            />
            {i.name}
          </label>
        ))}
        <ErrorText id="f-institutionIds-error" error={errorFor("institutionIds")} />
      </fieldset>
      <fieldset className="field">
        <legend>{t("grants.targets")}</legend>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("grants.indicator")}</th>
              <th scope="col">{t("grants.unit")}</th>
              <th scope="col">{t("grants.baseline")}</th>
              <th scope="col">{t("grants.target")}</th>
            </tr>
          </thead>
          <tbody>
            {INDICATOR_CODES.map((code) => {
              const cell = (part: "unit" | "baseline" | "target") => {
                const name = targetField(code, part);
                const error = errorFor(name);
                const common = {
                  id: `f-${name}`,
                  "aria-label": `${t(`indicators.${code}`)}: ${t(`grants.${part}`)}`,
                  "aria-invalid": !!error,
                  "aria-describedby": error ? `f-${name}-error` : undefined,
                  defaultValue: initial(name),
                  ...reg(name),
                };
                return (
                  <td>
                    {part === "unit" ? (
                      <select {...common}>
                        <option value="">—</option>
                        {INDICATOR_UNITS.map((u) => (
                          <option key={u} value={u}>
                            {t(`grants.units.${u}`)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input inputMode="numeric" size={7} {...common} />
                    )}
                    <ErrorText id={`f-${name}-error`} error={error} />
                  </td>
                );
              };
              return (
                <tr key={code}>
                  <th scope="row">{t(`indicators.${code}`)}</th>
                  {cell("unit")}
                  {cell("baseline")}
                  {cell("target")}
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>
    </>
  );
}
