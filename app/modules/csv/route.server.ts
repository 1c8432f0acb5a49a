import { data } from "@remix-run/node";
import { z } from "zod";
import type { Locale } from "#db/schema/enums";
import { resolveLocale } from "#app/i18next.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import type { ServiceContext } from "#app/utils/context.server";
import { isAppError } from "#app/utils/errors";
import { INSTITUTION_OUT_OF_SCOPE } from "#app/utils/scope.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { formFailure, parseForm } from "#app/utils/form.server";
import type { Permission } from "#app/utils/permissions";
import { orFormError } from "#app/utils/route.server";
import type { FieldError, FieldErrors } from "#app/utils/issues";
import { text } from "#app/utils/validation";
import { listInstitutions } from "#app/modules/institutions/service.server";
import { FILE64_PATTERN, fromFile64, MAX_FILE64_CHARS, MAX_IMPORT_BYTES, toFile64 } from "./files";
import type { CsvImportOptions, CsvImportPreview } from "./import.server";
import { JOB_ID, jobProgress, startJob, takeJobAnswer, type JobPhase } from "./jobs.server";

/**
 * The loader and action of a register's CSV import page (residents, staff): two steps, check the
 * file, then confirm. A page gives a `CsvImportSpec`: its permission, its import functions, the
 * few values of a row the preview shows, and where to go once imported.
 *
 * The file travels to the confirm step in the page, base64-encoded, not in a server-side store.
 * It is not trusted there: the commit decodes, parses, validates and checks it all again.
 */

/** The values of a preview row every import page shows (the person's name). */
export interface CsvPreviewValues {
  firstName: string;
  lastName: string;
}

export interface CsvImportSpec<F extends string, V extends CsvPreviewValues> {
  /** Checked first, by the loader and the action. */
  permission: Permission;
  /** The columns of the file, with their names in the user's language. */
  columns(locale: Locale): { field: F; header: string; required: boolean }[];
  /** The header line of the template file. */
  templateHeader(locale: Locale): string;
  /** Reads and checks the file; writes nothing. */
  preview(
    ctx: ServiceContext,
    institutionId: number,
    bytes: Uint8Array,
    options: CsvImportOptions,
  ): ImportPreview<F> | Promise<ImportPreview<F>>;
  /** Checks the file all again and imports it, every row or none. */
  commit(
    ctx: ServiceContext,
    institutionId: number,
    bytes: Uint8Array,
    options: CsvImportOptions,
  ): { count: number } | Promise<{ count: number }>;
  /**
   * The values of a row that go to the browser: only those the preview shows. `row` is the
   * previewed row (a history import's tells what the replay made of it).
   */
  pageValues(values: Record<F, string>, row: ImportPreview<F>["rows"][number]): V;
  /** Where to go once imported, and the message shown there ({ count }). */
  redirectTo: string;
  doneKey: string;
  /**
   * A history import: the page that shows a running check or import's progress (its path; the
   * jobs are this page's). Its progress is read at `${progressPath}/progress?job=…`.
   */
  progressPath?: string;
}

/**
 * A checked file: the CSV imports' preview, or a history import's (which reads workbooks too,
 * and replays each row: `outcome` is what a row made).
 */
export type ImportPreview<F extends string> = Omit<CsvImportPreview<F>, "rows" | "encoding"> & {
  encoding: CsvImportPreview<F>["encoding"];
  /** "csv" or "xlsx"; absent for the CSV-only imports. */
  format?: string | null;
  rows: (CsvImportPreview<F>["rows"][number] & { outcome?: unknown })[];
};

/** What the page's loader gives. */
export interface CsvImportLoaderData {
  institutions: { id: number; name: string }[];
  columns: { field: string; header: string; required: boolean }[];
  header: string;
  maxKiB: number;
}

/** A checked file, as the page shows it. */
export interface CsvImportPreviewData<V extends CsvPreviewValues = CsvPreviewValues> {
  ok: true;
  preview: Omit<ImportPreview<string>, "rows"> & { rows: { line: number; values: V; errors: FieldErrors }[] };
  institutionId: number;
  fileName: string;
  /** The file, base64-encoded, only when it can be imported as it is. */
  file64: string | null;
  /** Why a confirmed import was refused after all (the file is shown checked again). */
  notice?: FieldError;
}

const institutionId = z.coerce.number().int().positive({ error: "validation.required" });

/** "1" when the page (with JavaScript) shows the progress: the action then answers at once with a job. */
const progress = z.literal("1").optional();

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("preview"), institutionId, file: z.unknown(), progress }),
  z.object({
    intent: z.literal("confirm"),
    institutionId,
    file64: z.string().min(1).max(MAX_FILE64_CHARS).regex(FILE64_PATTERN),
    fileName: text(255),
    progress,
  }),
  z.object({ intent: z.literal("result"), job: z.string().regex(JOB_ID) }),
]);

/** A check or import started with progress: the page polls it, then posts `intent=result`. */
export interface CsvImportJobData {
  job: { id: string; phase: JobPhase };
}

/**
 * The progress of one of the user's jobs on a history import page (GET, reads only; no-store).
 * 404 when there is no such job of this user's on this page.
 */
export async function csvImportProgressLoader(
  request: Request,
  page: { permission: Permission; progressPath: string },
) {
  const ctx = await requireUserWithPermission(request, page.permission);
  const id = new URL(request.url).searchParams.get("job") ?? "";
  const progress = jobProgress(ctx.actor.id, page.progressPath, id);
  return Response.json(progress ?? { gone: true }, {
    status: progress ? 200 : 404,
    headers: { "Cache-Control": "no-store" },
  });
}

export async function csvImportLoader<F extends string, V extends CsvPreviewValues>(
  request: Request,
  spec: CsvImportSpec<F, V>,
): Promise<CsvImportLoaderData> {
  const ctx = await requireUserWithPermission(request, spec.permission);
  const locale = await resolveLocale(request, ctx.actor.locale);
  return {
    institutions: listInstitutions(ctx).map((i) => ({ id: i.id, name: i.name })),
    columns: spec.columns(locale),
    header: spec.templateHeader(locale),
    maxKiB: MAX_IMPORT_BYTES / 1024,
  };
}

/** The preview as the page needs it: only the shown columns of each row go to the browser. */
function forPage<F extends string, V extends CsvPreviewValues>(
  spec: CsvImportSpec<F, V>,
  preview: ImportPreview<F>,
): CsvImportPreviewData<V>["preview"] {
  return {
    ...preview,
    rows: preview.rows.map((row) => ({ line: row.line, values: spec.pageValues(row.values, row), errors: row.errors })),
  };
}

function isFile(v: unknown): v is File {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as File).arrayBuffer === "function" &&
    typeof (v as File).size === "number"
  );
}

export async function csvImportAction<F extends string, V extends CsvPreviewValues>(
  request: Request,
  spec: CsvImportSpec<F, V>,
) {
  const ctx = await requireUserWithPermission(request, spec.permission);
  const locale = await resolveLocale(request, ctx.actor.locale);
  const form = await parseForm(request, actionSchema);
  if (!form.ok) return form.response;
  const input = form.data;

  if (input.intent === "preview") {
    const file = input.file;
    if (!isFile(file) || file.size === 0) {
      return formFailure(400, {
        fieldErrors: { file: { key: "residents.import.errors.noFile" } },
        values: form.values,
      });
    }
    if (file.size > MAX_IMPORT_BYTES) {
      return formFailure(413, {
        fieldErrors: { file: { key: "residents.import.errors.tooLarge", values: { max: MAX_IMPORT_BYTES / 1024 } } },
        values: form.values,
      });
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const check = (onProgress?: CsvImportOptions["onProgress"]) =>
      orFormError(async () => {
        const preview = await spec.preview(ctx, input.institutionId, bytes, { locale, onProgress });
        const importable = preview.fileErrors.length === 0 && preview.errorRowCount === 0;
        return {
          ok: true as const,
          preview: forPage(spec, preview),
          institutionId: input.institutionId,
          fileName: file.name.slice(0, 255),
          // The file travels to the confirm step in the page, not in a server-side store. It is
          // not trusted there: spec.commit decodes, parses, validates and checks it again.
          file64: importable ? toFile64(bytes) : null,
        } satisfies CsvImportPreviewData<V>;
      }, form.values);
    return input.progress && spec.progressPath
      ? withProgress(ctx.actor.id, spec.progressPath, "checking", check)
      : check();
  }

  if (input.intent === "result") {
    const taken = spec.progressPath ? await takeJobAnswer(ctx.actor.id, spec.progressPath, input.job) : null;
    return taken ? taken.answer : formFailure(410, { formError: { key: "history.progress.gone" } });
  }

  // Confirm: everything is checked again on the server, inside the transaction that writes.
  const bytes = fromFile64(input.file64);
  const confirm = (onProgress?: CsvImportOptions["onProgress"]) =>
    orFormError(async () => {
      try {
        const { count } = await spec.commit(ctx, input.institutionId, bytes, { locale, onProgress });
        return redirectWithFlash(spec.redirectTo, { key: spec.doneKey, values: { count } });
      } catch (e) {
        if (!isAppError(e) || e.label !== "validation" || e.messageKey === INSTITUTION_OUT_OF_SCOPE) throw e;
        // Something changed since the preview (e.g. a person registered meanwhile): show why.
        const preview = await spec.preview(ctx, input.institutionId, bytes, { locale });
        return data(
          {
            ok: true as const,
            preview: forPage(spec, preview),
            institutionId: input.institutionId,
            fileName: input.fileName,
            file64: null,
            notice: { key: e.messageKey, values: e.values },
          } satisfies CsvImportPreviewData<V>,
          { status: 400 },
        );
      }
    }); // no values echoed: they would carry the whole file back
  return input.progress && spec.progressPath
    ? withProgress(ctx.actor.id, spec.progressPath, "importing", confirm)
    : confirm();
}

/** Starts the answer as a job of the user's and answers with its id (the page shows its progress). */
function withProgress(
  userId: number,
  path: string,
  phase: JobPhase,
  answer: (onProgress: CsvImportOptions["onProgress"]) => Promise<unknown>,
) {
  const id = startJob(userId, path, phase, (onProgress) => answer(onProgress));
  return data({ job: { id, phase } } satisfies CsvImportJobData, {
    status: 202,
    headers: { "Cache-Control": "no-store" },
  });
}
