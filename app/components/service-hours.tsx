import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import type { DeliveryView, MonthSummary } from "#app/modules/deliveries/service.server";
import { formatDate, formatDateTime, formatMonth, formatNumber, type DisplayZone } from "#app/utils/format";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";

/** Hours as the worker's language writes them (1,5 in Polish and Bulgarian). */
function h(n: number, locale: Locale) {
  return formatNumber(n, locale, { maximumFractionDigits: 2 });
}

/** The totals by month, with the planned figure where the service has hours per week. */
export function HoursMonths({ months }: { months: MonthSummary[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (months.length === 0) return null;
  const planned = months.some((m) => m.planned !== null);
  return (
    <section aria-labelledby="hours-months-title">
      <h2 id="hours-months-title">{t("hours.months")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("hours.month")}</th>
            <th scope="col" className="num">
              {t("hours.delivered")}
            </th>
            {planned ? (
              <th scope="col" className="num">
                {t("hours.planned")}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month} data-month={m.month}>
              <td>{formatMonth(m.month, locale)}</td>
              <td className="num">{h(m.delivered, locale)}</td>
              {planned ? <td className="num">{m.planned === null ? "—" : h(m.planned, locale)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      {planned ? <p className="hint">{t("hours.plannedHint")}</p> : null}
    </section>
  );
}

const schemas = () => import("#app/modules/deliveries/schemas");

/** Records hours delivered on a day (the same schema validates here and in the action). */
export function RecordHoursForm({ today, min, max }: { today: string; min: string; max: string }) {
  const { t } = useTranslation();
  const f = useValidatedForm<Record<string, string>>(
    () => schemas().then((m) => m.addHoursSchema),
    { intent: "add", deliveredOn: max < today ? max : today, hours: "", note: "" },
    { intent: "add" },
  );
  return (
    <section aria-labelledby="hours-add-title" className="panel">
      <h2 id="hours-add-title">{t("hours.record")}</h2>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <input type="hidden" name="intent" value="add" />
        <div className="grid-2">
          <Field label={t("hours.deliveredOn")} name="deliveredOn" error={f.errorFor("deliveredOn")}>
            {(a) => (
              <input
                {...a}
                type="date"
                min={min}
                max={max}
                defaultValue={f.initial("deliveredOn")}
                {...f.form.register("deliveredOn")}
              />
            )}
          </Field>
          <Field label={t("hours.hours")} name="hours" error={f.errorFor("hours")} hint={t("hours.hoursHint")}>
            {(a) => (
              <input {...a} inputMode="decimal" defaultValue={f.initial("hours")} {...f.form.register("hours")} />
            )}
          </Field>
        </div>
        <Field label={t("hours.note")} name="note" error={f.errorFor("note")}>
          {(a) => <input {...a} maxLength={300} defaultValue={f.initial("note")} {...f.form.register("note")} />}
        </Field>
        <button type="submit" className="button">
          {t("hours.save")}
        </button>
      </Form>
    </section>
  );
}

/** Corrects or removes one entry, each with its reason (one form per entry and intent). */
function EntryForm({ entry, intent, locale }: { entry: DeliveryView; intent: "correct" | "remove"; locale: Locale }) {
  const { t } = useTranslation();
  const f = useValidatedForm<Record<string, string>>(
    () => schemas().then((m) => (intent === "correct" ? m.correctHoursSchema : m.removeHoursSchema)),
    {
      intent,
      entryId: String(entry.id),
      deliveredOn: entry.deliveredOn,
      hours: h(entry.hours, locale),
      note: entry.note ?? "",
      reason: "",
    },
    { intent, match: { entryId: String(entry.id) } },
  );
  const id = (name: string) => `e${entry.rootId}-${intent}-${name}`;
  return (
    <details className="item-form" open={f.failed}>
      <summary>{t(intent === "correct" ? "hours.correct" : "hours.remove")}</summary>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" value={entry.id} {...f.form.register("entryId")} />
        {intent === "correct" ? (
          <>
            <div className="field">
              <label htmlFor={id("on")}>{t("hours.deliveredOn")}</label>
              <input
                id={id("on")}
                type="date"
                defaultValue={f.initial("deliveredOn")}
                {...f.form.register("deliveredOn")}
              />
            </div>
            <div className="field">
              <label htmlFor={id("hours")}>{t("hours.hours")}</label>
              <input
                id={id("hours")}
                inputMode="decimal"
                defaultValue={f.initial("hours")}
                {...f.form.register("hours")}
              />
            </div>
            <div className="field">
              <label htmlFor={id("note")}>{t("hours.note")}</label>
              <input id={id("note")} maxLength={300} defaultValue={f.initial("note")} {...f.form.register("note")} />
            </div>
          </>
        ) : null}
        <div className="field">
          <label htmlFor={id("reason")}>{t("hours.reason")}</label>
          <input id={id("reason")} maxLength={500} defaultValue={f.initial("reason")} {...f.form.register("reason")} />
        </div>
        <button type="submit" className="button secondary">
          {t(intent === "correct" ? "hours.saveCorrection" : "hours.saveRemoval")}
        </button>
      </Form>
    </details>
  );
}

/** The entries, newest day first: removed ones struck through, earlier versions with their reasons. */
export function HoursEntries({
  entries,
  canWrite,
  timeZone,
}: {
  entries: DeliveryView[];
  canWrite: boolean;
  timeZone: DisplayZone;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (entries.length === 0) return <p className="muted">{t("hours.none")}</p>;
  const line = (v: { deliveredOn: string; hours: number; note: string | null }) =>
    `${formatDate(v.deliveredOn, locale)}: ${h(v.hours, locale)} h${v.note ? ` — ${v.note}` : ""}`;
  return (
    <section aria-labelledby="hours-entries-title">
      <h2 id="hours-entries-title">{t("hours.entries")}</h2>
      <ol className="plain notes">
        {[...entries].reverse().map((e) => (
          <li key={e.rootId} className="note-item" data-entry={e.rootId}>
            <p>
              {e.removed ? <del>{line(e)}</del> : <strong>{line(e)}</strong>}{" "}
              {e.removed ? <span className="badge">{t("hours.removedBadge")}</span> : null}
              {!e.removed && e.earlier.length ? <span className="badge">{t("hours.correctedBadge")}</span> : null}{" "}
              <span className="muted">
                (
                {t("transitions.recordedBy", {
                  who: e.recordedByName ?? "—",
                  at: formatDateTime(e.recordedAt, locale, timeZone),
                })}
                {e.reason ? `; ${t("hours.because", { reason: e.reason })}` : ""})
              </span>
            </p>
            {e.earlier.length ? (
              <details>
                <summary>{t("hours.earlier")}</summary>
                <ol>
                  {e.earlier.map((v) => (
                    <li key={v.id}>
                      {line(v)}{" "}
                      <span className="muted">
                        ({v.recordedByName ?? "—"}
                        {v.reason ? `; ${t("hours.because", { reason: v.reason })}` : ""})
                      </span>
                    </li>
                  ))}
                </ol>
              </details>
            ) : null}
            {canWrite && !e.removed ? (
              <div className="actions">
                <EntryForm entry={e} intent="correct" locale={locale} />
                <EntryForm entry={e} intent="remove" locale={locale} />
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
