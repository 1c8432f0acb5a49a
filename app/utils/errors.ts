/**
 * The one error type of the service layer. `label` says what kind of failure it is and fixes
 * the HTTP status; `messageKey` is a translation key shown to the user in their language.
 */
export const ERROR_STATUS = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  locked: 423,
} as const;

export type ErrorLabel = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly label: ErrorLabel;
  readonly messageKey: string;
  readonly values?: Record<string, string | number>;
  /** The form field the refusal is about (its `name`): the form marks that field and shows the message beside it. */
  readonly field?: string;
  constructor(
    label: ErrorLabel,
    messageKey: string,
    values?: Record<string, string | number>,
    options?: { field?: string },
  ) {
    super(`${label}: ${messageKey}`);
    this.label = label;
    this.messageKey = messageKey;
    this.values = values;
    this.field = options?.field;
  }
  get status(): number {
    return ERROR_STATUS[this.label];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
