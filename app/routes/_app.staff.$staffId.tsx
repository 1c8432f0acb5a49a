import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { StaffFields } from "#app/components/staff-fields";
import { SERVICE_TYPES, validEntries } from "#app/modules/catalogues/catalogues";
import { moduleTitle } from "#app/modules/staff/module-title";
import { staffActionSchema } from "#app/modules/staff/schemas.server";
import {
  findStaffMember,
  recordCommunityStart,
  staffTraining,
  updateStaffMember,
} from "#app/modules/staff/service.server";
import { listModules } from "#app/modules/staff/training.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { localDate } from "#app/utils/dates";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { formatDate } from "#app/utils/format";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "staff.page" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:staff");
  return orErrorPage(() => {
    const id = numericParam(params, "staffId");
    const { staff, institution } = findStaffMember(ctx, id);
    const modules = Object.fromEntries(listModules(ctx).map((m) => [m.module.id, m.module]));
    return {
      staff,
      institution: { id: institution.id, name: institution.name },
      training: staffTraining(ctx, id).map((e) => ({ ...e, module: modules[e.moduleId] })),
      serviceTypes: validEntries(SERVICE_TYPES, institution.country, null).map((s) => s.code),
      today: localDate(ctx.now, institution.timeZone),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:staff");
  const id = await orErrorPage(() => numericParam(params, "staffId"));
  const form = await parseForm(request, staffActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  return orFormError(() => {
    if (input.intent === "community") {
      recordCommunityStart(ctx, id, input);
      return redirectWithFlash(`/staff/${id}`, { key: "staff.communityRecorded" });
    }
    updateStaffMember(ctx, id, input);
    return redirectWithFlash(`/staff/${id}`, { key: "residents.updated" });
  }, form.values);
}

export default function StaffPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { staff, institution, training, serviceTypes, today } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:staff");
  const edit = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/staff/schemas").then((m) => m.staffUpdateSchema),
    {
      intent: "update",
      institutionId: String(staff.institutionId),
      firstName: staff.firstName,
      lastName: staff.lastName,
      sex: staff.sex ?? "",
      dateOfBirth: staff.dateOfBirth ?? "",
      position: staff.position,
      employedFrom: staff.employedFrom ?? "",
      employedTo: staff.employedTo ?? "",
      email: staff.email ?? "",
      phone: staff.phone ?? "",
      version: String(staff.version),
    },
    { intent: "update" },
  );
  const community = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/staff/schemas").then((m) => m.communityStartSchema),
    {
      intent: "community",
      communityStartOn: staff.communityStartOn ?? today,
      communityServiceType: staff.communityServiceType ?? serviceTypes[0] ?? "",
      communityEmployer: staff.communityEmployer ?? "",
      version: String(staff.version),
    },
    { intent: "community" },
  );
  const title = (m?: { titleEn: string; titlePl: string; titleBg: string }) => (m ? moduleTitle(m, locale) : "");
  return (
    <>
      <p>
        <Link to="/staff">← {t("staff.title")}</Link>
      </p>
      <h1>
        {staff.firstName} {staff.lastName} <code className="code">{staff.code}</code>
      </h1>
      <p className="lead">
        {staff.position} · {institution.name}
      </p>
      <ErrorSummary form={[edit, community]} />

      <section aria-labelledby="training-title" className="panel">
        <h2 id="training-title">{t("staff.training.title")}</h2>
        {training.length === 0 ? (
          <p>{t("staff.training.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("staff.training.module")}</th>
                <th scope="col">{t("staff.training.state")}</th>
                <th scope="col">{t("staff.enrolledOn")}</th>
                <th scope="col">{t("staff.training.sessions")}</th>
                <th scope="col">{t("staff.training.completedOn")}</th>
              </tr>
            </thead>
            <tbody>
              {training.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/training/${e.moduleId}`}>{title(e.module)}</Link>
                  </td>
                  <td>
                    {t(`staff.enrolmentStates.${e.state}`)}
                    {e.dropReason ? ` (${e.dropReason})` : ""}
                  </td>
                  <td>{formatDate(e.enrolledOn, locale)}</td>
                  <td>{e.attendance.map((a) => formatDate(a.attendedOn, locale)).join(", ") || "—"}</td>
                  <td>
                    {e.completedOn ? formatDate(e.completedOn, locale) : "—"}
                    {e.certificateRef ? ` · ${e.certificateRef}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="community-title" className="panel">
        <h2 id="community-title">{t("staff.communityTitle")}</h2>
        <p>
          {staff.communityStartOn
            ? t("staff.communitySince", {
                date: formatDate(staff.communityStartOn, locale),
                service: t(`catalogues.services.${staff.communityServiceType}`),
                employer: staff.communityEmployer ?? "",
              })
            : t("staff.communityNone")}
        </p>
        {canWrite ? (
          <Form method="post" onSubmit={community.onSubmit} noValidate className="stack">
            <input type="hidden" name="version" value={staff.version} />
            <div className="grid-2">
              <Field
                label={t("staff.communityStartOn")}
                name="communityStartOn"
                error={community.errorFor("communityStartOn")}
              >
                {(a) => (
                  <input
                    {...a}
                    type="date"
                    max={today}
                    defaultValue={community.initial("communityStartOn")}
                    {...community.form.register("communityStartOn")}
                  />
                )}
              </Field>
              <Field
                label={t("transitions.services.type")}
                name="communityServiceType"
                error={community.errorFor("communityServiceType")}
              >
                {(a) => (
                  <select
                    {...a}
                    defaultValue={community.initial("communityServiceType")}
                    {...community.form.register("communityServiceType")}
                  >
                    {serviceTypes.map((s) => (
                      <option key={s} value={s}>
                        {t(`catalogues.services.${s}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <Field
              label={t("staff.communityEmployer")}
              name="communityEmployer"
              error={community.errorFor("communityEmployer")}
            >
              {(a) => (
                <input
                  {...a}
                  defaultValue={community.initial("communityEmployer")}
                  {...community.form.register("communityEmployer")}
                />
              )}
            </Field>
            <button type="submit" name="intent" value="community" className="button">
              {t("staff.communityRecord")}
            </button>
          </Form>
        ) : null}
      </section>

      {canWrite ? (
        <section aria-labelledby="edit-title" className="panel">
          <h2 id="edit-title">{t("residents.edit")}</h2>
          <Form method="post" onSubmit={edit.onSubmit} noValidate className="stack">
            <input type="hidden" name="version" value={staff.version} />
            <StaffFields
              form={edit.form}
              errorFor={edit.errorFor}
              initial={edit.initial}
              institutions={[institution]}
              lockInstitution
            />
            <button type="submit" name="intent" value="update" className="button">
              {t("common.save")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
