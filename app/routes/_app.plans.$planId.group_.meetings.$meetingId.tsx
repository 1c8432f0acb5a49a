import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MEETING_DOCUMENT_KINDS, type Locale } from "#db/schema/enums";
import { DocumentList, DocumentUploadForm } from "#app/components/documents";
import { FormError } from "#app/components/form-messages";
import { WgForm, WgRemove } from "#app/components/working-group-forms";
import { documentAction } from "#app/modules/documents/route.server";
import {
  meetingDocumentsPage,
  removeMeetingDocument,
  uploadMeetingDocument,
} from "#app/modules/documents/service.server";
import { meetingUploadSchema, removeDocumentSchema } from "#app/modules/documents/schemas.server";
import { meetingPageActionSchema } from "#app/modules/plans/schemas.server";
import {
  meetingDetails,
  recordMeetingHeld,
  removeMeeting,
  updateMeeting,
} from "#app/modules/plans/working-group.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { needsConfirmation, parseForm } from "#app/utils/form.server";
import { formatDate } from "#app/utils/format";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "documents.meetingTitle" };
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:plans");
  return orErrorPage(() => {
    const planId = numericParam(params, "planId");
    const meetingId = numericParam(params, "meetingId");
    return { ...meetingDocumentsPage(ctx, planId, meetingId), ...meetingDetails(ctx, planId, meetingId) };
  });
}

/** The meeting's own forms (edit, record as held, remove) and its documents (upload, remove). */
export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:plans");
  const [planId, meetingId] = await orErrorPage(
    () => [numericParam(params, "planId"), numericParam(params, "meetingId")] as const,
  );
  const here = `/plans/${planId}/group/meetings/${meetingId}`;
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  if (multipart)
    return documentAction(request, here, {
      uploadSchema: meetingUploadSchema,
      removeSchema: removeDocumentSchema,
      upload: (input, file) => uploadMeetingDocument(ctx, planId, meetingId, input, file),
      remove: (input) => removeMeetingDocument(ctx, planId, meetingId, input),
    });
  const form = await parseForm(request, meetingPageActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  if (input.intent === "remove" || input.intent === "meetingRemove") {
    const ask = needsConfirmation(form.values);
    if (ask) return ask;
  }
  return orFormError(() => {
    switch (input.intent) {
      case "remove":
        removeMeetingDocument(ctx, planId, meetingId, input);
        return redirectWithFlash(here, { key: "documents.removed" });
      case "meetingEdit":
        updateMeeting(ctx, planId, { ...input, meetingId });
        break;
      case "held":
        recordMeetingHeld(ctx, planId, { ...input, meetingId });
        break;
      case "meetingRemove":
        removeMeeting(ctx, planId, { ...input, meetingId });
        return redirectWithFlash(`/plans/${planId}/group`, { key: "plans.group.meetingRemoved" });
    }
    return redirectWithFlash(here, { key: "plans.saved" });
  }, form.values);
}

export default function MeetingPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { plan, meeting, documents, today, timeZone, members, items } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:plans");
  const actionData = useActionData() as
    | { formError?: { key: string; values?: Record<string, string | number> }; values?: Record<string, unknown> }
    | undefined;
  const formError = actionData?.values?.intent === "meetingRemove" ? actionData.formError : undefined;
  const base = `/plans/${plan.id}/group/meetings/${meeting.id}`;
  const memberOptions = members.map((m) => ({ value: String(m.id), label: m.name }));
  const names = (ids: number[]) =>
    members
      .filter((m) => ids.includes(m.id))
      .map((m) => m.name)
      .join(", ") || "—";
  const date = formatDate(meeting.heldOn, locale);
  return (
    <>
      <p>
        <Link to={`/plans/${plan.id}/group`}>← {plan.title}</Link>
      </p>
      <h1>{t(meeting.held ? "documents.meetingHeading" : "plans.group.scheduledHeading", { date })}</h1>
      <FormError error={formError} />
      <section aria-labelledby="meeting-title" className="panel">
        <h2 id="meeting-title">{t("plans.group.meeting")}</h2>
        <dl className="facts">
          <dt>{t("plans.group.status")}</dt>
          <dd>{t(meeting.held ? "plans.group.statusHeld" : "plans.group.statusScheduled")}</dd>
          <dt>{t("plans.group.place")}</dt>
          <dd>{meeting.place ?? "—"}</dd>
          <dt>{t("plans.group.invitees")}</dt>
          <dd>{names(meeting.inviteeIds)}</dd>
          {meeting.held ? (
            <>
              <dt>{t("plans.group.attendees")}</dt>
              <dd>{names(meeting.memberIds)}</dd>
            </>
          ) : null}
        </dl>
        {meeting.agenda ? (
          <p className="prewrap">
            <strong>{t("plans.group.agenda")}:</strong> {meeting.agenda}
          </p>
        ) : null}
        {meeting.minutes ? (
          <p className="prewrap">
            <strong>{t("plans.group.minutes")}:</strong> {meeting.minutes}
          </p>
        ) : null}
        {meeting.decisions ? (
          <p className="prewrap">
            <strong>{t("plans.group.decisions")}:</strong> {meeting.decisions}
          </p>
        ) : null}
        {items.length ? (
          <>
            <h3>{t("plans.group.items")}</h3>
            <ul>
              {items.map((i) => (
                <li key={i.id}>
                  {i.title} — {members.find((m) => m.id === i.ownerMemberId)?.name ?? "—"},{" "}
                  {formatDate(i.dueOn, locale)} · {t(`plans.group.itemStates.${i.state}`)}
                  {i.overdue ? <span className="badge warn">{t("residents.overdue")}</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {canWrite ? (
          <>
            <WgForm
              key={`e-${meeting.version}`}
              intent="meetingEdit"
              schema="meetingEditSchema"
              title={t("plans.group.editMeeting")}
              submit={t("common.save")}
              idPrefix="edit"
              hidden={{ version: String(meeting.version) }}
              defaults={{
                heldOn: meeting.heldOn,
                place: meeting.place ?? "",
                agenda: meeting.agenda ?? "",
                inviteeIds: meeting.inviteeIds.map(String),
              }}
              fields={[
                { name: "heldOn", label: t("plans.group.meetingOn"), kind: "date" },
                { name: "place", label: t("plans.group.place") },
                { name: "agenda", label: t("plans.group.agenda"), kind: "textarea" },
                { name: "inviteeIds", label: t("plans.group.invitees"), kind: "checks", options: memberOptions },
              ]}
            />
            <WgForm
              key={`h-${meeting.version}`}
              intent="held"
              schema="meetingHeldSchema"
              title={t(meeting.held ? "plans.group.correctHeld" : "plans.group.recordHeld")}
              submit={t("plans.group.recordMeeting")}
              idPrefix="held"
              hidden={{ version: String(meeting.version) }}
              defaults={{
                heldOn: meeting.heldOn,
                memberIds: (meeting.held ? meeting.memberIds : meeting.inviteeIds).map(String),
                minutes: meeting.minutes ?? "",
                decisions: meeting.decisions ?? "",
              }}
              fields={[
                { name: "heldOn", label: t("plans.group.heldOn"), kind: "date", max: today },
                { name: "memberIds", label: t("plans.group.attendees"), kind: "checks", options: memberOptions },
                { name: "minutes", label: t("plans.group.minutes"), kind: "textarea" },
                { name: "decisions", label: t("plans.group.decisions"), kind: "textarea" },
              ]}
            />
            <WgRemove
              intent="meetingRemove"
              hidden={{ version: String(meeting.version) }}
              what={t("plans.group.meetingOnDate", { date })}
              label={t("plans.group.removeMeeting")}
            />
          </>
        ) : null}
      </section>
      <section aria-labelledby="list-title" className="panel">
        <h2 id="list-title">{t("documents.title")}</h2>
        <DocumentList
          documents={documents}
          href={(d) => `${base}/documents/${d}`}
          removable={canWrite}
          timeZone={timeZone}
        />
      </section>
      {canWrite && meeting.held ? (
        <section aria-labelledby="upload-title" className="panel">
          <h2 id="upload-title">{t("documents.uploadMinutes")}</h2>
          <DocumentUploadForm key={documents.length} kinds={MEETING_DOCUMENT_KINDS} today={today} schema="meeting" />
        </section>
      ) : null}
    </>
  );
}
