import type { z } from "zod";
import { redirectWithFlash } from "#app/utils/flash.server";
import { needsConfirmation, parseForm, parseUpload } from "#app/utils/form.server";
import { orFormError } from "#app/utils/route.server";
import { MAX_DOCUMENT_BYTES, MAX_DOCUMENT_LABEL, MAX_UPLOAD_REQUEST_BYTES } from "./constants";

/**
 * The action of a documents page (a resident's, a meeting's): an upload (multipart, read with
 * `parseUpload` under the size limit) or a removal (a plain form, confirmed first). The caller
 * has checked the permission; the service checks the scope and the file.
 */
export async function documentAction<U extends z.ZodType, R extends z.ZodType>(
  request: Request,
  here: string,
  handlers: {
    uploadSchema: U;
    removeSchema: R;
    upload: (input: z.output<U>, file: unknown) => Promise<unknown>;
    remove: (input: z.output<R>) => void;
  },
) {
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const form = await parseUpload(request, handlers.uploadSchema, {
      maxFileBytes: MAX_DOCUMENT_BYTES,
      maxRequestBytes: MAX_UPLOAD_REQUEST_BYTES,
      tooLarge: { key: "documents.errors.tooLarge", values: { max: MAX_DOCUMENT_LABEL } },
    });
    if (!form.ok) return form.response;
    return orFormError(async () => {
      await handlers.upload(form.data, form.file);
      return redirectWithFlash(here, { key: "documents.uploaded" });
    }, form.values);
  }
  const form = await parseForm(request, handlers.removeSchema);
  if (!form.ok) return form.response;
  const ask = needsConfirmation(form.values);
  if (ask) return ask;
  return orFormError(() => {
    handlers.remove(form.data);
    return redirectWithFlash(here, { key: "documents.removed" });
  }, form.values);
}
