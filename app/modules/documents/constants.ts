/**
 * What a document upload accepts (docs/decisions/024-documents-case-file.md): PDF, JPEG or PNG,
 * judged from the file's content, up to 10 MB (a multi-page scan of a court decision at 300 dpi
 * is 1–5 MB; a phone photo 2–4 MB).
 */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** The limit as people read it, in messages. */
export const MAX_DOCUMENT_LABEL = "10 MB";
/** The whole request may carry the form's other fields beside the file. */
export const MAX_UPLOAD_REQUEST_BYTES = MAX_DOCUMENT_BYTES + 64 * 1024;

/** Content type (as read from the bytes) → the file name endings and declared types that may go with it. */
export const DOCUMENT_TYPES = {
  "application/pdf": { extensions: ["pdf"], declared: ["application/pdf", "application/x-pdf"] },
  "image/jpeg": { extensions: ["jpg", "jpeg"], declared: ["image/jpeg", "image/pjpeg"] },
  "image/png": { extensions: ["png"], declared: ["image/png", "image/x-png"] },
} as const;
export type DocumentContentType = keyof typeof DOCUMENT_TYPES;

/** What the file input offers (a hint to the browser; the server decides from the content). */
export const DOCUMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";
