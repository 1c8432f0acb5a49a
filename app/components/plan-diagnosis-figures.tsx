import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { HOUSING_TYPES } from "#app/modules/catalogues/catalogues";
import {
  FIGURE_GROUPS,
  FIGURE_TOTALS,
  figureField,
  figureKey,
  fromRegister,
  groupCategories,
  type DiagnosisFigures,
  type FigureGroup,
} from "#app/modules/plans/diagnosis";
import type { PlanPage } from "#app/modules/plans/page.server";
import { formatDate, formatNumber } from "#app/utils/format";
import { ErrorSummary, Field } from "./form-messages";
import { useValidatedForm } from "./form";

/**
 * The diagnostic part's figures (issue #20 item 3, decision 039): totals and breakdowns, each with
 * where it came from ("from the register as of …" or typed by the group). On a draft the group
 * drafts them from the register as of a day, and edits any figure afterwards. A cell hidden as a
 * small count shows `•` (decision 022's mark) and is left empty in the form.
 */
export function PlanDiagnosisFigures({ d, editable }: { d: PlanPage; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const v = d.version;
  const dg = v.content.diagnosis as DiagnosisFigures;
  const groups = FIGURE_GROUPS.map((g) => ({ g, cats: groupCategories(dg, g, d.catalogue) })).filter(
    (x) => x.cats.length > 0,
  );
  const defaults: Record<string, string> = {
    intent: "diagnosis",
    version: String(v.version),
    ...Object.fromEntries(FIGURE_TOTALS.map((n) => [n, String(dg[n] ?? 0)])),
    ...Object.fromEntries(
      groups.flatMap(({ g, cats }) =>
        cats.map((c, i) => {
          const n = dg[g]?.[c];
          return [figureField(g, i), n === null || n === undefined ? "" : String(n)];
        }),
      ),
    ),
  };
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/plans/diagnosis-schemas").then((m) => m.diagnosisFiguresSchema),
    defaults,
    { intent: "diagnosis" },
  );
  const asOf = dg.register ? formatDate(dg.register.asOf, locale) : "";
  const source = (key: string) =>
    fromRegister(dg, key)
      ? t("plans.diagnosisFigures.fromRegister", { date: asOf })
      : t("plans.diagnosisFigures.typed");
  const categoryLabel = (g: FigureGroup, c: string) => {
    switch (g) {
      case "residentsByTargetGroup":
        return t(`residents.targetGroups.${c}`);
      case "residentsByAgeBand":
        return c === "unknown" ? t("plans.diagnosisFigures.unknownAge") : t(`grants.ageGroups.${c}`);
      case "residentsByLegalCapacity":
        return t(`residents.legalCapacities.${c}`);
      case "placesByType":
        return t(HOUSING_TYPES.some((h) => h.code === c) ? `catalogues.housing.${c}` : `catalogues.services.${c}`);
      case "servicesByType":
        return t(`catalogues.services.${c}`);
      case "staffByRetraining":
        return t(`plans.diagnosisFigures.retraining.${c}`);
      case "staffByRole":
        return c;
    }
  };
  const shown = (n: number | null | undefined) =>
    n === null ? (
      <span title={t("grants.disclosure.cellTitle")} aria-label={t("grants.disclosure.cellTitle")}>
        •
      </span>
    ) : (
      formatNumber(n ?? 0, locale)
    );

  const tables = (
    <>
      <div className="table-scroll">
        <table className="stack-on-phone">
          <caption>{t("plans.diagnosisFigures.totals")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("plans.diagnosisFigures.figure")}</th>
              <th scope="col" className="num">
                {t("plans.diagnosisFigures.value")}
              </th>
              <th scope="col">{t("plans.diagnosisFigures.source")}</th>
            </tr>
          </thead>
          <tbody>
            {FIGURE_TOTALS.map((n) => (
              <tr key={n}>
                <th scope="row">{t(`plans.figures.${n}`)}</th>
                <td className="num" data-label={t("plans.diagnosisFigures.value")}>
                  {editable ? (
                    <Field label={t(`plans.figures.${n}`)} name={n} error={f.errorFor(n)}>
                      {(a) => (
                        <input
                          {...a}
                          inputMode="numeric"
                          size={7}
                          defaultValue={f.initial(n)}
                          {...f.form.register(n)}
                        />
                      )}
                    </Field>
                  ) : (
                    shown(dg[n] ?? 0)
                  )}
                </td>
                <td data-label={t("plans.diagnosisFigures.source")}>{source(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {groups.map(({ g, cats }) => (
        <div key={g} className="table-scroll">
          <table className="stack-on-phone">
            <caption>{t(`plans.diagnosisFigures.groups.${g}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t("plans.diagnosisFigures.category")}</th>
                <th scope="col" className="num">
                  {t("plans.diagnosisFigures.value")}
                </th>
                <th scope="col">{t("plans.diagnosisFigures.source")}</th>
              </tr>
            </thead>
            <tbody>
              {cats.map((c, i) => {
                const name = figureField(g, i);
                const label = `${t(`plans.diagnosisFigures.groups.${g}`)}: ${categoryLabel(g, c)}`;
                return (
                  <tr key={c}>
                    <th scope="row">{categoryLabel(g, c)}</th>
                    <td className="num" data-label={t("plans.diagnosisFigures.value")}>
                      {editable ? (
                        <>
                          <label htmlFor={`f-${name}`} className="visually-hidden">
                            {label}
                          </label>
                          <input
                            id={`f-${name}`}
                            inputMode="numeric"
                            size={7}
                            aria-invalid={!!f.errorFor(name)}
                            placeholder={dg[g]?.[c] === null ? "•" : undefined}
                            defaultValue={f.initial(name)}
                            {...f.form.register(name)}
                          />
                        </>
                      ) : (
                        shown(dg[g]?.[c])
                      )}
                    </td>
                    <td data-label={t("plans.diagnosisFigures.source")}>{source(figureKey(g, c))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );

  return (
    <section aria-labelledby="figures-title" className="panel">
      <h2 id="figures-title">{t("plans.diagnosisFigures.title")}</h2>
      <p>
        {dg.register ? t("plans.diagnosisFigures.drafted", { date: asOf }) : t("plans.diagnosisFigures.notDrafted")}
      </p>
      <p className="hint">{t("plans.diagnosisFigures.hiddenNote")}</p>
      <p className="hint">{t("plans.diagnosisFigures.waitingListRule")}</p>
      {editable ? <DraftFromRegister version={v.version} today={d.today} /> : null}
      {editable ? (
        <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
          <ErrorSummary form={f} />
          <input type="hidden" name="version" value={v.version} />
          {tables}
          <button type="submit" name="intent" value="diagnosis" className="button">
            {t("common.save")}
          </button>
        </Form>
      ) : (
        tables
      )}
    </section>
  );
}

/** "Draft from the register as of …": the figures below are replaced, the description is kept. */
function DraftFromRegister({ version, today }: { version: number; today: string }) {
  const { t } = useTranslation();
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/plans/diagnosis-schemas").then((m) => m.draftDiagnosisSchema),
    { intent: "draftDiagnosis", version: String(version), asOf: today },
    { intent: "draftDiagnosis" },
  );
  return (
    <Form method="post" onSubmit={f.onSubmit} noValidate className="stack draft-diagnosis">
      <ErrorSummary form={f} />
      <input type="hidden" name="version" value={version} />
      <Field
        label={t("plans.diagnosisDraft.asOf")}
        name="asOf"
        error={f.errorFor("asOf")}
        hint={t("plans.diagnosisDraft.hint")}
      >
        {(a) => <input {...a} type="date" max={today} defaultValue={f.initial("asOf")} {...f.form.register("asOf")} />}
      </Field>
      <button type="submit" name="intent" value="draftDiagnosis" className="button secondary">
        {t("plans.diagnosisDraft.button")}
      </button>
    </Form>
  );
}
