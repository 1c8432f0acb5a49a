/**
 * Limits of CSV imports and the hand-over of a file between preview and confirm. Not server-only:
 * route modules use these at module level (form schemas), which the browser bundle keeps.
 *
 * The file travels between the two steps in the page, base64-encoded, not in a server-side store.
 * It is not trusted there: the commit decodes, parses and validates it all again.
 */

/** Larger files are refused (the confirm form carries the file base64-encoded, under 1 MiB). */
export const MAX_IMPORT_BYTES = 512 * 1024;
export const MAX_IMPORT_ROWS = 5000;

/** Length of the base64 text of a file of at most MAX_IMPORT_BYTES. */
export const MAX_FILE64_CHARS = Math.ceil(MAX_IMPORT_BYTES / 3) * 4;
/** What the base64 field of a confirm form must look like. */
export const FILE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

/** The file as the confirm form carries it (server side). */
export function toFile64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/** The file back from the confirm form (server side); check it against FILE64_PATTERN first. */
export function fromFile64(file64: string): Uint8Array {
  return new Uint8Array(Buffer.from(file64, "base64"));
}
