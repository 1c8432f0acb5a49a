import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, Field, useValidatedForm } from "./form";

/** The working group page's forms: a member, a meeting, an action item (app/routes/_app.plans.$planId.group.tsx). */
export function MemberForm() {
  const { t } = useTranslation();
  const f = useValidatedForm<Record<string, string>>(
    () => import("~/modules/plans/schemas").then((m) => m.memberSchema),
    { intent: "member", name: "", organisation: "", roleInGroup: "", contact: "" },
    { intent: "member" },
  );
  return (
    <details className="item-form" open={f.failedIntent === "member"}>
      <summary>{t("plans.group.addMember")}</summary>
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <ErrorSummary form={f} />
        {(["name", "organisation", "roleInGroup", "contact"] as const).map((n) => (
          <Field
            key={n}
            label={t(n === "name" ? "users.name" : `plans.group.${n}`)}
            name={`member-${n}`}
            error={f.errorFor(n)}
          >
            {(a) => <input {...a} defaultValue={f.initial(n)} {...f.form.register(n)} />}
          </Field>
        ))}
        <button type="submit" name="intent" value="member" className="button">
          {t("common.add")}
        </button>
      </Form>
    </details>
  );
}

export function MeetingForm({ members, today }: { members: { id: number; name: string }[]; today: string }) {
  const { t } = useTranslation();
  const f = useValidatedForm<Record<string, unknown>>(
    () => import("~/modules/plans/schemas").then((m) => m.meetingSchema),
    { intent: "meeting", heldOn: today, agenda: "", minutes: "", decisions: "", memberIds: [] },
    { intent: "meeting" },
  );
  return (
    <details className="item-form" open={f.failedIntent === "meeting"}>
      <summary>{t("plans.group.addMeeting")}</summary>
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <ErrorSummary form={f} />
        <Field label={t("plans.group.heldOn")} name="meeting-heldOn" error={f.errorFor("heldOn")}>
          {(a) => (
            <input {...a} type="date" max={today} defaultValue={f.initial("heldOn")} {...f.form.register("heldOn")} />
          )}
        </Field>
        <fieldset className="field people">
          <legend>{t("plans.group.attendees")}</legend>
          {members.map((m) => (
            <label key={m.id} className="check">
              <input type="checkbox" value={String(m.id)} {...f.form.register("memberIds")} />
              {m.name}
            </label>
          ))}
          {f.errorFor("memberIds") ? <p className="field-error">{t(f.errorFor("memberIds")!.key)}</p> : null}
        </fieldset>
        {(["agenda", "minutes", "decisions"] as const).map((n) => (
          <Field key={n} label={t(`plans.group.${n}`)} name={`meeting-${n}`} error={f.errorFor(n)}>
            {(a) => <textarea {...a} rows={3} defaultValue={f.initial(n)} {...f.form.register(n)} />}
          </Field>
        ))}
        <button type="submit" name="intent" value="meeting" className="button">
          {t("plans.group.recordMeeting")}
        </button>
      </Form>
    </details>
  );
}

export function ItemForm({
  members,
  actions,
  today,
}: {
  members: { id: number; name: string }[];
  actions: { id: string; title: string }[];
  today: string;
}) {
  const { t } = useTranslation();
  const f = useValidatedForm<Record<string, string>>(
    () => import("~/modules/plans/schemas").then((m) => m.actionItemSchema),
    { intent: "item", title: "", ownerMemberId: "", dueOn: today, planActionId: "" },
    { intent: "item" },
  );
  return (
    <details className="item-form" open={f.failedIntent === "item"}>
      <summary>{t("plans.group.addItem")}</summary>
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <ErrorSummary form={f} />
        <Field label={t("plans.group.item")} name="item-title" error={f.errorFor("title")}>
          {(a) => <input {...a} defaultValue={f.initial("title")} {...f.form.register("title")} />}
        </Field>
        <Field label={t("plans.owner")} name="item-owner" error={f.errorFor("ownerMemberId")}>
          {(a) => (
            <select {...a} defaultValue={f.initial("ownerMemberId")} {...f.form.register("ownerMemberId")}>
              <option value="">—</option>
              {members.map((m) => (
                <option key={m.id} value={String(m.id)}>
                  {m.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("plans.group.dueOn")} name="item-dueOn" error={f.errorFor("dueOn")}>
          {(a) => <input {...a} type="date" defaultValue={f.initial("dueOn")} {...f.form.register("dueOn")} />}
        </Field>
        <Field label={t("plans.action")} name="item-action" error={f.errorFor("planActionId")}>
          {(a) => (
            <select {...a} defaultValue={f.initial("planActionId")} {...f.form.register("planActionId")}>
              <option value="">—</option>
              {actions.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" name="intent" value="item" className="button">
          {t("common.add")}
        </button>
      </Form>
    </details>
  );
}
