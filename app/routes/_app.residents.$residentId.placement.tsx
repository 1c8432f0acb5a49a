import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { viewResident } from "#app/modules/residents/service.server";
import {
  cancelReservation,
  listPlacements,
  reservableUnits,
  reservePlace,
} from "#app/modules/transitions/records.server";
import { placementActionSchema } from "#app/modules/transitions/schemas.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { localDate } from "#app/utils/dates";
import { formatDate } from "#app/utils/format";
import { residentIdParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "transitions.placement.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  return orErrorPage(() => {
    const { resident, transition, institution } = viewResident(ctx, residentIdParam(params));
    return {
      today: localDate(ctx.now, institution.timeZone),
      resident: { id: resident.id, name: `${resident.firstName} ${resident.lastName}` },
      placements: listPlacements(ctx, transition.id),
      units: reservableUnits(ctx).filter((u) => u.institutionId === resident.institutionId),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  const id = await orErrorPage(() => residentIdParam(params));
  const form = await parseForm(request, placementActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  return orFormError(() => {
    if (input.intent === "cancel") {
      cancelReservation(ctx, id, input);
      return redirectWithFlash(`/residents/${id}`, { key: "transitions.placement.cancelledFlash" });
    }
    reservePlace(ctx, id, input);
    return redirectWithFlash(`/residents/${id}`, { key: "transitions.placement.reservedFlash" });
  }, form.values);
}

export default function PlacementPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { resident, placements, units, today } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:transitions");
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/transitions/schemas").then((m) => m.reserveSchema),
    { intent: "reserve", housingUnitId: "", reservedOn: today, plannedMoveOn: "", expiresOn: "" },
  );
  const hasReservation = placements.some((p) => p.placement.status === "reserved");
  return (
    <>
      <p>
        <Link to={`/residents/${resident.id}`}>← {resident.name}</Link>
      </p>
      <h1>{t("transitions.placement.title")}</h1>
      {placements.length === 0 ? (
        <p>{t("transitions.placement.none")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("transitions.placement.unit")}</th>
                <th scope="col">{t("transitions.placement.status")}</th>
                <th scope="col">{t("transitions.placement.reservedOn")}</th>
                <th scope="col">{t("transitions.placement.plannedMoveOn")}</th>
                <th scope="col">{t("transitions.placement.expiresOn")}</th>
                <th scope="col">{t("transitions.placement.movedInOn")}</th>
                <th scope="col">{t("transitions.placement.endedOn")}</th>
              </tr>
            </thead>
            <tbody>
              {placements.map(({ placement: p, unitName, housingType }) => (
                <tr key={p.id}>
                  <td>
                    {unitName}
                    <br />
                    <span className="muted">{t(`catalogues.housing.${housingType}`)}</span>
                  </td>
                  <td>
                    {t(`transitions.placement.statuses.${p.status}`)}
                    {p.status === "reserved" && canWrite ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="cancel" />
                        <input type="hidden" name="placementId" value={p.id} />
                        <input type="hidden" name="version" value={p.version} />
                        <button type="submit" className="button secondary">
                          {t("transitions.placement.cancel")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                  <td>{formatDate(p.reservedOn, locale)}</td>
                  <td>{formatDate(p.plannedMoveOn, locale) || "—"}</td>
                  <td>{formatDate(p.expiresOn, locale) || "—"}</td>
                  <td>{formatDate(p.movedInOn, locale) || "—"}</td>
                  <td>{formatDate(p.endedOn, locale) || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorSummary form={f} />
      {canWrite && !hasReservation ? (
        <section aria-labelledby="reserve-title" className="panel">
          <h2 id="reserve-title">{t("transitions.placement.reserve")}</h2>
          <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
            <Field label={t("transitions.placement.unit")} name="housingUnitId" error={f.errorFor("housingUnitId")}>
              {(a) => (
                <select {...a} defaultValue={f.initial("housingUnitId")} {...f.form.register("housingUnitId")}>
                  <option value="">{t("transitions.placement.chooseUnit")}</option>
                  {units.map((u) => (
                    <option key={u.id} value={u.id} disabled={u.taken >= u.capacity}>
                      {t("transitions.placement.unitOption", {
                        name: u.name,
                        type: t(`catalogues.housing.${u.housingType}`),
                        free: Math.max(0, u.capacity - u.taken),
                        capacity: u.capacity,
                      })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("transitions.placement.reservedOn")} name="reservedOn" error={f.errorFor("reservedOn")}>
              {(a) => (
                <input
                  {...a}
                  type="date"
                  max={today}
                  defaultValue={f.initial("reservedOn")}
                  {...f.form.register("reservedOn")}
                />
              )}
            </Field>
            <Field
              label={t("transitions.placement.plannedMoveOn")}
              name="plannedMoveOn"
              error={f.errorFor("plannedMoveOn")}
            >
              {(a) => (
                <input
                  {...a}
                  type="date"
                  defaultValue={f.initial("plannedMoveOn")}
                  {...f.form.register("plannedMoveOn")}
                />
              )}
            </Field>
            <Field
              label={t("transitions.placement.expiresOn")}
              name="expiresOn"
              error={f.errorFor("expiresOn")}
              hint={t("transitions.placement.expiresOnHint")}
            >
              {(a) => (
                <input {...a} type="date" defaultValue={f.initial("expiresOn")} {...f.form.register("expiresOn")} />
              )}
            </Field>
            <button type="submit" name="intent" value="reserve" className="button">
              {t("transitions.placement.reserve")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
