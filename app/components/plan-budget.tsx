import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { CURRENCIES } from "#app/modules/plans/constants";
import { costLinesOf, type BudgetTotals } from "#app/modules/plans/costs";
import type { PlanPage } from "#app/modules/plans/page.server";
import { formatMoney } from "#app/utils/format";
import { ErrorSummary, Field } from "./form-messages";
import { useValidatedForm } from "./form";

/**
 * The plan's costs and funding (issue #20 item 4, decision 040): the budget by year and by
 * funding source, and each action's cost lines, which the group adds and removes on a draft.
 */
export function PlanBudget({ d, editable }: { d: PlanPage; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const c = d.version.content;
  const money = (n: number) => formatMoney(n, d.currency, locale);
  return (
    <section aria-labelledby="budget-title" className="panel">
      <h2 id="budget-title">{t("plans.costs.title")}</h2>
      <BudgetTable totals={d.budget} money={money} />
      {d.budget.otherCurrency.length > 0 ? (
        <p role="note" className="warn">
          {t("plans.costs.otherCurrencyNote", {
            currency: d.currency,
            actions: d.budget.otherCurrency.map((x) => `${x.title} (${x.currency})`).join(", "),
          })}
        </p>
      ) : null}
      <h3>{t("plans.costs.byAction")}</h3>
      {c.actions.length === 0 ? <p>{t("plans.noItems")}</p> : null}
      {c.actions.map((a) => {
        const lines = costLinesOf(a);
        return (
          <div key={a.id} className="goal">
            <h4>{a.title}</h4>
            {lines.length === 0 ? (
              <p>{t("plans.costs.noLines")}</p>
            ) : (
              <div className="table-scroll">
                <table className="stack-on-phone">
                  <caption className="visually-hidden">{`${t("plans.costs.lines")}: ${a.title}`}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("plans.costs.year")}</th>
                      <th scope="col" className="num">
                        {t("plans.costs.amount")}
                      </th>
                      <th scope="col">{t("plans.fundingSource")}</th>
                      {editable && a.costs?.length ? (
                        <th scope="col">
                          <span className="visually-hidden">{t("common.remove")}</span>
                        </th>
                      ) : null}
                    </tr>
                  </thead>
                  <tbody>
                    {lines.map((l) => (
                      <tr key={l.id}>
                        <td data-label={t("plans.costs.year")}>{l.year}</td>
                        <td className="num" data-label={t("plans.costs.amount")}>
                          {formatMoney(l.amount, a.currency, locale)}
                        </td>
                        <td data-label={t("plans.fundingSource")}>{l.source || "—"}</td>
                        {editable && a.costs?.length ? (
                          <td>
                            <Form method="post" className="inline-form">
                              <input type="hidden" name="version" value={d.version.version} />
                              <input type="hidden" name="actionId" value={a.id} />
                              <input type="hidden" name="costId" value={l.id} />
                              <button
                                type="submit"
                                name="intent"
                                value="removeCost"
                                className="button secondary"
                                aria-label={`${t("common.remove")}: ${a.title}, ${l.year}, ${l.source}`}
                              >
                                {t("common.remove")}
                              </button>
                            </Form>
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {editable ? (
              <CostForm
                key={d.version.version}
                version={d.version.version}
                actionId={a.id}
                actionTitle={a.title}
                currency={d.currency}
                year={(c.periodFrom ?? a.start).slice(0, 4)}
              />
            ) : null}
          </div>
        );
      })}
    </section>
  );
}

/** The budget by year (rows) and funding source (columns), with both totals. */
export function BudgetTable({ totals, money }: { totals: BudgetTotals; money: (n: number) => string }) {
  const { t } = useTranslation();
  if (totals.years.length === 0) return <p>{t("plans.costs.none")}</p>;
  const sourceName = (s: string) => s || t("plans.costs.noSource");
  return (
    <div className="table-scroll">
      <table>
        <caption>{t("plans.costs.budgetTable")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("plans.costs.year")}</th>
            {totals.sources.map((s) => (
              <th key={s} scope="col" className="num">
                {sourceName(s)}
              </th>
            ))}
            <th scope="col" className="num">
              {t("plans.costs.total")}
            </th>
          </tr>
        </thead>
        <tbody>
          {totals.years.map((y) => (
            <tr key={y}>
              <th scope="row">{y}</th>
              {totals.sources.map((s) => (
                <td key={s} className="num">
                  {totals.cells[y]?.[s] ? money(totals.cells[y]![s]!) : "—"}
                </td>
              ))}
              <td className="num">{money(totals.byYear[y]!)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("plans.costs.total")}</th>
            {totals.sources.map((s) => (
              <td key={s} className="num">
                {money(totals.bySource[s]!)}
              </td>
            ))}
            <td className="num">
              <strong>{money(totals.total)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function CostForm(props: { version: number; actionId: string; actionTitle: string; currency: string; year: string }) {
  const { t } = useTranslation();
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/plans/cost-schemas").then((m) => m.costSchema),
    {
      intent: "cost",
      version: String(props.version),
      actionId: props.actionId,
      year: props.year,
      amount: "",
      currency: props.currency,
      source: "",
    },
    { intent: "cost", match: { actionId: props.actionId } },
  );
  const id = (n: string) => `cost-${props.actionId}-${n}`;
  return (
    <details className="item-form" open={!!f.formError || f.summary.fields.length > 0}>
      <summary>{`${t("plans.costs.add")}: ${props.actionTitle}`}</summary>
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <ErrorSummary form={f} />
        <input type="hidden" name="version" value={props.version} />
        <input type="hidden" name="actionId" value={props.actionId} />
        <div className="grid-2">
          <Field label={t("plans.costs.year")} name={id("year")} error={f.errorFor("year")}>
            {(a) => <input {...a} inputMode="numeric" defaultValue={f.initial("year")} {...f.form.register("year")} />}
          </Field>
          <Field label={t("plans.costs.amount")} name={id("amount")} error={f.errorFor("amount")}>
            {(a) => (
              <input {...a} inputMode="decimal" defaultValue={f.initial("amount")} {...f.form.register("amount")} />
            )}
          </Field>
          <Field label={t("plans.currency")} name={id("currency")} error={f.errorFor("currency")}>
            {(a) => (
              <select {...a} defaultValue={f.initial("currency")} {...f.form.register("currency")}>
                {CURRENCIES.map((x) => (
                  <option key={x} value={x}>
                    {x}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("plans.fundingSource")} name={id("source")} error={f.errorFor("source")}>
            {(a) => <input {...a} defaultValue={f.initial("source")} {...f.form.register("source")} />}
          </Field>
        </div>
        <button type="submit" name="intent" value="cost" className="button">
          {t("common.add")}
        </button>
      </Form>
    </details>
  );
}
