import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field, FormError, useValidatedForm } from "~/components/form";
import { resolveLocale } from "~/i18next.server";
import { MAX_IMPORT_BYTES } from "~/modules/csv/files";
import { listInstitutions } from "~/modules/institutions/service.server";
import { commitImport, importColumns, previewImport, templateHeader, type ImportPreview } from "~/modules/residents/import.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { isValidDate } from "~/utils/dates";
import { isAppError } from "~/utils/errors";
import { redirectWithFlash } from "~/utils/flash.server";
import { formFailure, parseForm, type ActionFailure } from "~/utils/form.server";
import { formatDate } from "~/utils/format";
import { translateMessage } from "~/utils/message";
import { orFormError } from "~/utils/route.server";
import { text, type FieldError } from "~/utils/validation";
import type { Locale } from "../../db/schema/enums";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "residents.import.title" };

const institutionId = z.coerce.number().int().positive({ error: "validation.required" });

/** Step 1 in the browser: the file is checked by the server only. */
const chooseSchema = z.object({ institutionId });

/** Base64 of a file of at most MAX_IMPORT_BYTES. */
const MAX_FILE64_CHARS = Math.ceil(MAX_IMPORT_BYTES / 3) * 4;

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("preview"), institutionId, file: z.unknown() }),
  z.object({
    intent: z.literal("confirm"),
    institutionId,
    file64: z.string().min(1).max(MAX_FILE64_CHARS).regex(/^[A-Za-z0-9+/]*={0,2}$/),
    fileName: text(255),
  }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:residents");
  const locale = await resolveLocale(request, ctx.actor.locale);
  return {
    institutions: listInstitutions(ctx).map((i) => ({ id: i.id, name: i.name })),
    columns: importColumns(locale),
    header: templateHeader(locale),
    maxKiB: MAX_IMPORT_BYTES / 1024,
  };
}

/** The preview as the page needs it: only the shown columns of each row go to the browser. */
function forPage(preview: ImportPreview) {
  return {
    ...preview,
    rows: preview.rows.map(({ line, values, errors }) => ({
      line,
      values: { firstName: values.firstName, lastName: values.lastName, dateOfBirth: values.dateOfBirth, targetGroup: values.targetGroup },
      errors,
    })),
  };
}

interface PreviewData {
  ok: true;
  preview: ReturnType<typeof forPage>;
  institutionId: number;
  fileName: string;
  /** The file, base64-encoded, only when it can be imported as it is. */
  file64: string | null;
  /** Why a confirmed import was refused after all (the file is shown checked again). */
  notice?: FieldError;
}

function isFile(v: unknown): v is File {
  return typeof v === "object" && v !== null && typeof (v as File).arrayBuffer === "function" && typeof (v as File).size === "number";
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:residents");
  const locale = await resolveLocale(request, ctx.actor.locale);
  const form = await parseForm(request, actionSchema);
  if (!form.ok) return form.response;
  const input = form.data;

  if (input.intent === "preview") {
    const file = input.file;
    if (!isFile(file) || file.size === 0) {
      return formFailure(400, { fieldErrors: { file: { key: "residents.import.errors.noFile" } }, values: form.values });
    }
    if (file.size > MAX_IMPORT_BYTES) {
      return formFailure(413, {
        fieldErrors: { file: { key: "residents.import.errors.tooLarge", values: { max: MAX_IMPORT_BYTES / 1024 } } },
        values: form.values,
      });
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    return orFormError(() => {
      const preview = previewImport(ctx, input.institutionId, bytes, { locale });
      const importable = preview.fileErrors.length === 0 && preview.errorRowCount === 0;
      return {
        ok: true as const,
        preview: forPage(preview),
        institutionId: input.institutionId,
        fileName: file.name.slice(0, 255),
        // The file travels to the confirm step in the page, not in a server-side store. It is
        // not trusted there: commitImport decodes, parses, validates and checks it again.
        file64: importable ? Buffer.from(bytes).toString("base64") : null,
      } satisfies PreviewData;
    }, form.values);
  }

  // Confirm: everything is checked again on the server, inside the transaction that writes.
  const bytes = new Uint8Array(Buffer.from(input.file64, "base64"));
  return orFormError(async () => {
    try {
      const { count } = commitImport(ctx, input.institutionId, bytes, { locale });
      return redirectWithFlash("/residents", { key: "residents.import.done", values: { count } });
    } catch (e) {
      if (!isAppError(e) || e.label !== "validation" || e.messageKey === "residents.errors.institutionOutOfScope") throw e;
      // Something changed since the preview (e.g. a resident registered meanwhile): show why.
      const preview = previewImport(ctx, input.institutionId, bytes, { locale });
      return data(
        {
          ok: true as const,
          preview: forPage(preview),
          institutionId: input.institutionId,
          fileName: input.fileName,
          file64: null,
          notice: { key: e.messageKey, values: e.values },
        } satisfies PreviewData,
        { status: 400 },
      );
    }
  }); // no values echoed: they would carry the whole file back
}

const FIELD_LABEL: Record<string, string> = {
  firstName: "residents.import.fields.firstName",
  lastName: "residents.import.fields.lastName",
  sex: "residents.import.fields.sex",
  dateOfBirth: "residents.import.fields.dateOfBirth",
  targetGroup: "residents.import.fields.targetGroup",
  disability: "residents.import.fields.disability",
  legalCapacity: "residents.import.fields.legalCapacity",
  guardianName: "residents.import.fields.guardianName",
  guardianContact: "residents.import.fields.guardianContact",
  guardianDecision: "residents.import.fields.guardianDecision",
  admissionDate: "residents.import.fields.admissionDate",
  supportNeeds: "residents.import.fields.supportNeeds",
};

const FIELD_HELP: Record<string, string> = {
  firstName: "residents.import.help.text",
  lastName: "residents.import.help.text",
  sex: "residents.import.help.sex",
  dateOfBirth: "residents.import.help.date",
  targetGroup: "residents.import.help.targetGroup",
  disability: "residents.import.help.disability",
  legalCapacity: "residents.import.help.legalCapacity",
  guardianName: "residents.import.help.guardianName",
  guardianContact: "residents.import.help.text",
  guardianDecision: "residents.import.help.text",
  admissionDate: "residents.import.help.date",
  supportNeeds: "residents.import.help.text",
};

const TARGET_GROUP_LABEL: Record<string, string> = {
  older_person: "residents.import.targetGroups.older_person",
  person_with_disability: "residents.import.targetGroups.person_with_disability",
  mental_health_crisis: "residents.import.targetGroups.mental_health_crisis",
};

const DELIMITER_LABEL: Record<string, string> = {
  ";": "residents.import.delimiters.semicolon",
  ",": "residents.import.delimiters.comma",
  "\t": "residents.import.delimiters.tab",
};

/** Code page names are the same in every language. */
const ENCODING_NAME: Record<string, string> = { "utf-8": "UTF-8", "windows-1250": "Windows-1250", "windows-1251": "Windows-1251" };

export default function ImportResidents() {
  const { t } = useTranslation();
  const { institutions, columns, header, maxKiB } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as PreviewData | ActionFailure | undefined;
  const f = useValidatedForm<{ institutionId: string }>(chooseSchema, { institutionId: institutions.length === 1 ? String(institutions[0]!.id) : "" });
  const preview = actionData && actionData.ok ? actionData : undefined;

  return (
    <>
      <h1>{t("residents.import.title")}</h1>
      {preview ? (
        <PreviewStep data={preview} institutionName={institutions.find((i) => i.id === preview.institutionId)?.name ?? ""} />
      ) : (
        <>
          <p className="lead">{t("residents.import.intro")}</p>
          <FormError error={f.formError} />
          <Form method="post" encType="multipart/form-data" onSubmit={f.onSubmit} noValidate className="stack">
            <Field label={t("residents.import.institution")} name="institutionId" error={f.errorFor("institutionId")}>
              {(a) => (
                <select {...a} defaultValue={f.initial("institutionId")} {...f.form.register("institutionId")}>
                  <option value="">{t("residents.import.chooseInstitution")}</option>
                  {institutions.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("residents.import.file")} name="file" error={f.errorFor("file")} hint={t("residents.import.fileHint", { max: maxKiB })}>
              {(a) => <input {...a} type="file" name="file" accept=".csv,.txt,text/csv,text/plain" />}
            </Field>
            <button type="submit" name="intent" value="preview" className="button">
              {t("residents.import.check")}
            </button>
          </Form>
          <ColumnsHelp columns={columns} header={header} />
        </>
      )}
    </>
  );
}

function ColumnsHelp({ columns, header }: { columns: { field: string; header: string; required: boolean }[]; header: string }) {
  const { t } = useTranslation();
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${header}\r\n`)}`;
  return (
    <section aria-labelledby="columns-title" className="panel">
      <h2 id="columns-title">{t("residents.import.columnsTitle")}</h2>
      <p className="hint">{t("residents.import.columnsHint")}</p>
      <pre>
        <code>{header}</code>
      </pre>
      <p>
        <a href={template} download="residents.csv">
          {t("residents.import.downloadTemplate")}
        </a>
      </p>
      <table>
        <caption className="visually-hidden">{t("residents.import.columnsTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("residents.import.column")}</th>
            <th scope="col">{t("residents.import.meaning")}</th>
            <th scope="col">{t("residents.import.accepted")}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.field}>
              <td>
                <code>{c.header}</code>
              </td>
              <td>
                {t(FIELD_LABEL[c.field]!)}
                {c.required ? ` (${t("residents.import.required")})` : ""}
              </td>
              <td>{t(FIELD_HELP[c.field]!)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RowErrors({ errors }: { errors: Record<string, FieldError> }) {
  const { t } = useTranslation();
  const entries = Object.entries(errors);
  if (entries.length === 0) return <>{t("residents.import.rowOk")}</>;
  return (
    <ul className="field-error">
      {entries.map(([field, e]) => {
        const label = FIELD_LABEL[field];
        return (
          <li key={field}>
            {label ? `${t(label)}: ` : ""}
            {translateMessage(t, e.key, e.values)}
          </li>
        );
      })}
    </ul>
  );
}

function PreviewStep({ data, institutionName }: { data: PreviewData; institutionName: string }) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const { preview } = data;
  const locale = i18n.language as Locale;
  return (
    <>
      <FormError error={data.notice} />
      <section aria-labelledby="summary-title" className="panel">
        <h2 id="summary-title">{t("residents.import.summaryTitle")}</h2>
        <dl className="facts">
          <dt>{t("residents.import.institution")}</dt>
          <dd>{institutionName}</dd>
          <dt>{t("residents.import.file")}</dt>
          <dd>{data.fileName}</dd>
          <dt>{t("residents.import.rows")}</dt>
          <dd>{preview.rowCount}</dd>
          <dt>{t("residents.import.errorRows")}</dt>
          <dd>{preview.errorRowCount}</dd>
          <dt>{t("residents.import.encoding")}</dt>
          <dd>{preview.encoding ? ENCODING_NAME[preview.encoding] : "—"}</dd>
          <dt>{t("residents.import.delimiter")}</dt>
          <dd>{preview.delimiter ? t(DELIMITER_LABEL[preview.delimiter]!) : "—"}</dd>
        </dl>
      </section>

      {preview.fileErrors.length > 0 ? (
        <div role="alert" className="form-error">
          <p>{t("residents.import.fileRefused")}</p>
          <ul>
            {preview.fileErrors.map((e) => (
              <li key={e.key}>{translateMessage(t, e.key, e.values)}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {data.file64 ? (
        <section aria-labelledby="confirm-title" className="panel">
          <h2 id="confirm-title">{t("residents.import.readyTitle")}</h2>
          <p>{t("residents.import.readyHint", { count: preview.rowCount })}</p>
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="institutionId" value={data.institutionId} />
            <input type="hidden" name="fileName" value={data.fileName} />
            {/* The uploaded file itself, base64-encoded, so nothing is kept on the server between
                the steps. The server does not trust it: it decodes, parses and validates it all
                again when the import is confirmed. */}
            <input type="hidden" name="file64" value={data.file64} />
            <button type="submit" name="intent" value="confirm" className="button" disabled={navigation.state !== "idle"}>
              {t("residents.import.confirm")}
            </button>
          </Form>
        </section>
      ) : preview.fileErrors.length === 0 ? (
        <div role="alert" className="form-error">
          {t("residents.import.fixAndRetry", { count: preview.errorRowCount })}
        </div>
      ) : null}

      <p>
        <Link to="/residents/import" reloadDocument>
          {t("residents.import.startOver")}
        </Link>
      </p>

      {preview.rows.length > 0 ? (
        <table>
          <caption className="visually-hidden">{t("residents.import.summaryTitle")}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t("residents.import.line")}
              </th>
              <th scope="col">{t("residents.import.name")}</th>
              <th scope="col">{t("residents.import.fields.dateOfBirth")}</th>
              <th scope="col">{t("residents.import.fields.targetGroup")}</th>
              <th scope="col">{t("residents.import.problems")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr key={r.line}>
                <td className="num">{r.line}</td>
                <td>{`${r.values.firstName} ${r.values.lastName}`.trim()}</td>
                <td>{isValidDate(r.values.dateOfBirth) ? formatDate(r.values.dateOfBirth, locale, "UTC") : r.values.dateOfBirth}</td>
                <td>{TARGET_GROUP_LABEL[r.values.targetGroup] ? t(TARGET_GROUP_LABEL[r.values.targetGroup]!) : r.values.targetGroup}</td>
                <td>
                  <RowErrors errors={r.errors} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
