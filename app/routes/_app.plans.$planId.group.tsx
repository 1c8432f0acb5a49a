import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "../../db/schema/enums";
import { FormError } from "~/components/form";
import { ItemForm, MeetingForm, MemberForm } from "~/components/working-group-forms";
import { workingGroupActionSchema } from "~/modules/plans/schemas.server";
import { addActionItem, addMeeting, addMember, markItemDone, workingGroup } from "~/modules/plans/working-group.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/form.server";
import { formatDate } from "~/utils/format";
import { numericParam } from "~/utils/params.server";
import { orErrorPage, orFormError } from "~/utils/route.server";
import { useCan } from "~/utils/user";
import { revalidateOnConflict } from "~/utils/revalidate";

export const handle = { titleKey: "plans.group.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:plans");
  return orErrorPage(() => workingGroup(ctx, numericParam(params, "planId")));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:plans");
  const planId = await orErrorPage(() => numericParam(params, "planId"));
  const form = await parseForm(request, workingGroupActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  const here = `/plans/${planId}/group`;
  return orFormError(() => {
    if (input.intent === "member") addMember(ctx, planId, input);
    else if (input.intent === "meeting") addMeeting(ctx, planId, input);
    else if (input.intent === "item") addActionItem(ctx, planId, input);
    else markItemDone(ctx, planId, input);
    return redirectWithFlash(here, { key: "plans.saved" });
  }, form.values);
}

export default function WorkingGroup() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { plan, today, members, meetings, items, actions } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:plans");
  const key = `${members.length}-${meetings.length}-${items.length}`;
  const actionData = useActionData() as
    | { formError?: { key: string; values?: Record<string, string | number> }; values?: Record<string, unknown> }
    | undefined;
  // The member, meeting and item forms show their own refusals (ErrorSummary); "mark done" has none.
  const formError = actionData?.values?.intent === "done" ? actionData.formError : undefined;
  return (
    <>
      <p>
        <Link to={`/plans/${plan.id}`}>← {plan.title}</Link>
      </p>
      <h1>{t("plans.group.title")}</h1>
      <FormError error={formError} />

      <section aria-labelledby="members-title" className="panel">
        <h2 id="members-title">{t("plans.group.members")}</h2>
        {members.length === 0 ? (
          <p>{t("plans.noItems")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("users.name")}</th>
                <th scope="col">{t("plans.group.organisation")}</th>
                <th scope="col">{t("plans.group.roleInGroup")}</th>
                <th scope="col">{t("plans.group.contact")}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td>{m.name}</td>
                  <td>{m.organisation}</td>
                  <td>{m.roleInGroup}</td>
                  <td>{m.contact ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canWrite ? <MemberForm key={key} /> : null}
      </section>

      <section aria-labelledby="meetings-title" className="panel">
        <h2 id="meetings-title">{t("plans.group.meetings")}</h2>
        {meetings.length === 0 ? <p>{t("plans.noItems")}</p> : null}
        {meetings.map((m) => (
          <article key={m.id} className="meeting">
            <h3>{formatDate(m.heldOn, locale)}</h3>
            <p>
              <strong>{t("plans.group.attendees")}:</strong>{" "}
              {members
                .filter((x) => m.memberIds.includes(x.id))
                .map((x) => x.name)
                .join(", ")}
            </p>
            {m.agenda ? (
              <p className="prewrap">
                <strong>{t("plans.group.agenda")}:</strong> {m.agenda}
              </p>
            ) : null}
            {m.minutes ? (
              <p className="prewrap">
                <strong>{t("plans.group.minutes")}:</strong> {m.minutes}
              </p>
            ) : null}
            {m.decisions ? (
              <p className="prewrap">
                <strong>{t("plans.group.decisions")}:</strong> {m.decisions}
              </p>
            ) : null}
            <p>
              <Link to={`/plans/${plan.id}/group/meetings/${m.id}`}>
                {t("documents.meetingLink", { count: m.documents })}
              </Link>
            </p>
          </article>
        ))}
        {canWrite && members.length > 0 ? <MeetingForm key={key} members={members} today={today} /> : null}
      </section>

      <section aria-labelledby="items-title" className="panel">
        <h2 id="items-title">{t("plans.group.items")}</h2>
        {items.length === 0 ? (
          <p>{t("plans.noItems")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("plans.group.item")}</th>
                <th scope="col">{t("plans.owner")}</th>
                <th scope="col">{t("plans.group.dueOn")}</th>
                <th scope="col">{t("plans.action")}</th>
                <th scope="col">{t("plans.group.doneOn")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td>{i.title}</td>
                  <td>{members.find((m) => m.id === i.ownerMemberId)?.name ?? "—"}</td>
                  <td>
                    {formatDate(i.dueOn, locale)}{" "}
                    {i.overdue ? <span className="badge warn">{t("residents.overdue")}</span> : null}
                  </td>
                  <td>{actions.find((a) => a.id === i.planActionId)?.title ?? "—"}</td>
                  <td>
                    {i.doneOn ? (
                      formatDate(i.doneOn, locale)
                    ) : canWrite ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="itemId" value={i.id} />
                        <input type="hidden" name="version" value={i.version} />
                        <label>
                          <span className="visually-hidden">{t("plans.group.doneOn")}</span>
                          <input type="date" name="doneOn" defaultValue={today} max={today} required />
                        </label>
                        <button type="submit" name="intent" value="done" className="button secondary">
                          {t("plans.group.markDone")}
                        </button>
                      </Form>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canWrite ? <ItemForm key={key} members={members} actions={actions} today={today} /> : null}
      </section>
    </>
  );
}
