import { useActionData, useSubmit } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useForm, type DefaultValues, type FieldErrors, type FieldValues, type Resolver } from "react-hook-form";
import type { z } from "zod";
import type { SummaryState } from "#app/components/form-messages";
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
 * The one form helper (its messages, fields and error summary are in form-messages.tsx, which a
 * page without a form of its own imports without react-hook-form; decision 049): react-hook-form validates in the browser with the action's zod schema;
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
