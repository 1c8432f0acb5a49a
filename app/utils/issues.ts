/**
 * Validation messages are translation keys, so the browser (react-hook-form resolver) and the
 * server (action) show the same message in the user's language. A schema may give its own key
 * (`{ error: "validation.passwordTooShort" }`); otherwise the zod issue code picks one.
 * This module does not import zod: every page's form helper uses it, while the schemas (and
 * zod) load in the browser only when a form is first validated.
 */
export interface FieldError {
  key: string;
  values?: Record<string, string | number>;
}
export type FieldErrors = Record<string, FieldError>;

// zod issue shape that we look at (kept loose: zod's issue union is large).
interface IssueLike {
  code: string;
  message: string;
  path: PropertyKey[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  format?: string;
  input?: unknown;
}

export function issueToFieldError(issue: IssueLike): FieldError {
  // A schema's own message is a translation key ("validation.date", "users.errors.emailTaken");
  // zod's default messages are sentences, which never match this shape.
  if (/^[a-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$/.test(issue.message)) return { key: issue.message };
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) <= 1) return { key: "validation.required" };
      if (issue.origin === "array" && Number(issue.minimum) <= 1) return { key: "validation.chooseOne" };
      return { key: "validation.tooShort", values: { min: Number(issue.minimum) } };
    case "too_big":
      return { key: "validation.tooLong", values: { max: Number(issue.maximum) } };
    case "invalid_format":
      return { key: issue.format === "email" ? "validation.email" : "validation.invalid" };
    case "invalid_type":
      return { key: issue.input === undefined ? "validation.required" : "validation.invalid" };
    case "invalid_value":
      return { key: "validation.invalidChoice" };
    default:
      return { key: "validation.invalid" };
  }
}

export function flattenIssues(issues: readonly IssueLike[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.map(String).join(".") || "_form";
    out[field] ??= issueToFieldError(issue);
  }
  return out;
}
