import { useActionData, useSubmit } from "@remix-run/react";
import type { FormEvent, ReactNode } from "react";
import { useForm, type DefaultValues, type FieldErrors, type FieldValues, type Resolver } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { translateMessage } from "../utils/message";
import { flattenIssues, type FieldError } from "../utils/issues";

interface ActionFailureData {
  ok: false;
  fieldErrors?: Record<string, FieldError>;
  formError?: FieldError;
  values?: Record<string, unknown>;
}

/**
 * A form's zod schema, loaded on first validation: `() => import("~/modules/x/schemas").then((m) => m.xSchema)`.
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
  },
) {
  const actionData = useActionData() as ActionFailureData | { ok: true } | undefined;
  const anyFailure = actionData && actionData.ok === false ? actionData : undefined;
  const failure =
    anyFailure && (!options?.intent || anyFailure.values?.intent === options.intent) ? anyFailure : undefined;
  const submit = useSubmit();
  const form = useForm<T>({
    resolver: sharedResolver<T>(schema),
    defaultValues: { ...defaultValues, ...(failure?.values as DefaultValues<T> | undefined) },
    mode: "onTouched",
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const target = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void form.handleSubmit(() => submit(submitter ?? target, { method: "post" }))(event);
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

  /** The `intent` of the form the server refused, when a page has several forms. */
  const failedIntent = typeof anyFailure?.values?.intent === "string" ? anyFailure.values.intent : undefined;
  return { form, onSubmit, errorFor, initial, formError: failure?.formError, failedIntent };
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
