import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError } from "#app/components/form-messages";
import { GroupItems, GroupMeetings, GroupMembers } from "#app/components/working-group-sections";
import { workingGroupActionSchema } from "#app/modules/plans/schemas.server";
import {
  addActionItem,
  addMeeting,
  addMember,
  markItemDone,
  removeActionItem,
  removeMember,
  scheduleMeeting,
  updateActionItem,
  updateMember,
  workingGroup,
} from "#app/modules/plans/working-group.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { needsConfirmation, parseForm } from "#app/utils/form.server";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { revalidateOnConflict } from "#app/utils/revalidate";

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
  if (input.intent === "memberRemove" || input.intent === "itemRemove") {
    const ask = needsConfirmation(form.values);
    if (ask) return ask;
  }
  const here = `/plans/${planId}/group`;
  return orFormError(() => {
    switch (input.intent) {
      case "member":
        addMember(ctx, planId, input);
        break;
      case "memberEdit":
        updateMember(ctx, planId, input);
        break;
      case "memberRemove":
        removeMember(ctx, planId, input);
        break;
      case "meeting":
        addMeeting(ctx, planId, input);
        break;
      case "schedule": {
        const id = scheduleMeeting(ctx, planId, input);
        return redirectWithFlash(`${here}/meetings/${id}`, { key: "plans.group.scheduled" });
      }
      case "item":
        addActionItem(ctx, planId, input);
        break;
      case "itemEdit":
        updateActionItem(ctx, planId, input);
        break;
      case "itemRemove":
        removeActionItem(ctx, planId, input);
        break;
      case "done":
        markItemDone(ctx, planId, input);
        break;
    }
    return redirectWithFlash(here, { key: "plans.saved" });
  }, form.values);
}

export default function WorkingGroup() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const canWrite = useCan("write:plans");
  const formKey = `${d.members.length}-${d.meetings.length}-${d.items.length}`;
  const actionData = useActionData() as
    | { formError?: { key: string; values?: Record<string, string | number> }; values?: Record<string, unknown> }
    | undefined;
  // The forms show their own refusals (ErrorSummary); "mark done" and the removals have none.
  const formError = ["done", "memberRemove", "itemRemove"].includes(String(actionData?.values?.intent))
    ? actionData?.formError
    : undefined;
  return (
    <>
      <p>
        <Link to={`/plans/${d.plan.id}`}>← {d.plan.title}</Link>
      </p>
      <h1>{t("plans.group.title")}</h1>
      <FormError error={formError} />
      <GroupMembers d={d} canWrite={canWrite} formKey={formKey} />
      <GroupMeetings d={d} canWrite={canWrite} formKey={formKey} />
      <GroupItems d={d} canWrite={canWrite} formKey={formKey} />
    </>
  );
}
