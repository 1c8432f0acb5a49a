import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { WG_ITEM_STATES, type Locale } from "#db/schema/enums";
import type * as PlanSchemas from "#app/modules/plans/schemas";
import { formatDate } from "#app/utils/format";
import { ConfirmSubmit } from "./confirm-submit";
import { ErrorSummary, Field } from "./form-messages";
import { useValidatedForm } from "./form";

/**
 * The working group's forms (app/routes/_app.plans.$planId.group.tsx and its meeting page,
 * decision 037): one generic form described by its fields, and one confirmed removal.
 */
type SchemaName =
  | "memberSchema"
  | "memberEditSchema"
  | "meetingSchema"
  | "scheduleSchema"
  | "meetingEditSchema"
  | "meetingHeldSchema"
  | "actionItemSchema"
  | "itemEditSchema";

export interface WgField {
  name: string;
  label: string;
  kind?: "text" | "date" | "textarea" | "select" | "checks";
  options?: { value: string; label: string }[];
  max?: string;
}

export function WgForm({
  intent,
  schema,
  title,
  submit,
  hidden = {},
  defaults,
  fields,
  idPrefix,
  match,
}: {
  intent: string;
  schema: SchemaName;
  /** The summary that opens the form. */
  title: string;
  submit: string;
  hidden?: Record<string, string>;
  defaults: Record<string, string | string[]>;
  fields: WgField[];
  /** Unique per form on the page (field ids). */
  idPrefix: string;
  /** Posted values that tell this form apart from others of its intent (a row's id). */
  match?: Record<string, string>;
}) {
  const f = useValidatedForm<Record<string, unknown>>(
    () => import("#app/modules/plans/schemas").then((m: typeof PlanSchemas) => m[schema]),
    { intent, ...hidden, ...defaults },
    { intent, match },
  );
  return (
    <details className="item-form" open={f.failed}>
      <summary>{title}</summary>
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <ErrorSummary form={f} />
        {Object.entries(hidden).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        {fields.map((field) =>
          field.kind === "checks" ? (
            <fieldset key={field.name} className="field people">
              <legend>{field.label}</legend>
              {field.options!.map((o) => (
                <label key={o.value} className="check">
                  <input type="checkbox" value={o.value} {...f.form.register(field.name)} />
                  {o.label}
                </label>
              ))}
              {f.errorFor(field.name) ? <FieldMessage error={f.errorFor(field.name)!} /> : null}
            </fieldset>
          ) : (
            <Field
              key={field.name}
              label={field.label}
              name={`${idPrefix}-${field.name}`}
              error={f.errorFor(field.name)}
            >
              {(a) =>
                field.kind === "select" ? (
                  <select {...a} defaultValue={f.initial(field.name)} {...f.form.register(field.name)}>
                    {field.options!.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                ) : field.kind === "textarea" ? (
                  <textarea {...a} rows={3} defaultValue={f.initial(field.name)} {...f.form.register(field.name)} />
                ) : (
                  <input
                    {...a}
                    type={field.kind === "date" ? "date" : "text"}
                    max={field.max}
                    defaultValue={f.initial(field.name)}
                    {...f.form.register(field.name)}
                  />
                )
              }
            </Field>
          ),
        )}
        <button type="submit" name="intent" value={intent} className="button">
          {submit}
        </button>
      </Form>
    </details>
  );
}

function FieldMessage({ error }: { error: { key: string; values?: Record<string, string | number> } }) {
  const { t } = useTranslation();
  return <p className="field-error">{t(error.key, error.values)}</p>;
}

/** A removal, confirmed first (ConfirmSubmit): `what` names the record in the question. */
export function WgRemove({
  intent,
  hidden,
  what,
  label,
}: {
  intent: "memberRemove" | "meetingRemove" | "itemRemove";
  hidden: Record<string, string>;
  what: string;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <ConfirmSubmit
        match={{ intent, ...hidden }}
        className="button secondary"
        danger
        title={t("plans.group.confirmRemove.title")}
        describe={() => t("plans.group.confirmRemove.text", { what })}
        confirmLabel={t("plans.group.confirmRemove.confirm")}
      >
        <span aria-hidden="true">{t("common.remove")}</span>
        <span className="visually-hidden">{label}</span>
      </ConfirmSubmit>
    </Form>
  );
}

/** The state choices of an action item. */
export function useItemStates() {
  const { t } = useTranslation();
  return WG_ITEM_STATES.map((s) => ({ value: s, label: t(`plans.group.itemStates.${s}`) }));
}

/** The working group's late action items (plan page, plan dashboard), linking to the group's page. */
export function LateItems({
  planId,
  items,
}: {
  planId: number;
  items: { id: number; title: string; dueOn: string; owner: string | null }[];
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <section aria-labelledby="late-items-title" className="panel">
      <h2 id="late-items-title">{t("plans.group.lateItems")}</h2>
      {items.length === 0 ? (
        <p>{t("plans.noItems")}</p>
      ) : (
        <ul>
          {items.map((i) => (
            <li key={i.id}>
              {i.title} — {i.owner ?? "—"}, {t("plans.group.dueOn")}: {formatDate(i.dueOn, locale)}{" "}
              <span className="badge warn">{t("residents.overdue")}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={`/plans/${planId}/group`}>{t("plans.group.title")}</Link>
      </p>
    </section>
  );
}
