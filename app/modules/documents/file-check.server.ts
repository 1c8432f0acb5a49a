import crypto from "node:crypto";
import { AppError } from "#app/utils/errors";
import { DOCUMENT_TYPES, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_LABEL, type DocumentContentType } from "./constants";

export interface CheckedFile {
  fileName: string;
  contentType: DocumentContentType;
  bytes: Buffer;
  sha256: string;
}

const refuse = (key: string, values?: Record<string, string | number>) =>
  new AppError("validation", key, values, { field: "file" });

/**
 * The name a download gets: the uploaded name without any folder, control characters or quotes,
 * at most 150 characters, keeping its ending.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? "";

  const clean = base.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, "").trim();
  if (clean.length <= 150) return clean;
  const dot = clean.lastIndexOf(".");
  const ext = dot > 0 ? clean.slice(dot) : "";
  return clean.slice(0, 150 - ext.length) + ext;
}

/**
 * An uploaded file judged by its content (file-type reads the magic bytes): PDF, JPEG or PNG
 * only; its name's ending and the type the browser declared must agree with the content. An empty
 * file, a file over the limit, anything else: refused with the reason (the error is the file
 * field's).
 */
export async function checkDocumentFile(file: unknown): Promise<CheckedFile> {
  if (!(file instanceof File) || file.name === "") throw refuse("documents.errors.fileRequired");
  if (file.size === 0) throw refuse("documents.errors.empty", { name: file.name });
  if (file.size > MAX_DOCUMENT_BYTES) throw refuse("documents.errors.tooLarge", { max: MAX_DOCUMENT_LABEL });
  const bytes = Buffer.from(await file.arrayBuffer());
  const { fileTypeFromBuffer } = await import("file-type"); // loaded on the first upload, not at start
  const detected = await fileTypeFromBuffer(bytes);
  const type = detected && Object.hasOwn(DOCUMENT_TYPES, detected.mime) ? (detected.mime as DocumentContentType) : null;
  if (!type) throw refuse("documents.errors.type", { name: file.name });
  const fileName = cleanFileName(file.name);
  const ext = fileName.includes(".") ? fileName.split(".").at(-1)!.toLowerCase() : "";
  const allowed = DOCUMENT_TYPES[type];
  const typeLabel = "t:" + `documents.types.${type.replace("/", "_")}`;
  if (!(allowed.extensions as readonly string[]).includes(ext)) {
    throw refuse("documents.errors.nameMismatch", { name: file.name, type: typeLabel });
  }
  // The browser's claim: none (or the generic one) says nothing; any other must match the content.
  const declared = file.type.toLowerCase().split(";")[0]!.trim();
  if (
    declared &&
    declared !== "application/octet-stream" &&
    !(allowed.declared as readonly string[]).includes(declared)
  ) {
    throw refuse("documents.errors.declaredMismatch", { name: file.name, declared, type: typeLabel });
  }
  return { fileName, contentType: type, bytes, sha256: crypto.createHash("sha256").update(bytes).digest("hex") };
}
