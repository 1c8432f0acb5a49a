import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import type {
  CsvImportJobData,
  CsvImportLoaderData,
  CsvImportPreviewData,
  CsvPreviewValues,
} from "#app/modules/csv/route.server";
import type { JobProgress } from "#app/modules/csv/jobs.server";
import { formatNumber } from "#app/utils/format";
import type { ActionFailure } from "#app/utils/form.server";
import { translateMessage } from "#app/utils/message";
import type { FieldError } from "#app/utils/issues";
import { ErrorSummary, Field, FormError } from "./form-messages";
import { useValidatedForm } from "./form";

/**
 * The page of a register's CSV import (residents, staff), for the loader and action of
 * `~/modules/csv/route.server`: choose an institution and a file, see it checked, confirm.
 * Texts that are not about the register are the residents import's (residents.import.*): they
 * say nothing about residents.
 */

/** A column of the preview table after the line and the name. */
export interface CsvPreviewColumn<V extends CsvPreviewValues> {
  headerKey: string;
  render(values: V, ctx: { t: TFunction; locale: Locale }): ReactNode;
}

export interface CsvImportPageConfig<V extends CsvPreviewValues> {
  /** The page's heading. */
  titleKey: string;
  /** The page itself: "start over" loads it again. */
  path: string;
  /** Field → key of its name (the column help, and a row's errors). */
  fieldLabels: Record<string, string>;
  /** Field → key of the values it accepts (the column help). */
  fieldHelp: Record<string, string>;
  previewColumns: CsvPreviewColumn<V>[];
  /** Name of the downloaded template. */
  templateFileName: string;
  /**
   * Templates served by the server (a history import's, with an example row, in CSV and XLSX):
   * links instead of the header-only CSV made in the page.
   */
  templates?: { lang: Locale; csv: string; xlsx: string }[];
  /** The page's own texts where it differs from the CSV imports (keys). */
  texts?: { intro?: string; file?: string; fileHint?: string; busy?: string };
  /** The file input's `accept` (default: CSV and text files). */
  accept?: string;
  /**
   * A history import: with JavaScript, the check and the import run as jobs whose progress the
   * page shows (rows done of all rows), read at `${path}/progress?job=…`.
   */
  progress?: boolean;
}

const DELIMITER_LABEL: Record<string, string> = {
  ";": "residents.import.delimiters.semicolon",
  ",": "residents.import.delimiters.comma",
  "\t": "residents.import.delimiters.tab",
};

/** Code page names are the same in every language. */
const ENCODING_NAME: Record<string, string> = {
  "utf-8": "UTF-8",
  "windows-1250": "Windows-1250",
  "windows-1251": "Windows-1251",
};

const FORMAT_LABEL: Record<string, string> = {
  csv: "residents.import.formats.csv",
  xlsx: "residents.import.formats.xlsx",
};

const LANGUAGE_NAME: Record<Locale, string> = { en: "English", pl: "Polski", bg: "Български" };

export function CsvImportPage<V extends CsvPreviewValues>({ config }: { config: CsvImportPageConfig<V> }) {
  const { t } = useTranslation();
  const { institutions, columns, header, maxKiB } = useLoaderData() as CsvImportLoaderData;
  const answer = useActionData() as CsvImportPreviewData<V> | ActionFailure | CsvImportJobData | undefined;
  const job = answer && "job" in answer ? answer.job : undefined;
  const actionData = answer && "job" in answer ? undefined : answer;
  const f = useValidatedForm<{ institutionId: string }>(
    () => import("#app/modules/csv/schemas").then((m) => m.chooseInstitutionSchema),
    {
      institutionId: institutions.length === 1 ? String(institutions[0]!.id) : "",
    },
  );
  const preview = actionData && actionData.ok ? actionData : undefined;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod?.toLowerCase() === "post";
  const texts = config.texts ?? {};

  return (
    <>
      <h1>{t(config.titleKey)}</h1>
      {job ? (
        <ImportProgress key={job.id} path={config.path} job={job} />
      ) : preview ? (
        <PreviewStep
          config={config}
          data={preview}
          institutionName={institutions.find((i) => i.id === preview.institutionId)?.name ?? ""}
        />
      ) : (
        <>
          <p className="lead">{t(texts.intro ?? "residents.import.intro")}</p>
          <ErrorSummary form={f} />
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
            <Field
              label={t(texts.file ?? "residents.import.file")}
              name="file"
              error={f.errorFor("file")}
              hint={t(texts.fileHint ?? "residents.import.fileHint", { max: maxKiB })}
            >
              {(a) => (
                <input {...a} type="file" name="file" accept={config.accept ?? ".csv,.txt,text/csv,text/plain"} />
              )}
            </Field>
            {config.progress ? <ProgressWanted /> : null}
            <button type="submit" name="intent" value="preview" className="button" disabled={busy}>
              {t("residents.import.check")}
            </button>
            <Busy busy={busy} textKey={texts.busy} />
          </Form>
          <ColumnsHelp config={config} columns={columns} header={header} />
        </>
      )}
    </>
  );
}

/**
 * Asks the server for a job whose progress the page shows: only once the page runs JavaScript
 * (without it, the post is answered when the work is done, as a plain form is).
 */
function ProgressWanted() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated ? <input type="hidden" name="progress" value="1" /> : null;
}

const POLL_MS = 400;

/**
 * A running check or import: rows done of all rows, read from the server every 400 ms; once it
 * is finished the page posts for its answer (the checked file, or the import's redirect).
 */
function ImportProgress({ path, job }: { path: string; job: CsvImportJobData["job"] }) {
  const { t, i18n } = useTranslation();
  const submit = useSubmit();
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [gone, setGone] = useState(false);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const res = await fetch(`${path}/progress?job=${encodeURIComponent(job.id)}`, {
          headers: { Accept: "application/json" },
        });
        if (stopped) return;
        if (res.status === 404) return setGone(true);
        const p = (await res.json()) as JobProgress;
        if (stopped) return;
        setProgress(p);
        // The job in the URL too: a cluster's worker relays it to the one running it (server.js).
        if (p.finished)
          return submit(
            { intent: "result", job: job.id },
            { method: "post", action: `${path}?job=${encodeURIComponent(job.id)}` },
          );
      } catch {
        // A network hiccup: ask again.
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [path, job.id, submit]);
  const num = (n: number) => formatNumber(n, i18n.language as Locale);
  const total = progress?.total ?? null;
  const done = progress?.done ?? 0;
  return (
    <section aria-labelledby="progress-title" className="panel">
      <h2 id="progress-title">{t(`history.progress.${job.phase}`)}</h2>
      {gone ? (
        <div role="alert" className="form-error">
          <p>{t("history.progress.gone")}</p>
          <Link to={path} reloadDocument>
            {t("residents.import.startOver")}
          </Link>
        </div>
      ) : (
        <>
          <progress
            id="import-progress"
            max={total ?? undefined}
            value={total ? done : undefined}
            aria-labelledby="progress-title"
          />
          <p role="status" className="import-progress-text">
            {total === null
              ? t("history.progress.starting")
              : t("history.progress.rows", { done: num(done), total: num(total) })}
          </p>
          <p className="hint">{t("history.progress.hint")}</p>
        </>
      )}
    </section>
  );
}

/** While the server checks or imports a file: says so (a history file takes seconds: every row is replayed). */
function Busy({ busy, textKey }: { busy: boolean; textKey?: string }) {
  const { t } = useTranslation();
  return (
    <p role="status" className="hint">
      {busy && textKey ? t(textKey) : ""}
    </p>
  );
}

function ColumnsHelp({
  config,
  columns,
  header,
}: {
  config: Pick<CsvImportPageConfig<CsvPreviewValues>, "fieldLabels" | "fieldHelp" | "templateFileName" | "templates">;
  columns: CsvImportLoaderData["columns"];
  header: string;
}) {
  const { t } = useTranslation();
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${header}\r\n`)}`;
  return (
    <section aria-labelledby="columns-title" className="panel">
      <h2 id="columns-title">{t("residents.import.columnsTitle")}</h2>
      <p className="hint">{t("residents.import.columnsHint")}</p>
      <pre className="header-line">
        <code>{header}</code>
      </pre>
      {config.templates ? (
        <table className="templates">
          <caption>{t("residents.import.templatesTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("language.label")}</th>
              <th scope="col">CSV</th>
              <th scope="col">Excel (XLSX)</th>
            </tr>
          </thead>
          <tbody>
            {config.templates.map((tpl) => (
              <tr key={tpl.lang}>
                <th scope="row" lang={tpl.lang}>
                  {LANGUAGE_NAME[tpl.lang]}
                </th>
                <td>
                  <a href={tpl.csv} download hrefLang={tpl.lang}>
                    {t("residents.import.downloadCsv")}
                    <span className="visually-hidden"> ({LANGUAGE_NAME[tpl.lang]})</span>
                  </a>
                </td>
                <td>
                  <a href={tpl.xlsx} download hrefLang={tpl.lang}>
                    {t("residents.import.downloadXlsx")}
                    <span className="visually-hidden"> ({LANGUAGE_NAME[tpl.lang]})</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>
          <a href={template} download={config.templateFileName}>
            {t("residents.import.downloadTemplate")}
          </a>
        </p>
      )}
      <div className="table-scroll">
        <table className="stack-on-phone">
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
                <td data-label={t("residents.import.column")}>
                  <code>{c.header}</code>
                </td>
                <td data-label={t("residents.import.meaning")}>
                  {t(config.fieldLabels[c.field]!)}
                  {c.required ? ` (${t("residents.import.required")})` : ""}
                </td>
                <td data-label={t("residents.import.accepted")}>{t(config.fieldHelp[c.field]!)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RowErrors({
  errors,
  fieldLabels,
}: {
  errors: Record<string, FieldError>;
  fieldLabels: Record<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const entries = Object.entries(errors);
  if (entries.length === 0) return <>{t("residents.import.rowOk")}</>;
  return (
    <ul className="field-error">
      {entries.map(([field, e]) => {
        const label = fieldLabels[field];
        return (
          <li key={field}>
            {label ? `${t(label)}: ` : ""}
            {translateMessage(t, e.key, e.values, i18n.language)}
          </li>
        );
      })}
    </ul>
  );
}

function PreviewStep<V extends CsvPreviewValues>({
  config,
  data,
  institutionName,
}: {
  config: CsvImportPageConfig<V>;
  data: CsvImportPreviewData<V>;
  institutionName: string;
}) {
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
          <dt>{t(config.texts?.file ?? "residents.import.file")}</dt>
          <dd>{data.fileName}</dd>
          <dt>{t("residents.import.rows")}</dt>
          <dd>{preview.rowCount}</dd>
          <dt>{t("residents.import.errorRows")}</dt>
          <dd>{preview.errorRowCount}</dd>
          {preview.format ? (
            <>
              <dt>{t("residents.import.format")}</dt>
              <dd>{FORMAT_LABEL[preview.format] ? t(FORMAT_LABEL[preview.format]!) : preview.format}</dd>
            </>
          ) : null}
          {preview.format !== "xlsx" ? (
            <>
              <dt>{t("residents.import.encoding")}</dt>
              <dd>{preview.encoding ? ENCODING_NAME[preview.encoding] : "—"}</dd>
              <dt>{t("residents.import.delimiter")}</dt>
              <dd>{preview.delimiter ? t(DELIMITER_LABEL[preview.delimiter]!) : "—"}</dd>
            </>
          ) : null}
        </dl>
      </section>

      {preview.fileErrors.length > 0 ? (
        <div role="alert" className="form-error">
          <p>{t("residents.import.fileRefused")}</p>
          <ul>
            {preview.fileErrors.map((e) => (
              <li key={e.key}>{translateMessage(t, e.key, e.values, i18n.language)}</li>
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
            {config.progress ? <ProgressWanted /> : null}
            <button
              type="submit"
              name="intent"
              value="confirm"
              className="button"
              disabled={navigation.state !== "idle"}
            >
              {t("residents.import.confirm")}
            </button>
            <Busy
              busy={navigation.state !== "idle" && navigation.formMethod?.toLowerCase() === "post"}
              textKey={config.texts?.busy}
            />
          </Form>
        </section>
      ) : preview.fileErrors.length === 0 ? (
        <div role="alert" className="form-error">
          {t("residents.import.fixAndRetry", { count: preview.errorRowCount })}
        </div>
      ) : null}

      <p>
        <Link to={config.path} reloadDocument>
          {t("residents.import.startOver")}
        </Link>
      </p>

      {preview.rows.length > 0 ? (
        <div className="table-scroll">
          <table className="stack-on-phone">
            <caption className="visually-hidden">{t("residents.import.summaryTitle")}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t("residents.import.line")}
                </th>
                <th scope="col">{t("residents.import.name")}</th>
                {config.previewColumns.map((c) => (
                  <th key={c.headerKey} scope="col">
                    {t(c.headerKey)}
                  </th>
                ))}
                <th scope="col">{t("residents.import.problems")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.line}>
                  <td className="num" data-label={t("residents.import.line")}>
                    {r.line}
                  </td>
                  <td data-label={t("residents.import.name")}>{`${r.values.firstName} ${r.values.lastName}`.trim()}</td>
                  {config.previewColumns.map((c) => (
                    <td key={c.headerKey} data-label={t(c.headerKey)}>
                      {c.render(r.values, { t, locale })}
                    </td>
                  ))}
                  <td data-label={t("residents.import.problems")}>
                    <RowErrors errors={r.errors} fieldLabels={config.fieldLabels} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
