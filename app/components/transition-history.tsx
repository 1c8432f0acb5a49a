import { Form } from "@remix-run/react";
import type { InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import type { EventItem, HistoryItem } from "#app/modules/transitions/history.server";
import { formatDate, formatDateTime, type DisplayZone } from "#app/utils/format";
import { ErrorSummary, ErrorText } from "./form-messages";
import { useValidatedForm } from "./form";
import { NoteEarlierVersions } from "./case-notes";
import { fileSize } from "#app/modules/documents/format";

/**
 * Every fact of a resident's transition in the order it happened: the workflow steps (with
 * corrections and voids: what each replaced and why) and the facts recorded on its records, each
 * with who recorded it and when. A case worker corrects the date or note of a step in force, or
 * voids the latest one, with a reason.
 */
export function TransitionHistory({
  items,
  version,
  today,
  timeZone,
  canCorrect,
  failedSeq,
  failedIntent,
  documentsHref,
}: {
  items: HistoryItem[];
  /** Where a document of the timeline is downloaded (`${documentsHref}/${id}`); null: the user may not download. */
  documentsHref: string | null;
  version: number;
  today: string;
  /** The resident's institution's zone: the "recorded at" times are its clock. */
  timeZone: DisplayZone;
  canCorrect: boolean;
  /** The entry whose correction or void the server just refused: its form opens, with the refusal in it. */
  failedSeq?: number;
  failedIntent?: "correct" | "void";
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const latestInForce = items.filter((i) => i.kind === "event" && i.status === "effective" && i.type !== "VOID").at(-1);
  if (items.length === 0) return <p>{t("transitions.noEvents")}</p>;
  const recorded = (who: string | null, at: string) => (
    <span className="muted">
      {" "}
      ({t("transitions.recordedBy", { who: who ?? "—", at: formatDateTime(at, locale, timeZone) })})
    </span>
  );
  return (
    <ol className="timeline">
      {items.map((item) => {
        if (item.kind === "note") {
          return (
            <li key={`n${item.rootId}`} className="note-entry" id={`note-${item.rootId}`}>
              <strong>{formatDate(item.occurredOn, locale)}</strong> — {t("notes.entry")}
              {recorded(item.authorName, item.recordedAt)}
              {item.earlier.length > 0 ? <span className="badge">{t("notes.correctedBadge")}</span> : null}
              <p className="note">{item.body}</p>
              <NoteEarlierVersions note={item} timeZone={timeZone} />
            </li>
          );
        }
        if (item.kind === "document") {
          return (
            <li key={`d${item.id}`} className={item.removed ? "document-entry removed" : "document-entry"}>
              <strong>{formatDate(item.on, locale)}</strong> —{" "}
              {t("documents.timelineEntry", { kind: t(`documents.kinds.${item.documentKind}`) })}
              {item.step
                ? ` (${t("documents.forStep", { step: t(`transitions.events.${item.step.type}`), date: formatDate(item.step.on, locale) })})`
                : ""}
              {item.validUntil
                ? ` · ${t("documents.validUntilOn", { date: formatDate(item.validUntil, locale) })}`
                : ""}
              <span className="muted">
                {" "}
                (
                {t("documents.uploadedBy", {
                  who: item.actorName ?? "—",
                  at: formatDateTime(item.recordedAt, locale, timeZone),
                })}
                )
              </span>
              {item.removed ? (
                <p className="muted">
                  {item.fileName} —{" "}
                  {t("documents.removedBy", {
                    who: item.removed.by ?? "—",
                    at: formatDateTime(item.removed.at, locale, timeZone),
                    reason: item.removed.reason ?? "",
                  })}
                </p>
              ) : documentsHref ? (
                <p>
                  <a href={`${documentsHref}/${item.id}`} download={item.fileName} className="document-link">
                    {t("documents.download", { name: item.fileName })}
                  </a>{" "}
                  <span className="muted">({fileSize(item.sizeBytes, locale)})</span>
                </p>
              ) : null}
            </li>
          );
        }
        if (item.kind === "fact") {
          return (
            <li key={`f${item.id}`} className="fact">
              <strong>{item.on ? formatDate(item.on, locale) : "—"}</strong> —{" "}
              {t(`transitions.history.facts.${item.action}`, item.values)}
              {item.previousOn && item.previousOn !== item.on
                ? ` (${t("transitions.history.previously", { date: formatDate(item.previousOn, locale) })})`
                : ""}
              {recorded(item.actorName, item.recordedAt)}
            </li>
          );
        }
        const isVoid = item.type === "VOID";
        const inForce = item.status === "effective" && !isVoid;
        return (
          <li
            key={`e${item.seq}`}
            className={isVoid ? "event void" : inForce ? "event" : "event replaced"}
            id={`entry-${item.seq}`}
          >
            {isVoid ? (
              <>
                <strong>{t("transitions.corrections.voidEntry")}</strong> —{" "}
                {t(`transitions.events.${item.replaces!.type}`)}, {formatDate(item.replaces!.on, locale)}
              </>
            ) : (
              <>
                <strong>{formatDate(item.on, locale)}</strong> — {t(`transitions.events.${item.type}`)}
                {item.fromState && item.toState
                  ? `: ${t(`transitions.states.${item.fromState}`)} → ${t(`transitions.states.${item.toState}`)}`
                  : ""}
              </>
            )}
            {recorded(item.actorName, item.recordedAt)}
            {item.status === "superseded" ? (
              <span className="badge">{t("transitions.corrections.supersededBadge")}</span>
            ) : null}
            {item.status === "voided" ? (
              <span className="badge warn">{t("transitions.corrections.voidedBadge")}</span>
            ) : null}
            {item.note ? <p className="note">{item.note}</p> : null}
            {item.replaces && !isVoid ? (
              <p className="note">
                {t("transitions.corrections.replaces", {
                  date: formatDate(item.replaces.on, locale),
                  note: item.replaces.note ?? "—",
                })}
              </p>
            ) : null}
            {item.reason ? (
              <p className="note">{t("transitions.corrections.reasonShown", { reason: item.reason })}</p>
            ) : null}
            {inForce && canCorrect ? (
              <div className="corrections">
                <CorrectForm
                  item={item}
                  version={version}
                  today={today}
                  open={failedSeq === item.seq && failedIntent === "correct"}
                />
                {item === latestInForce ? (
                  <VoidForm item={item} version={version} open={failedSeq === item.seq && failedIntent === "void"} />
                ) : null}
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/** A text or date input of a correction form: the refused one marked, its message beside it. */
function CorrectionInput({
  f,
  name,
  id,
  label,
  ...input
}: {
  f: ReturnType<typeof useValidatedForm<Record<string, string>>>;
  name: string;
  id: string;
  label: string;
} & InputHTMLAttributes<HTMLInputElement>) {
  const error = f.errorFor(name);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        {...input}
        defaultValue={f.initial(name)}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
        {...f.form.register(name)}
      />
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

/** Correcting an entry's date and note, with the reason (decision 019); a refusal is shown in the form, at its field. */
function CorrectForm({
  item,
  version,
  today,
  open,
}: {
  item: EventItem;
  version: number;
  today: string;
  open: boolean;
}) {
  const { t } = useTranslation();
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/transitions/schemas").then((m) => m.correctEventSchema),
    {
      intent: "correct",
      seq: String(item.seq),
      version: String(version),
      on: item.on,
      note: item.note ?? "",
      reason: "",
    },
    { intent: "correct", match: { seq: String(item.seq) } },
  );
  const id = `corr-${item.seq}`;
  return (
    <details open={open || !!f.summary.fields.length || !!f.formError}>
      <summary>{t("transitions.corrections.correct")}</summary>
      <Form method="post" className="stack" onSubmit={f.onSubmit} noValidate>
        <ErrorSummary form={f} />
        <input type="hidden" name="intent" value="correct" />
        <input type="hidden" name="seq" value={item.seq} />
        <input type="hidden" name="version" value={version} />
        <CorrectionInput
          f={f}
          name="on"
          id={`${id}-on`}
          label={t("transitions.corrections.newDate")}
          type="date"
          max={today}
        />
        <CorrectionInput
          f={f}
          name="note"
          id={`${id}-note`}
          label={t("transitions.note")}
          type="text"
          maxLength={1000}
        />
        <CorrectionInput
          f={f}
          name="reason"
          id={`${id}-reason`}
          label={t("transitions.corrections.reason")}
          type="text"
          maxLength={1000}
        />
        <button type="submit" className="button secondary">
          {t("transitions.corrections.saveCorrection")}
        </button>
      </Form>
    </details>
  );
}

/** Voiding the latest entry, with the reason; a refusal is shown in the form, at its field. */
function VoidForm({ item, version, open }: { item: EventItem; version: number; open: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/transitions/schemas").then((m) => m.voidEventSchema),
    { intent: "void", seq: String(item.seq), version: String(version), reason: "" },
    { intent: "void", match: { seq: String(item.seq) } },
  );
  return (
    <details open={open || !!f.summary.fields.length || !!f.formError}>
      <summary>{t("transitions.corrections.void")}</summary>
      <Form method="post" className="stack" onSubmit={f.onSubmit} noValidate>
        <ErrorSummary form={f} />
        <input type="hidden" name="intent" value="void" />
        <input type="hidden" name="seq" value={item.seq} />
        <input type="hidden" name="version" value={version} />
        <p>
          {t("transitions.corrections.voidExplained", {
            event: t(`transitions.events.${item.type}`),
            date: formatDate(item.on, locale),
          })}
        </p>
        <CorrectionInput
          f={f}
          name="reason"
          id={`void-${item.seq}-reason`}
          label={t("transitions.corrections.voidReason")}
          type="text"
          maxLength={1000}
        />
        <button type="submit" className="button danger">
          {t("transitions.corrections.confirmVoid")}
        </button>
      </Form>
    </details>
  );
}
