import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { EMPTY_STAFF, StaffFields } from "#app/components/staff-fields";
import { listInstitutions } from "#app/modules/institutions/service.server";
import { staffSchema } from "#app/modules/staff/schemas.server";
import { createStaffMember } from "#app/modules/staff/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "staff.new" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:staff");
  return { institutions: listInstitutions(ctx).map((i) => ({ id: i.id, name: i.name })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:staff");
  const form = await parseForm(request, staffSchema);
  if (!form.ok) return form.response;
  return orFormError(() => {
    const id = createStaffMember(ctx, form.data);
    return redirectWithFlash(`/staff/${id}`, { key: "staff.created" });
  }, form.values);
}

export default function NewStaff() {
  const { t } = useTranslation();
  const { institutions } = useLoaderData<typeof loader>();
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/staff/schemas").then((m) => m.staffSchema),
    { institutionId: String(institutions[0]?.id ?? ""), ...EMPTY_STAFF },
  );
  return (
    <>
      <h1>{t("staff.new")}</h1>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <StaffFields form={f.form} errorFor={f.errorFor} initial={f.initial} institutions={institutions} />
        <button type="submit" className="button">
          {t("staff.create")}
        </button>
      </Form>
    </>
  );
}
