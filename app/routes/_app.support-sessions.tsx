import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SUPPORT_SESSION_KINDS, type Locale } from "#db/schema/enums";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { listInstitutions, userToday } from "#app/modules/institutions/service.server";
import { supportSessionSchema } from "#app/modules/staff/schemas.server";
import { staffChoices } from "#app/modules/staff/service.server";
import { createSupportSession, listSupportSessions } from "#app/modules/staff/training.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { formatDate } from "#app/utils/format";
import { orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "staff.sessions.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:staff");
  return {
    sessions: listSupportSessions(ctx),
    institutions: listInstitutions(ctx).map((i) => ({ id: i.id, name: i.name })),
    staff: staffChoices(ctx),
    today: userToday(ctx),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:staff");
  const form = await parseForm(request, supportSessionSchema);
  if (!form.ok) return form.response;
  return orFormError(() => {
    createSupportSession(ctx, form.data);
    return redirectWithFlash("/support-sessions", {
      key: "staff.sessions.recorded",
      values: { count: form.data.staffIds.length },
    });
  }, form.values);
}

export default function SupportSessions() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { sessions, institutions, staff, today } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:staff");
  const f = useValidatedForm<Record<string, unknown>>(
    () => import("#app/modules/staff/schemas").then((m) => m.supportSessionSchema),
    {
      institutionId: String(institutions[0]?.id ?? ""),
      kind: "supervision",
      heldOn: today,
      facilitator: "",
      topics: "",
      staffIds: [],
    },
  );
  const chosenInstitution = Number(f.form.watch("institutionId") ?? institutions[0]?.id);
  return (
    <>
      <p>
        <Link to="/staff">← {t("staff.title")}</Link>
      </p>
      <h1>{t("staff.sessions.title")}</h1>
      {sessions.length === 0 ? (
        <p>{t("staff.sessions.none")}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t("staff.sessions.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("staff.sessions.heldOn")}</th>
              <th scope="col">{t("staff.sessions.kind")}</th>
              <th scope="col">{t("staff.sessions.facilitator")}</th>
              <th scope="col">{t("staff.sessions.topics")}</th>
              <th scope="col" className="num">
                {t("staff.sessions.attendees")}
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map(({ session: s, attendees }) => (
              <tr key={s.id}>
                <td>{formatDate(s.heldOn, locale)}</td>
                <td>{t(`staff.sessions.kinds.${s.kind}`)}</td>
                <td>{s.facilitator}</td>
                <td>{s.topics ?? ""}</td>
                <td className="num">{attendees}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite ? (
        <section aria-labelledby="new-session" className="panel">
          <h2 id="new-session">{t("staff.sessions.new")}</h2>
          <ErrorSummary form={f} />
          <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
            <div className="grid-2">
              <Field label={t("residents.institution")} name="institutionId" error={f.errorFor("institutionId")}>
                {(a) => (
                  <select {...a} defaultValue={f.initial("institutionId")} {...f.form.register("institutionId")}>
                    {institutions.map((i) => (
                      <option key={i.id} value={String(i.id)}>
                        {i.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t("staff.sessions.kind")} name="kind" error={f.errorFor("kind")}>
                {(a) => (
                  <select {...a} defaultValue={f.initial("kind")} {...f.form.register("kind")}>
                    {SUPPORT_SESSION_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`staff.sessions.kinds.${k}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t("staff.sessions.heldOn")} name="heldOn" error={f.errorFor("heldOn")}>
                {(a) => (
                  <input
                    {...a}
                    type="date"
                    max={today}
                    defaultValue={f.initial("heldOn")}
                    {...f.form.register("heldOn")}
                  />
                )}
              </Field>
              <Field label={t("staff.sessions.facilitator")} name="facilitator" error={f.errorFor("facilitator")}>
                {(a) => <input {...a} defaultValue={f.initial("facilitator")} {...f.form.register("facilitator")} />}
              </Field>
            </div>
            <Field label={t("staff.sessions.topics")} name="topics" error={f.errorFor("topics")}>
              {(a) => <textarea {...a} rows={3} defaultValue={f.initial("topics")} {...f.form.register("topics")} />}
            </Field>
            <fieldset className="field people">
              <legend>{t("staff.sessions.attendees")}</legend>
              {staff
                .filter((s) => s.institutionId === chosenInstitution)
                .map((s) => (
                  <label key={s.id} className="check">
                    <input type="checkbox" value={String(s.id)} {...f.form.register("staffIds")} />
                    {s.lastName}, {s.firstName} <span className="muted">({s.position})</span>
                  </label>
                ))}
              {f.errorFor("staffIds") ? <p className="field-error">{t(f.errorFor("staffIds")!.key)}</p> : null}
            </fieldset>
            <button type="submit" className="button">
              {t("staff.sessions.record")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
