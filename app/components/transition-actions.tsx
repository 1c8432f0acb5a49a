import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { CONFIRMED_EVENTS, EXCEPTION_EVENTS } from "#machines/steps";
import type { Refusal, TransitionEventType } from "#machines/transition";
import { formatDate } from "#app/utils/format";
import { translateMessage } from "#app/utils/message";
import type { FieldError } from "#app/utils/issues";
import { ConfirmSubmit } from "./confirm-submit";
import { ErrorSummary, ErrorText, FormError } from "./form-messages";
import { useValidatedForm } from "./form";

interface Option {
  type: TransitionEventType;
  allowed: boolean;
  /** Why it is refused now: each a sentence with its dates. */
  reasons: Refusal[];
}

/**
 * The workflow actions of a resident's page: the normal next steps first; a pause, a withdrawal
 * or a death apart from them, in quieter buttons, the last two confirmed before they are recorded
 * (decision 017). A refused action says why. A step the server refused shows why in its own form:
 * an error summary that takes the focus, and a refused field (its date) marked, the message beside
 * it (decision 046). Only a refusal whose form is gone (the step is no longer offered) stands on top.
 */
export function TransitionActions({
  options,
  canAct,
  version,
  today,
  residentName,
  formError,
  posted,
}: {
  options: Option[];
  canAct: boolean;
  version: number;
  today: string;
  residentName: string;
  formError?: FieldError;
  /** The values of the last post the server refused or asked to confirm, to put them back. */
  posted?: Record<string, unknown>;
}) {
  const { t, i18n } = useTranslation();
  const postedHere = options.some((o) => o.allowed && canAct && posted?.type === o.type);
  const main = options.filter((o) => !EXCEPTION_EVENTS.includes(o.type));
  const exceptions = options.filter((o) => EXCEPTION_EVENTS.includes(o.type));
  const item = (o: Option, className: string) => (
    <li key={o.type} className={o.allowed ? "action allowed" : "action refused"}>
      {o.allowed && canAct ? (
        <EventForm
          option={o}
          className={className}
          version={version}
          today={today}
          residentName={residentName}
          posted={posted?.type === o.type ? posted : undefined}
        />
      ) : (
        <>
          <button type="button" className={className} disabled aria-describedby={`why-${o.type}`}>
            {t(`transitions.events.${o.type}`)}
          </button>
          <ul id={`why-${o.type}`} className="reasons">
            {o.allowed ? (
              <li>{t("transitions.noPermission")}</li>
            ) : (
              o.reasons.map((r) => (
                <li key={r.guard}>
                  {translateMessage(t, r.key, { ...r.values, event: `t:transitions.events.${o.type}` }, i18n.language)}
                </li>
              ))
            )}
          </ul>
        </>
      )}
    </li>
  );
  return (
    <>
      {postedHere ? null : <FormError error={formError} />}
      {options.length === 0 ? <p>{t("transitions.noActions")}</p> : null}
      {main.length > 0 ? <ul className="actions">{main.map((o) => item(o, "button"))}</ul> : null}
      {exceptions.length > 0 ? (
        <div className="actions-apart" role="group" aria-labelledby="actions-apart-title">
          <h3 id="actions-apart-title">{t("transitions.actionsApart")}</h3>
          <ul className="actions">
            {exceptions.map((o) =>
              item(o, CONFIRMED_EVENTS[o.type] === "final" ? "button secondary danger" : "button secondary"),
            )}
          </ul>
        </div>
      ) : null}
    </>
  );
}

function EventForm({
  option,
  className,
  version,
  today,
  residentName,
  posted,
}: {
  option: Option;
  className: string;
  version: number;
  today: string;
  residentName: string;
  posted?: Record<string, unknown>;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const label = t(`transitions.events.${option.type}`);
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const ends = CONFIRMED_EVENTS[option.type];
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/transitions/schemas").then((m) => m.eventSchema),
    { intent: "event", type: option.type, version: String(version), on: text(posted?.on) ?? today, note: "" },
    { intent: "event", match: { type: option.type } },
  );
  const id = `ev-${option.type}`;
  const onError = f.errorFor("on");
  const noteError = f.errorFor("note");
  return (
    <Form method="post" className="inline-form" onSubmit={f.onSubmit} noValidate>
      <ErrorSummary form={f} />
      <input type="hidden" name="intent" value="event" />
      <input type="hidden" name="type" value={option.type} />
      <input type="hidden" name="version" value={version} />
      <label>
        <span className="visually-hidden">{t("transitions.eventDate", { event: label })}</span>
        <input
          type="date"
          id={`${id}-on`}
          defaultValue={f.initial("on") ?? today}
          max={today}
          aria-invalid={!!onError}
          aria-describedby={onError ? `${id}-on-error` : undefined}
          {...f.form.register("on")}
        />
      </label>
      <ErrorText id={`${id}-on-error`} error={onError} />
      <label>
        <span className="visually-hidden">{t("transitions.note")}</span>
        <input
          type="text"
          id={`${id}-note`}
          defaultValue={f.initial("note") ?? text(posted?.note)}
          placeholder={t("transitions.note")}
          maxLength={1000}
          aria-invalid={!!noteError}
          aria-describedby={noteError ? `${id}-note-error` : undefined}
          {...f.form.register("note")}
        />
      </label>
      <ErrorText id={`${id}-note-error`} error={noteError} />
      {ends ? (
        <ConfirmSubmit
          match={{ type: option.type }}
          className={className}
          danger={ends === "final"}
          title={t(`confirm.${option.type}.title`)}
          describe={(v) => t(`confirm.${option.type}.text`, { name: residentName, date: formatDate(v.on, locale) })}
          confirmLabel={t(`confirm.${option.type}.confirm`)}
          validate={() => f.form.trigger()}
        >
          {label}
        </ConfirmSubmit>
      ) : (
        <button type="submit" className={className}>
          {label}
        </button>
      )}
    </Form>
  );
}
