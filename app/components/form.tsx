import { useActionData, useSubmit } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from "react";
import { useForm, type DefaultValues, type FieldErrors, type FieldValues, type Resolver } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { translateMessage } from "#app/utils/message";
import { flattenIssues, type FieldError } from "#app/utils/issues";

interface ActionFailureData {
  ok: false;
  fieldErrors?: Record<string, FieldError>;
  formError?: FieldError;
  values?: Record<string, unknown>;
}

/**
 * A form's zod schema, loaded on first validation: `() => import("#app/modules/x/schemas").then((m) => m.xSchema)`.
 * zod and the schemas stay off a page's first load (issue #7's first-load budget); the import is
 * made once and cached by the module loader.
 */
export type SchemaSource = () => Promise<z.ZodType>;

/** react-hook-form resolver built on the same issue→message mapping the server uses. */
function sharedResolver<T extends FieldValues>(source: SchemaSource): Resolver<T> {
  return async (values) => {
    const schema = await source();
    const result = schema.safeParse(values);
    if (result.success) return { values: result.data as T, errors: {} };
    const errors = Object.fromEntries(
      Object.entries(flattenIssues(result.error.issues)).map(([field, fe]) => [
        field,
        { type: fe.key, message: JSON.stringify(fe) },
      ]),
    );
    return { values: {}, errors: errors as FieldErrors<T> };
  };
}

/**
 * The one form helper: react-hook-form validates in the browser with the action's zod schema;
 * the action validates again; the server's answer is shown the same way. Typed text is kept
 * on every error (the page is not reloaded; without JavaScript the server echoes it back).
 */
export function useValidatedForm<T extends FieldValues>(
  schema: SchemaSource,
  defaultValues: DefaultValues<T>,
  options?: {
    /** On a page with several forms: this form's `intent`; the server's answer to another form is not shown here. */
    intent?: string;
    /** Further posted values that tell this form apart (several forms of one intent, e.g. one per row). */
    match?: Record<string, string>;
  },
) {
  const actionData = useActionData() as ActionFailureData | { ok: true } | undefined;
  const anyFailure = actionData && actionData.ok === false ? actionData : undefined;
  const failure =
    anyFailure &&
    (!options?.intent || anyFailure.values?.intent === options.intent) &&
    Object.entries(options?.match ?? {}).every(([k, v]) => anyFailure.values?.[k] === v)
      ? anyFailure
      : undefined;
  const submit = useSubmit();
  const form = useForm<T>({
    resolver: sharedResolver<T>(schema),
    defaultValues: { ...defaultValues, ...(failure?.values as DefaultValues<T> | undefined) },
    mode: "onTouched",
    // Focus goes to the error summary, which links to each field (issue #15).
    shouldFocusError: false,
  });
  const summaryRef = useRef<HTMLDivElement>(null);
  const summaryId = `errors-${useId().replace(/:/g, "")}`;
  const [invalidSubmits, setInvalidSubmits] = useState(0);
  // A refused submission (the browser's check, or the server's answer): the summary takes focus.
  useEffect(() => {
    if (invalidSubmits > 0 || failure) summaryRef.current?.focus();
  }, [invalidSubmits, failure]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const target = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void form.handleSubmit(
      () => submit(submitter ?? target, { method: "post" }),
      () => setInvalidSubmits((n) => n + 1),
    )(event);
  }

  function errorFor(name: string): FieldError | undefined {
    const client = (form.formState.errors as Record<string, { message?: string } | undefined>)[name];
    if (client?.message) return JSON.parse(client.message) as FieldError;
    return failure?.fieldErrors?.[name];
  }

  const initial = (name: string): string | undefined => {
    const v = failure?.values?.[name] ?? (defaultValues as Record<string, unknown>)[name];
    return typeof v === "string" || typeof v === "number" ? String(v) : undefined;
  };

  /** Every field with an error now (the browser's, else the server's), in the order they were found. */
  const clientErrors = Object.keys(form.formState.errors);
  const fieldsInError = [...new Set([...clientErrors, ...Object.keys(failure?.fieldErrors ?? {})])].filter((name) =>
    errorFor(name),
  );

  /** The `intent` of the form the server refused, when a page has several forms. */
  const failedIntent = typeof anyFailure?.values?.intent === "string" ? anyFailure.values.intent : undefined;
  const summary: SummaryState = {
    ref: summaryRef,
    id: summaryId,
    fields: fieldsInError,
    errorFor,
    formError: failure?.formError,
  };
  /** The server refused this very form (its intent and `match`): e.g. to keep a folded form open. */
  const failed = !!failure;
  return { form, onSubmit, errorFor, initial, formError: failure?.formError, failedIntent, failed, summary };
}

interface SummaryState {
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
