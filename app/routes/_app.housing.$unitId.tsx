import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { findEntry, HOUSING_TYPES } from "#app/modules/catalogues/catalogues";
import { housingUnitUpdateSchema } from "#app/modules/housing/schemas.server";
import { getHousingUnit, updateHousingUnit } from "#app/modules/housing/service.server";
import { HousingUnitFields, type HousingUnitFormValues } from "#app/components/housing-unit-fields";
import { listAllInstitutionsForAdmin } from "#app/modules/institutions/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { formatDate } from "#app/utils/format";
import { roleHasPermission } from "#app/utils/permissions";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import type { Locale } from "#db/schema/enums";
import { revalidateOnConflict } from "#app/utils/revalidate";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "housing.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:institutions");
  return orErrorPage(() => ({
    unit: getHousingUnit(ctx, numericParam(params, "unitId")),
    // The edit form's choices, only for those who may edit.
    institutions: roleHasPermission(ctx.actor.role, "write:transitions") ? listAllInstitutionsForAdmin(ctx) : [],
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  const id = await orErrorPage(() => numericParam(params, "unitId"));
  const form = await parseForm(request, housingUnitUpdateSchema);
  if (!form.ok) return form.response;
  return orFormError(async () => {
    updateHousingUnit(ctx, id, form.data);
    return redirectWithFlash(`/housing/${id}`, { key: "housing.updated" });
  }, form.values);
}

export default function HousingUnitPage() {
  const { t, i18n } = useTranslation();
  const { unit, institutions } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:transitions");
  const locale = i18n.language as Locale;
  const date = (d: string | null) => (d ? formatDate(d, locale, "UTC") : "—");
  const type = findEntry(HOUSING_TYPES, unit.housingType);
  const edit = useValidatedForm<HousingUnitFormValues & { version: number }>(
    () => import("#app/modules/housing/schemas").then((m) => m.housingUnitUpdateSchema),
    {
      institutionId: String(unit.institutionId),
      housingType: unit.housingType,
      name: unit.name,
      address: unit.address,
      operatorName: unit.operatorName,
      operatorKind: unit.operatorKind,
      capacity: String(unit.capacity),
      maxFundedUsers: unit.maxFundedUsers == null ? "" : String(unit.maxFundedUsers),
      openedOn: unit.openedOn ?? "",
      status: unit.status,
      version: unit.version,
    },
  );
  return (
    <>
      <h1>{unit.name}</h1>
      {unit.onInstitutionPremises ? (
        <p role="note" className="form-error">
          <strong>{t("housing.premisesFlag")}</strong>: {t("housing.premisesNote")}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("housing.institution")}</dt>
        <dd>{unit.institutionName}</dd>
        <dt>{t("housing.housingType")}</dt>
        <dd>{t(`catalogues.housing.${unit.housingType}`)}</dd>
        {type ? (
          <>
            <dt>{t("housing.legalBasis")}</dt>
            <dd>{type.legalBasis}</dd>
          </>
        ) : null}
        <dt>{t("housing.address")}</dt>
        <dd>{unit.address}</dd>
        <dt>{t("housing.operator")}</dt>
        <dd>
          {unit.operatorName} ({t(`operatorKinds.${unit.operatorKind}`)})
        </dd>
        <dt>{t("housing.status")}</dt>
        <dd>{t(`housingStatuses.${unit.status}`)}</dd>
        <dt>{t("housing.openedOn")}</dt>
        <dd>{date(unit.openedOn)}</dd>
        <dt>{t("housing.capacity")}</dt>
        <dd>{unit.capacity}</dd>
        {unit.maxFundedUsers != null ? (
          <>
            <dt>{t("housing.maxFundedUsers")}</dt>
            <dd>{unit.maxFundedUsers}</dd>
          </>
        ) : null}
        <dt>{t("housing.occupied")}</dt>
        <dd>{unit.occupied}</dd>
        <dt>{t("housing.reserved")}</dt>
        <dd>{unit.reserved}</dd>
        <dt>{t("housing.free")}</dt>
        <dd>{unit.free}</dd>
      </dl>

      <section aria-labelledby="occupants-title" className="panel">
        <h2 id="occupants-title">{t("housing.occupants")}</h2>
        {unit.placements.length === 0 ? (
          <p>{t("housing.noOccupants")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t("housing.occupants")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("housing.residentCode")}</th>
                  <th scope="col">{t("housing.residentName")}</th>
                  <th scope="col">{t("housing.placementStatus")}</th>
                  <th scope="col">{t("housing.reservedOn")}</th>
                  <th scope="col">{t("housing.plannedMoveOn")}</th>
                  <th scope="col">{t("housing.expiresOn")}</th>
                  <th scope="col">{t("housing.movedInOn")}</th>
                </tr>
              </thead>
              <tbody>
                {unit.placements.map((p) => (
                  <tr key={p.id}>
                    <td>{p.residentCode ?? t("housing.otherInstitutionResident")}</td>
                    <td>{p.residentName ?? "—"}</td>
                    <td>{t(`housing.placementStatuses.${p.status}`)}</td>
                    <td>{date(p.reservedOn)}</td>
                    <td>{date(p.plannedMoveOn)}</td>
                    <td className={p.expired ? "expired" : undefined}>
                      {p.expired ? t("housing.expiredOn", { date: date(p.expiresOn) }) : date(p.expiresOn)}
                    </td>
                    <td>{date(p.movedInOn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {canWrite ? (
        <section aria-labelledby="edit-title" className="panel">
          <h2 id="edit-title">{t("housing.editTitle")}</h2>
          <ErrorSummary form={edit} />
          <Form method="post" onSubmit={edit.onSubmit} noValidate className="stack">
            <input type="hidden" name="version" value={unit.version} />
            <HousingUnitFields
              form={edit.form}
              errorFor={edit.errorFor}
              initial={edit.initial}
              institutions={institutions}
              premises={unit.onInstitutionPremises}
            />
            <button type="submit" className="button">
              {t("common.save")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
