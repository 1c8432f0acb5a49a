import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import type { CaseNoteView } from "#app/modules/notes/service.server";
import { formatDate, formatDateTime, type DisplayZone } from "#app/utils/format";
import type { FieldError } from "#app/utils/issues";
import { useCan, useOptionalUser } from "#app/utils/user";
import { ErrorText, FormError } from "./form-messages";

/** The answer of the notes action to a form it refused: which form, what was typed, why. */
export interface NoteFailure {
  fieldErrors?: Record<string, FieldError>;
  formError?: FieldError;
  values?: Record<string, unknown>;
}

const str = (v: unknown, fallback: string) => (typeof v === "string" ? v : fallback);

/** The earlier texts of a corrected note, oldest first: shown to whoever sees the note. */
export function NoteEarlierVersions({
  note,
  timeZone,
}: {
  note: Pick<CaseNoteView, "earlier" | "reason" | "recordedAt" | "authorName">;
  /** The institution's: recording times are shown in its zone. */
  timeZone: DisplayZone;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (note.earlier.length === 0) return null;
  // Each version's reason says why it replaced the one before; the current one's reason closes the list.
  const reasons = [...note.earlier.slice(1).map((v) => v.reason), note.reason];
  return (
    <details className="note-earlier">
      <summary>{t("notes.earlier", { count: note.earlier.length })}</summary>
      <ol>
        {note.earlier.map((v, i) => (
          <li key={v.id}>
            <strong>{formatDate(v.occurredOn, locale)}</strong>{" "}
            <span className="muted">
              (
              {t("transitions.recordedBy", {
                who: v.authorName ?? "—",
                at: formatDateTime(v.recordedAt, locale, timeZone),
              })}
              )
            </span>
            <p className="note prewrap">{v.body}</p>
            {reasons[i] ? <p className="hint">{t("notes.correctedBecause", { reason: reasons[i] })}</p> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

/**
 * A resident's case notes: add one (the day it happened, what happened), and correct one's own
 * with a reason; earlier texts stay visible. The forms post to the notes route (`${base}/notes`),
 * which shows a refusal beside the form that was sent.
 */
export function CaseNotes({
  base,
  notes,
  today,
  timeZone,
  failure,
  limit,
}: {
  base: string;
  notes: CaseNoteView[];
  today: string;
  timeZone: DisplayZone;
  failure?: NoteFailure;
  /** Show only the newest ones, with a link to all of them (the resident page). */
  limit?: number;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const canWrite = useCan("write:transitions");
  const user = useOptionalUser();
  const failedIntent = failure?.values?.intent;
  const failedNote = Number(failure?.values?.noteId);
  const addFailure = failedIntent === "add" ? failure : undefined;
  const newestFirst = [...notes].reverse().slice(0, limit ?? notes.length);
  return (
    <section aria-labelledby="notes-title" className="panel">
      <h2 id="notes-title">{t("notes.title")}</h2>
      {canWrite ? (
        <details className="item-form" open={!!addFailure}>
          <summary>{t("notes.add")}</summary>
          <Form method="post" action={`${base}/notes`} className="stack" noValidate>
            <input type="hidden" name="intent" value="add" />
            <FormError error={addFailure?.formError} />
            <div className="field">
              <label htmlFor="note-occurredOn">{t("notes.occurredOn")}</label>
              <input
                id="note-occurredOn"
                type="date"
                name="occurredOn"
                max={today}
                required
                defaultValue={str(addFailure?.values?.occurredOn, today)}
                aria-invalid={!!addFailure?.fieldErrors?.occurredOn}
                aria-describedby={addFailure?.fieldErrors?.occurredOn ? "note-occurredOn-error" : undefined}
              />
              <ErrorText id="note-occurredOn-error" error={addFailure?.fieldErrors?.occurredOn} />
            </div>
            <div className="field">
              <label htmlFor="note-body">{t("notes.body")}</label>
              <textarea
                id="note-body"
                name="body"
                rows={4}
                maxLength={4000}
                required
                defaultValue={str(addFailure?.values?.body, "")}
                aria-invalid={!!addFailure?.fieldErrors?.body}
                aria-describedby={addFailure?.fieldErrors?.body ? "note-body-error" : undefined}
              />
              <ErrorText id="note-body-error" error={addFailure?.fieldErrors?.body} />
            </div>
            <button type="submit" className="button">
              {t("notes.save")}
            </button>
          </Form>
        </details>
      ) : null}
      {notes.length === 0 ? (
        <p className="muted">{t("notes.none")}</p>
      ) : (
        <ol className="plain notes">
          {newestFirst.map((n) => {
            const mine = canWrite && user?.id === n.authorId;
            const failed =
              failedIntent === "correct" && (failedNote === n.id || n.earlier.some((e) => e.id === failedNote))
                ? failure
                : undefined;
            const fid = (f: string) => `note-${n.rootId}-${f}`;
            return (
              <li key={n.rootId} className="note-item">
                <p>
                  <strong>{formatDate(n.occurredOn, locale)}</strong>{" "}
                  <span className="muted">
                    (
                    {t("transitions.recordedBy", {
                      who: n.authorName ?? "—",
                      at: formatDateTime(n.recordedAt, locale, timeZone),
                    })}
                    )
                  </span>
                  {n.earlier.length > 0 ? <span className="badge">{t("notes.correctedBadge")}</span> : null}
                </p>
                <p className="prewrap">{n.body}</p>
                <NoteEarlierVersions note={n} timeZone={timeZone} />
                {mine ? (
                  <details className="item-form" open={!!failed}>
                    <summary>{t("notes.correct")}</summary>
                    <Form method="post" action={`${base}/notes`} className="stack" noValidate>
                      <input type="hidden" name="intent" value="correct" />
                      <input type="hidden" name="noteId" value={n.id} />
                      <FormError error={failed?.formError} />
                      <div className="field">
                        <label htmlFor={fid("on")}>{t("notes.occurredOn")}</label>
                        <input
                          id={fid("on")}
                          type="date"
                          name="occurredOn"
                          max={today}
                          required
                          defaultValue={str(failed?.values?.occurredOn, n.occurredOn)}
                        />
                        <ErrorText id={fid("on-error")} error={failed?.fieldErrors?.occurredOn} />
                      </div>
                      <div className="field">
                        <label htmlFor={fid("body")}>{t("notes.correctedText")}</label>
                        <textarea
                          id={fid("body")}
                          name="body"
                          rows={4}
                          maxLength={4000}
                          required
                          defaultValue={str(failed?.values?.body, n.body)}
                        />
                        <ErrorText id={fid("body-error")} error={failed?.fieldErrors?.body} />
                      </div>
                      <div className="field">
                        <label htmlFor={fid("reason")}>{t("notes.reason")}</label>
                        <input
                          id={fid("reason")}
                          name="reason"
                          maxLength={1000}
                          required
                          defaultValue={str(failed?.values?.reason, "")}
                        />
                        <ErrorText id={fid("reason-error")} error={failed?.fieldErrors?.reason} />
                      </div>
                      <button type="submit" className="button secondary">
                        {t("notes.saveCorrection")}
                      </button>
                    </Form>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
      {limit !== undefined && notes.length > limit ? (
        <Link to={`${base}/notes`}>{t("notes.all", { count: notes.length })}</Link>
      ) : null}
    </section>
  );
}
