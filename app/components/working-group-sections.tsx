import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { useItemStates, WgForm, WgRemove } from "#app/components/working-group-forms";
import type { workingGroup } from "#app/modules/plans/working-group.server";
import { formatDate } from "#app/utils/format";

/** What the working group's page shows (its loader's data, as the browser receives it). */
export type WorkingGroupData = ReturnType<typeof workingGroup>;

interface SectionProps {
  d: WorkingGroupData;
  canWrite: boolean;
  /** Changes when a row is added or removed, so that the "add" forms start empty again. */
  formKey: string;
}

/** The options and field lists the sections share. */
function useGroupView(d: WorkingGroupData) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { members, meetings, actions } = d;
  const memberOptions = members.map((m) => ({ value: String(m.id), label: m.name }));
  const ownerOptions = [{ value: "", label: "—" }, ...memberOptions];
  const actionOptions = [{ value: "", label: "—" }, ...actions.map((a) => ({ value: a.id, label: a.title }))];
  const meetingOptions = [
    { value: "", label: "—" },
    ...meetings.map((m) => ({ value: String(m.id), label: formatDate(m.heldOn, locale) })),
  ];
  const memberFields = (["name", "organisation", "roleInGroup", "contact"] as const).map((n) => ({
    name: n,
    label: t(n === "name" ? "users.name" : `plans.group.${n}`),
  }));
  const itemFields = [
    { name: "title", label: t("plans.group.item") },
    { name: "ownerMemberId", label: t("plans.owner"), kind: "select" as const, options: ownerOptions },
    { name: "dueOn", label: t("plans.group.dueOn"), kind: "date" as const },
    { name: "meetingId", label: t("plans.group.fromMeeting"), kind: "select" as const, options: meetingOptions },
    { name: "planActionId", label: t("plans.action"), kind: "select" as const, options: actionOptions },
  ];
  return { t, locale, memberOptions, memberFields, itemFields };
}

export function GroupMembers({ d, canWrite, formKey: key }: SectionProps) {
  const { t, memberFields } = useGroupView(d);
  const { members } = d;
  return (
    <section aria-labelledby="members-title" className="panel">
      <h2 id="members-title">{t("plans.group.members")}</h2>
      {members.length === 0 ? (
        <p>{t("plans.noItems")}</p>
      ) : (
        <div className="table-scroll">
          <table className="stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t("users.name")}</th>
                <th scope="col">{t("plans.group.organisation")}</th>
                <th scope="col">{t("plans.group.roleInGroup")}</th>
                <th scope="col">{t("plans.group.contact")}</th>
                {canWrite ? (
                  <th scope="col">
                    <span className="visually-hidden">{t("plans.group.change")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td data-label={t("users.name")}>{m.name}</td>
                  <td data-label={t("plans.group.organisation")}>{m.organisation}</td>
                  <td data-label={t("plans.group.roleInGroup")}>{m.roleInGroup}</td>
                  <td data-label={t("plans.group.contact")}>{m.contact ?? ""}</td>
                  {canWrite ? (
                    <td>
                      <WgForm
                        key={`${m.id}-${m.version}`}
                        intent="memberEdit"
                        schema="memberEditSchema"
                        title={t("plans.group.editNamed", { name: m.name })}
                        submit={t("common.save")}
                        idPrefix={`member-${m.id}`}
                        hidden={{ memberId: String(m.id), version: String(m.version) }}
                        match={{ memberId: String(m.id) }}
                        defaults={{
                          name: m.name,
                          organisation: m.organisation,
                          roleInGroup: m.roleInGroup,
                          contact: m.contact ?? "",
                        }}
                        fields={memberFields}
                      />
                      <WgRemove
                        intent="memberRemove"
                        hidden={{ memberId: String(m.id), version: String(m.version) }}
                        what={m.name}
                        label={t("plans.group.removeNamed", { name: m.name })}
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite ? (
        <WgForm
          key={key}
          intent="member"
          schema="memberSchema"
          title={t("plans.group.addMember")}
          submit={t("common.add")}
          idPrefix="member"
          defaults={{ name: "", organisation: "", roleInGroup: "", contact: "" }}
          fields={memberFields}
        />
      ) : null}
    </section>
  );
}

export function GroupMeetings({ d, canWrite, formKey: key }: SectionProps) {
  const { t, locale, memberOptions } = useGroupView(d);
  const { plan, today, members, meetings } = d;
  const upcoming = meetings.filter((m) => !m.held);
  const held = meetings.filter((m) => m.held);
  const meetingLink = (m: (typeof meetings)[number]) => (
    <Link to={`/plans/${plan.id}/group/meetings/${m.id}`}>
      {t(m.held ? "plans.group.openMeeting" : "plans.group.openScheduled", { date: formatDate(m.heldOn, locale) })}
    </Link>
  );
  return (
    <section aria-labelledby="meetings-title" className="panel">
      <h2 id="meetings-title">{t("plans.group.meetings")}</h2>
      <h3>{t("plans.group.upcoming")}</h3>
      {upcoming.length === 0 ? <p>{t("plans.noItems")}</p> : null}
      <ul>
        {upcoming.map((m) => (
          <li key={m.id}>
            {meetingLink(m)}
            {m.place ? ` · ${m.place}` : ""} · {t("plans.group.invitedCount", { count: m.inviteeIds.length })}
            {m.heldOn < today ? <span className="badge warn">{t("plans.group.notRecorded")}</span> : null}
          </li>
        ))}
      </ul>
      <h3>{t("plans.group.heldMeetings")}</h3>
      {held.length === 0 ? <p>{t("plans.noItems")}</p> : null}
      {held.map((m) => (
        <article key={m.id} className="meeting">
          <h4>
            {meetingLink(m)}
            {m.place ? ` · ${m.place}` : ""}
          </h4>
          <p>
            <strong>{t("plans.group.attendees")}:</strong>{" "}
            {members
              .filter((x) => m.memberIds.includes(x.id))
              .map((x) => x.name)
              .join(", ")}
          </p>
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
          <p>{t("documents.meetingLink", { count: m.documents })}</p>
        </article>
      ))}
      {canWrite && members.length > 0 ? (
        <>
          <WgForm
            key={`s-${key}`}
            intent="schedule"
            schema="scheduleSchema"
            title={t("plans.group.scheduleMeeting")}
            submit={t("plans.group.schedule")}
            idPrefix="schedule"
            defaults={{ heldOn: today, place: "", agenda: "", inviteeIds: [] }}
            fields={[
              { name: "heldOn", label: t("plans.group.meetingOn"), kind: "date" },
              { name: "place", label: t("plans.group.place") },
              { name: "agenda", label: t("plans.group.agenda"), kind: "textarea" },
              { name: "inviteeIds", label: t("plans.group.invitees"), kind: "checks", options: memberOptions },
            ]}
          />
          <WgForm
            key={`m-${key}`}
            intent="meeting"
            schema="meetingSchema"
            title={t("plans.group.addMeeting")}
            submit={t("plans.group.recordMeeting")}
            idPrefix="meeting"
            defaults={{ heldOn: today, place: "", agenda: "", minutes: "", decisions: "", memberIds: [] }}
            fields={[
              { name: "heldOn", label: t("plans.group.heldOn"), kind: "date", max: today },
              { name: "place", label: t("plans.group.place") },
              { name: "memberIds", label: t("plans.group.attendees"), kind: "checks", options: memberOptions },
              { name: "agenda", label: t("plans.group.agenda"), kind: "textarea" },
              { name: "minutes", label: t("plans.group.minutes"), kind: "textarea" },
              { name: "decisions", label: t("plans.group.decisions"), kind: "textarea" },
            ]}
          />
        </>
      ) : null}
    </section>
  );
}

export function GroupItems({ d, canWrite, formKey: key }: SectionProps) {
  const { t, locale, itemFields } = useGroupView(d);
  const states = useItemStates();
  const { today, members, items, actions } = d;
  return (
    <section aria-labelledby="items-title" className="panel">
      <h2 id="items-title">{t("plans.group.items")}</h2>
      {items.length === 0 ? (
        <p>{t("plans.noItems")}</p>
      ) : (
        <div className="table-scroll">
          <table className="stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t("plans.group.item")}</th>
                <th scope="col">{t("plans.owner")}</th>
                <th scope="col">{t("plans.group.dueOn")}</th>
                <th scope="col">{t("plans.group.state")}</th>
                <th scope="col">{t("plans.action")}</th>
                {canWrite ? (
                  <th scope="col">
                    <span className="visually-hidden">{t("plans.group.change")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td data-label={t("plans.group.item")}>{i.title}</td>
                  <td data-label={t("plans.owner")}>{members.find((m) => m.id === i.ownerMemberId)?.name ?? "—"}</td>
                  <td data-label={t("plans.group.dueOn")}>
                    {formatDate(i.dueOn, locale)}{" "}
                    {i.overdue ? <span className="badge warn">{t("residents.overdue")}</span> : null}
                  </td>
                  <td data-label={t("plans.group.state")}>
                    {t(`plans.group.itemStates.${i.state}`)}
                    {i.doneOn ? ` (${formatDate(i.doneOn, locale)})` : ""}
                    {canWrite && i.state !== "done" && i.state !== "cancelled" ? (
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
                    ) : null}
                  </td>
                  <td data-label={t("plans.action")}>{actions.find((a) => a.id === i.planActionId)?.title ?? "—"}</td>
                  {canWrite ? (
                    <td>
                      <WgForm
                        key={`${i.id}-${i.version}`}
                        intent="itemEdit"
                        schema="itemEditSchema"
                        title={t("plans.group.editNamed", { name: i.title })}
                        submit={t("common.save")}
                        idPrefix={`item-${i.id}`}
                        hidden={{ itemId: String(i.id), version: String(i.version) }}
                        match={{ itemId: String(i.id) }}
                        defaults={{
                          title: i.title,
                          ownerMemberId: i.ownerMemberId ? String(i.ownerMemberId) : "",
                          dueOn: i.dueOn,
                          meetingId: i.meetingId ? String(i.meetingId) : "",
                          planActionId: i.planActionId ?? "",
                          state: i.state,
                          doneOn: i.doneOn ?? "",
                        }}
                        fields={[
                          ...itemFields,
                          { name: "state", label: t("plans.group.state"), kind: "select", options: states },
                          { name: "doneOn", label: t("plans.group.doneOn"), kind: "date", max: today },
                        ]}
                      />
                      <WgRemove
                        intent="itemRemove"
                        hidden={{ itemId: String(i.id), version: String(i.version) }}
                        what={i.title}
                        label={t("plans.group.removeNamed", { name: i.title })}
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite && members.length > 0 ? (
        <WgForm
          key={`i-${key}`}
          intent="item"
          schema="actionItemSchema"
          title={t("plans.group.addItem")}
          submit={t("common.add")}
          idPrefix="item"
          defaults={{ title: "", ownerMemberId: "", dueOn: today, meetingId: "", planActionId: "" }}
          fields={itemFields}
        />
      ) : null}
    </section>
  );
}
