import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import type { z } from "zod";
import { flattenIssues, type FieldErrors } from "./issues";

/** Bodies larger than this are refused with 413 before any parsing. */
export const MAX_FORM_BYTES = 1024 * 1024;

export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, unknown> }
  | { ok: false; response: ReturnType<typeof data<ActionFailure>> };

export interface ActionFailure {
  ok: false;
  /** Not done: the step must be confirmed first (`needsConfirmation`). */
  confirm?: true;
  fieldErrors?: FieldErrors;
  formError?: { key: string; values?: Record<string, string | number> };
  values?: Record<string, unknown>;
}

export function formFailure(
  status: number,
  failure: Omit<ActionFailure, "ok">,
): ReturnType<typeof data<ActionFailure>> {
  return data({ ok: false as const, ...failure }, { status });
}

/**
 * A refusal in a resource route (no page of its own to show it on): the same body as JSON, with
 * its status (a resource route's plain object would be answered 200).
 */
export function failureResponse(failure: ReturnType<typeof formFailure>): Response {
  return Response.json(failure.data, { status: failure.init?.status ?? 400 });
}

/**
 * An `Origin` header names this site: its host is the one the request was sent to (the first
 * `X-Forwarded-Host` behind a proxy, else `Host`), compared as Remix's own check compares them.
 * `null`, an unparseable value or another host is another site. The server (server.js) refuses
 * such requests before Remix sees them, so its check never throws (issue #16 finding 6).
 */
export function originMatchesHost(
  origin: string,
  host: string | null | undefined,
  forwardedHost: string | null | undefined,
): boolean {
  const target = forwardedHost?.split(",")[0]?.trim() || host;
  if (!target || origin === "null") return false;
  try {
    return new URL(origin).host === target;
  } catch {
    return false;
  }
}

/**
 * The request came from a page of this site: the Origin header (or, failing it, the
 * Sec-Fetch-Site header) must match. Together with SameSite=Lax cookies this stops
 * cross-site form posts.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin)
    return originMatchesHost(
      origin,
      request.headers.get("host") ?? new URL(request.url).host,
      request.headers.get("x-forwarded-host"),
    );
  return request.headers.get("sec-fetch-site") === "same-origin";
}

async function readBody(request: Request): Promise<Uint8Array | "too_large"> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FORM_BYTES) return "too_large";
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_FORM_BYTES) {
      await reader.cancel();
      return "too_large";
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Turns form fields into an object; a name given more than once becomes an array. */
function toObject(entries: Iterable<[string, FormDataEntryValue]>): Record<string, unknown> {
  // No prototype: a field named "__proto__" or "constructor" is a field like any other.
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of entries) {
    if (Object.hasOwn(out, k)) {
      const prev = out[k];
      out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
    } else out[k] = v;
  }
  return out;
}

/** The fields a user typed, to put back into the form after an error (never passwords). */
function echo(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(([k, v]) => !/password/i.test(k) && (typeof v === "string" || Array.isArray(v))),
  );
}

/**
 * The one way actions read a form: same-origin check, size limit, strict UTF-8, then the
 * same zod schema the browser used. Failures come back as a ready 4xx response whose body the
 * form shows next to the fields, in the user's language.
 */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S): Promise<FormResult<z.output<S>>> {
  if (!isSameOrigin(request)) {
    return { ok: false, response: formFailure(403, { formError: { key: "errors.crossSite" } }) };
  }
  const contentType = request.headers.get("content-type") ?? "";
  let values: Record<string, unknown>;
  if (contentType.startsWith("multipart/form-data")) {
    // Read with the same limit first (a chunked upload has no Content-Length to check).
    const body = await readBody(request);
    if (body === "too_large") {
      return { ok: false, response: formFailure(413, { formError: { key: "errors.tooLarge" } }) };
    }
    try {
      values = toObject(
        await new Request(request.url, {
          method: "POST",
          headers: { "content-type": contentType },
          body: body as Uint8Array<ArrayBuffer>,
        }).formData(),
      );
    } catch {
      return { ok: false, response: formFailure(400, { formError: { key: "errors.badForm" } }) };
    }
  } else {
    const body = await readBody(request);
    if (body === "too_large") {
      return { ok: false, response: formFailure(413, { formError: { key: "errors.tooLarge" } }) };
    }
    if (!isValidUtf8(body)) {
      return { ok: false, response: formFailure(400, { formError: { key: "errors.notUtf8" } }) };
    }
    let params: URLSearchParams;
    try {
      params = new URLSearchParams(strictUtf8.decode(body));
    } catch {
      return { ok: false, response: formFailure(400, { formError: { key: "errors.badForm" } }) };
    }
    // Percent-escapes that decode to bytes which are not UTF-8 turn into U+FFFD.
    for (const [k, v] of params) {
      if (k.includes("\uFFFD") || v.includes("\uFFFD")) {
        return { ok: false, response: formFailure(400, { formError: { key: "errors.notUtf8" } }) };
      }
    }
    values = toObject(params);
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    return {
      ok: false,
      response: formFailure(400, { fieldErrors: flattenIssues(parsed.error.issues), values: echo(values) }),
    };
  }
  return { ok: true, data: parsed.data, values: echo(values) };
}

/**
 * For forms whose schema depends on a field already read (one page, several forms told apart by
 * `intent`): validates the values `parseForm` returned against the chosen schema.
 */
export function validateAs<S extends z.ZodType>(schema: S, values: Record<string, unknown>): FormResult<z.output<S>> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    return {
      ok: false,
      response: formFailure(400, { fieldErrors: flattenIssues(parsed.error.issues), values: echo(values) }),
    };
  }
  return { ok: true, data: parsed.data, values: echo(values) };
}

/**
 * A step that is confirmed before it is done (decision 017): without `confirmed=yes` in the form,
 * the action does nothing and answers "confirm first" (428) with the posted values, and the page
 * shows the confirmation step (`ConfirmSubmit`); with JavaScript the dialog has already asked and
 * sent it. Null when confirmed.
 */
export function needsConfirmation(values: Record<string, unknown>): ReturnType<typeof formFailure> | null {
  return values.confirmed === "yes" ? null : formFailure(428, { confirm: true, values });
}

/**
 * The body of an upload, at most `max` bytes. A larger one is read on and thrown away (up to
 * `drain` bytes) before the refusal is sent: a browser still sending when the server answers
 * and closes sees a reset connection, not the answer. Beyond `drain` the reading stops.
 */
async function readUpload(request: Request, max: number, drain: number): Promise<Uint8Array | "too_large"> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > drain) {
      await reader.cancel();
      return "too_large";
    }
    if (size <= max) chunks.push(value);
  }
  if (size > max) return "too_large";
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Text fields of an upload form are small; only the file may be large. */
const MAX_UPLOAD_TEXT_PART = 64 * 1024;

/**
 * `parseForm` for a form that sends one file (`multipart/form-data`, field `file`): the same
 * same-origin check and zod validation of the other fields, the whole request read into memory up
 * to `maxRequestBytes`, then Remix's multipart parser with a size-capped memory handler (the file
 * up to `maxFileBytes`, each other field up to 64 KB). Too large: 413 with the file field's error `tooLargeKey`. The file
 * is returned as is: its content is checked by the caller's service.
 */
export async function parseUpload<S extends z.ZodType>(
  request: Request,
  schema: S,
  limits: {
    maxFileBytes: number;
    maxRequestBytes: number;
    tooLarge: { key: string; values?: Record<string, string | number> };
  },
): Promise<
  | Extract<FormResult<z.output<S>>, { ok: false }>
  | { ok: true; data: z.output<S>; values: Record<string, unknown>; file: FormDataEntryValue | null }
> {
  if (!isSameOrigin(request)) {
    return { ok: false, response: formFailure(403, { formError: { key: "errors.crossSite" } }) };
  }
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data") || !request.body) {
    return { ok: false, response: formFailure(400, { formError: { key: "errors.badForm" } }) };
  }
  const tooLarge = () => ({
    ok: false as const,
    response: formFailure(413, {
      fieldErrors: { file: limits.tooLarge },
      formError: limits.tooLarge,
      values: { intent: "upload" },
    }),
  });
  const declared = Number(request.headers.get("content-length") ?? "0");
  // Far over the limit: refused at once (a reverse proxy's body limit should stop these earlier).
  if (declared > 4 * limits.maxRequestBytes) return tooLarge();
  const body = await readUpload(request, limits.maxRequestBytes, 4 * limits.maxRequestBytes);
  if (body === "too_large") return tooLarge();
  const fileHandler = unstable_createMemoryUploadHandler({
    maxPartSize: limits.maxFileBytes,
    filter: ({ name }) => name === "file",
  });
  const textHandler = unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_TEXT_PART });
  let formData: FormData;
  try {
    const read = new Request(request.url, {
      method: "POST",
      headers: { "content-type": contentType },
      body: body as Uint8Array<ArrayBuffer>,
    });
    formData = await unstable_parseMultipartFormData(read, (part) =>
      part.filename === undefined ? textHandler(part) : fileHandler(part),
    );
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return tooLarge();
    return { ok: false, response: formFailure(400, { formError: { key: "errors.badForm" } }) };
  }
  const file = formData.get("file");
  const fields = [...formData.entries()].filter(([k]) => k !== "file");
  for (const [k, v] of fields) {
    if (typeof v === "string" && (k.includes("\uFFFD") || v.includes("\uFFFD"))) {
      return { ok: false, response: formFailure(400, { formError: { key: "errors.notUtf8" } }) };
    }
  }
  const values = toObject(fields);
  const parsed = validateAs(schema, values);
  if (!parsed.ok) return parsed;
  return { ...parsed, file };
}
