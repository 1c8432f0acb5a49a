import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseNotes } from "#app/components/case-notes";
import { viewResident } from "#app/modules/residents/service.server";
import { noteActionSchema } from "#app/modules/notes/schemas.server";
import { addNote, correctNote, listNotes } from "#app/modules/notes/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { localDate } from "#app/utils/dates";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { residentIdParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "notes.title" };
export const shouldRevalidate = revalidateOnConflict;

/** Every case note of a resident; the notes panel's forms post here (decision 023). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  return orErrorPage(() => {
    const { resident, transition, institution } = viewResident(ctx, residentIdParam(params));
    return {
      resident: { id: resident.id, name: `${resident.firstName} ${resident.lastName}` },
      notes: listNotes(ctx.db, transition.id),
      today: localDate(ctx.now, institution.timeZone),
      timeZone: institution.timeZone,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  const id = await orErrorPage(() => residentIdParam(params));
  const form = await parseForm(request, noteActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  return orFormError(() => {
    if (input.intent === "correct") {
      correctNote(ctx, id, input);
      return redirectWithFlash(`/residents/${id}`, { key: "notes.correctedFlash" });
    }
    addNote(ctx, id, input);
    return redirectWithFlash(`/residents/${id}`, { key: "notes.addedFlash" });
  }, form.values);
}

export default function NotesPage() {
  const { t } = useTranslation();
  const { resident, notes, today, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData && "ok" in actionData && actionData.ok === false ? actionData : undefined;
  const base = `/residents/${resident.id}`;
  return (
    <>
      <p>
        <Link to={base}>← {resident.name}</Link>
      </p>
      <h1>
        {t("notes.title")}: {resident.name}
      </h1>
      <CaseNotes base={base} notes={notes} today={today} timeZone={timeZone} failure={failure} />
    </>
  );
}
