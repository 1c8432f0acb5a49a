import { useActionData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type MouseEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** Form values as the consequence text reads them (a field given twice: its first value). */
export type FormValues = Record<string, string>;

function valuesOf(form: HTMLFormElement | null): FormValues {
  const out: FormValues = {};
  if (!form) return out;
  for (const [k, v] of new FormData(form)) if (typeof v === "string" && !(k in out)) out[k] = v;
  return out;
}

/** The server's answer "confirm first" (`needsConfirmation` in utils/form.server.ts). */
interface ConfirmAnswer {
  ok: false;
  confirm: true;
  values: Record<string, unknown>;
}
const isConfirmAnswer = (d: unknown): d is ConfirmAnswer =>
  !!d && typeof d === "object" && (d as { confirm?: unknown }).confirm === true;

/**
 * The one confirmation before an irreversible or heavy step (docs/decisions/017): put it in the
 * form in place of the submit button.
 *
 * With JavaScript the button opens a modal native <dialog> (role alertdialog, named by its
 * title and described by the consequence, read from the form's current values): focus goes to
 * Cancel, Escape or Cancel closes it and gives focus back to the button; Confirm submits the form
 * with `confirmed=yes` (and the button's name and value).
 *
 * Without JavaScript the button simply submits; the server answers "confirm first" without doing
 * anything, and this component then shows the same text as a step in the page, with Confirm (the
 * same post plus `confirmed=yes`) and Cancel (a link back to the page). The form must put the
 * posted values back in its fields, as every form here does after a refusal.
 */
export function ConfirmSubmit({
  name,
  value,
  match,
  children,
  className = "button",
  title,
  describe,
  confirmLabel,
  danger = false,
  validate,
}: {
  /** The submit button's name and value, when the form has several. */
  name?: string;
  value?: string;
  /** The posted values that mean "this step" (default: name = value), to show the step without JavaScript. */
  match?: FormValues;
  children: ReactNode;
  className?: string;
  title: string;
  /** The consequence, in words naming who or what and when, from the form's values. */
  describe: (values: FormValues) => string;
  confirmLabel: string;
  /** The step ends something for good: the confirm button is styled as a warning. */
  danger?: boolean;
  /** The form's own validation, run before asking; false: nothing is asked, the form shows why. */
  validate?: () => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const location = useLocation();
  const navigation = useNavigation();
  const actionData = useActionData();
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  // "sent" on Confirm, "busy" once the post is under way: the dialog closes when it is answered.
  const phase = useRef<"asking" | "sent" | "busy">("asking");
  const confirmClass = danger ? "button danger" : "button";
  const wanted = match ?? (name && value !== undefined ? { [name]: value } : {});

  // The dialog closes once the confirmed post has been answered (a refusal shows in the page);
  // until then `confirmed=yes` stays in the form, which a validating form reads after a pause.
  useEffect(() => {
    if (phase.current === "sent" && navigation.state !== "idle") phase.current = "busy";
    else if (phase.current === "busy" && navigation.state === "idle") dialog.current?.close();
  }, [navigation.state]);

  useEffect(() => {
    if (message === null || dialog.current?.open) return;
    dialog.current?.showModal();
    cancel.current?.focus();
  }, [message]);

  async function ask(event: MouseEvent<HTMLButtonElement>) {
    event.preventDefault();
    const form = event.currentTarget.form;
    // The form's own checks first: the browser's (required, max…) unless it has its own.
    if (form && !form.noValidate && !form.reportValidity()) return;
    if (validate && !(await validate())) return;
    setMessage(describe(valuesOf(form)));
  }

  // Without JavaScript: the server asked to confirm this step.
  const posted = isConfirmAnswer(actionData) ? actionData.values : null;
  if (posted && Object.entries(wanted).every(([k, v]) => posted[k] === v)) {
    const values = Object.fromEntries(Object.entries(posted).filter(([, v]) => typeof v === "string")) as FormValues;
    return (
      <div className="confirm-step" role="group" aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`}>
        <h2 id={`${id}-title`}>{title}</h2>
        <p id={`${id}-text`}>{describe(values)}</p>
        <input type="hidden" name="confirmed" value="yes" />
        <div className="button-row">
          <button type="submit" name={name} value={value} className={confirmClass}>
            {confirmLabel}
          </button>
          <a className="button secondary" href={location.pathname + location.search}>
            {t("confirm.cancel")}
          </a>
        </div>
      </div>
    );
  }

  return (
    <>
      <button ref={trigger} type="submit" name={name} value={value} className={className} onClick={ask}>
        {children}
      </button>
      <dialog
        ref={dialog}
        className="confirm-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-text`}
        onClose={() => {
          phase.current = "asking";
          setMessage(null);
          trigger.current?.focus();
        }}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        <p id={`${id}-text`}>{message}</p>
        {/* Only while asking: a post without it is answered "confirm first". */}
        {message !== null ? <input type="hidden" name="confirmed" value="yes" /> : null}
        <div className="button-row">
          <button
            type="submit"
            name={name}
            value={value}
            className={confirmClass}
            onClick={() => (phase.current = "sent")}
          >
            {confirmLabel}
          </button>
          <button ref={cancel} type="button" className="button secondary" onClick={() => dialog.current?.close()}>
            {t("confirm.cancel")}
          </button>
        </div>
      </dialog>
    </>
  );
}
