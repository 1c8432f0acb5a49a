import { data } from "@remix-run/node";
import type { AppError } from "./errors";
import { isAppError } from "./errors";
import { formFailure } from "./form.server";

/** The body of a thrown error response: the error page shows it translated. */
export interface ErrorPayload {
  messageKey: string;
  values?: Record<string, string | number>;
}

export function errorResponse(e: AppError) {
  return data<ErrorPayload>({ messageKey: e.messageKey, values: e.values }, { status: e.status });
}

/** In a loader: a service's AppError becomes the matching 4xx error page. */
export async function orErrorPage<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isAppError(e)) throw errorResponse(e);
    throw e;
  }
}

/** In an action: a service's AppError becomes a form-level message next to the form. */
export async function orFormError<T>(
  fn: () => T | Promise<T>,
  values?: Record<string, unknown>,
): Promise<T | ReturnType<typeof formFailure>> {
  try {
    return await fn();
  } catch (e) {
    if (isAppError(e)) {
      if (e.label === "not_found" || e.label === "forbidden") throw errorResponse(e);
      const error = { key: e.messageKey, values: e.values };
      // A refusal about one field is also that field's error (marked, message beside it); forms
      // without a field of that name still show it as the form's error.
      return formFailure(e.status, {
        formError: error,
        ...(e.field ? { fieldErrors: { [e.field]: error } } : {}),
        values,
      });
    }
    throw e;
  }
}
