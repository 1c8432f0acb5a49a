import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, Field } from "./form-messages";
import { useValidatedForm, type SchemaSource } from "./form";

/** A small "add an item" form of the plan page: fields described by name, label and kind. */
export function ItemForm({
  intent,
  schema,
  version,
  title,
  fields,
  defaults,
  submitLabel,
}: {
  intent: string;
  /** The submit button's text (default "Add"). */
  submitLabel?: string;
  schema: SchemaSource;
  version: number;
  title: string;
  fields: {
    name: string;
    label: string;
    kind?: "text" | "date" | "textarea" | "number";
    options?: { value: string; label: string }[];
    hint?: string;
  }[];
  defaults: Record<string, string>;
}) {
  const { t } = useTranslation();
  const f = useValidatedForm<Record<string, string>>(
    schema,
    { intent, version: String(version), ...defaults },
    { intent },
  );
  return (
    <details className="item-form" open={f.failedIntent === intent}>
      <summary>{title}</summary>
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <ErrorSummary form={f} />
        <input type="hidden" name="version" value={version} />
        {fields.map((field) => (
          <Field
            key={field.name}
            label={field.label}
            name={`${intent}-${field.name}`}
            error={f.errorFor(field.name)}
            hint={field.hint}
          >
            {(a) =>
              field.options ? (
                <select {...a} defaultValue={f.initial(field.name)} {...f.form.register(field.name)}>
                  {field.options.map((o) => (
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
                  inputMode={field.kind === "number" ? "decimal" : undefined}
                  defaultValue={f.initial(field.name)}
                  {...f.form.register(field.name)}
                />
              )
            }
          </Field>
        ))}
        <button type="submit" name="intent" value={intent} className="button">
          {submitLabel ?? t("common.add")}
        </button>
      </Form>
    </details>
  );
}

export function RemoveButton({
  section,
  itemId,
  version,
  label,
}: {
  section: string;
  itemId: string;
  version: number;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="section" value={section} />
      <input type="hidden" name="itemId" value={itemId} />
      <input type="hidden" name="version" value={version} />
      <button
        type="submit"
        name="intent"
        value="remove"
        className="button secondary"
        aria-label={`${t("common.remove")}: ${label}`}
      >
        {t("common.remove")}
      </button>
    </Form>
  );
}

/** Prints the page (the print style sheet hides navigation and forms). */
export function PrintButton() {
  const { t } = useTranslation();
  return (
    <button type="button" className="button secondary" onClick={() => window.print()}>
      {t("plans.print")}
    </button>
  );
}
