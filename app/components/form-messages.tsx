import { useEffect, useRef, useState, type ReactNode, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { translateMessage } from "#app/utils/message";
import type { FieldError } from "#app/utils/issues";

/**
 * How a form shows what was refused — the error summary, a field's message, a form's message —
 * and the labelled field. Apart from the form hook (form.tsx) so that a page that only shows a
 * server's refusal loads no react-hook-form (14.9 KB gzip; decision 049).
 */

export interface SummaryState {
  ref: RefObject<HTMLDivElement | null>;
  id: string;
  fields: string[];
  errorFor: (name: string) => FieldError | undefined;
  formError?: FieldError;
}

const sameError = (a: FieldError, b: FieldError) =>
  a.key === b.key && JSON.stringify(a.values ?? {}) === JSON.stringify(b.values ?? {});

/** The form a summary speaks for: the one it is in, else the first one after it, else the page. */
function formOf(summary: HTMLElement | null): ParentNode {
  if (!summary) return document;
  const inside = summary.closest("form");
  if (inside) return inside;
  for (let el = summary.nextElementSibling; el; el = el.nextElementSibling) {
    const form = el.tagName === "FORM" ? el : el.querySelector("form");
    if (form) return form;
  }
  return document;
}

/** The control of a field: the one of that name in the summary's form, else the one `Field` gave the id `f-<name>`. */
function controlOf(summary: HTMLElement | null, name: string): HTMLElement | null {
  const named = formOf(summary).querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]:not([type="hidden"])`);
  return named ?? document.getElementById(`f-${name}`);
}

function labelOf(el: HTMLElement): string | null {
  const labelled = (el as HTMLInputElement).labels?.[0]?.textContent;
  if (labelled) return labelled.trim();
  const aria = el.getAttribute("aria-label");
  if (aria) return aria;
  const legend = el.closest("fieldset")?.querySelector("legend")?.textContent;
  return legend ? legend.trim() : null;
}

/**
 * The error summary of a form (the one way a form shows what was refused; issue #15): the
 * server's refusal not tied to a field, and every field in error, each a link that takes the
 * focus to the field (marked `aria-invalid`, its message beside it). It takes the focus itself
 * when a submission is refused, so on a long form the user is never left looking at a page that
 * seems unchanged. Put it where the form starts.
 */
export function ErrorSummary({ form }: { form: { summary: SummaryState } | { summary: SummaryState }[] }) {
  const { t, i18n } = useTranslation();
  const states = Array.isArray(form) ? form : [form];
  // One summary element; the first form with something to say owns the focus target.
  const state = states.find((s) => s.summary.fields.length || s.summary.formError)?.summary ?? states[0]!.summary;
  const items = states.flatMap((s) => s.summary.fields.map((name) => ({ name, error: s.summary.errorFor(name)! })));
  const formErrors = states
    .map((s) => s.summary.formError)
    .filter((e): e is FieldError => !!e && !items.some((i) => sameError(i.error, e)));
  const [labels, setLabels] = useState<Record<string, string>>({});
  const names = items.map((i) => i.name).join(" ");
  const own = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const found: Record<string, string> = {};
    for (const name of names.split(" ").filter(Boolean)) {
      const el = controlOf(own.current, name);
      const label = el ? labelOf(el) : null;
      if (label) found[name] = label;
    }
    setLabels(found);
  }, [names]);
  const message = (e: FieldError) => translateMessage(t, e.key, e.values, i18n.language);
  const refs = states.map((s) => s.summary.ref);
  const setRef = (el: HTMLDivElement | null) => {
    own.current = el;
    for (const r of refs) (r as { current: HTMLDivElement | null }).current = el;
  };
  if (items.length === 0 && formErrors.length === 0) return <div ref={setRef} id={state.id} tabIndex={-1} hidden />;
  // A refusal of the whole form, no field in question: the message alone, as it always read.
  if (items.length === 0 && formErrors.length === 1) {
    return (
      <div ref={setRef} id={state.id} tabIndex={-1} role="alert" className="form-error">
        {message(formErrors[0]!)}
      </div>
    );
  }
  return (
    <div
      ref={setRef}
      id={state.id}
      tabIndex={-1}
      role="alert"
      aria-labelledby={`${state.id}-title`}
      className="form-error error-summary"
    >
      <p id={`${state.id}-title`} className="error-summary-title">
        {t("errors.summaryTitle", { count: items.length + formErrors.length })}
      </p>
      {formErrors.map((e, i) => (
        <p key={`form-${i}`}>{message(e)}</p>
      ))}
      {items.length ? (
        <ul>
          {items.map(({ name, error }) => (
            <li key={name}>
              <a
                href={`#f-${name}`}
                onClick={(event) => {
                  const el = controlOf(own.current, name);
                  if (!el) return;
                  event.preventDefault();
                  el.focus();
                  el.scrollIntoView({ block: "center" });
                }}
              >
                {labels[name] ? `${labels[name]}: ` : ""}
                {message(error)}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function ErrorText({ id, error }: { id: string; error?: FieldError }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  return (
    <p id={id} className="field-error">
      {translateMessage(t, error.key, error.values, i18n.language)}
    </p>
  );
}

export function FormError({ error }: { error?: FieldError }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  return (
    <div role="alert" className="form-error">
      {translateMessage(t, error.key, error.values, i18n.language)}
    </div>
  );
}

export function Field({
  label,
  name,
  error,
  children,
  hint,
}: {
  label: string;
  name: string;
  error?: FieldError;
  hint?: string;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = `f-${name}`;
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {children({ id, "aria-invalid": !!error, "aria-describedby": describedBy || undefined })}
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}
