import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { HoursEntries, HoursMonths, RecordHoursForm } from "#app/components/service-hours";
import { hoursActionSchema } from "#app/modules/deliveries/schemas.server";
import { correctHours, deliveriesOf, recordHours, removeHours } from "#app/modules/deliveries/service.server";
import { viewResident } from "#app/modules/residents/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { formatDate } from "#app/utils/format";
import { numericParam, residentIdParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";
import { useCan } from "#app/utils/user";

export const handle = { titleKey: "hours.title" };

/** After a concurrent correction the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

/** One community service's hours delivered: totals by month, the entries, record / correct / remove (decision 048). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  return orErrorPage(() => {
    const { resident, institution } = viewResident(ctx, residentIdParam(params));
    const { service, entries, months, today, closed } = deliveriesOf(
      ctx,
      resident.id,
      numericParam(params, "serviceId"),
    );
    return {
      resident: { id: resident.id, name: `${resident.firstName} ${resident.lastName}` },
      service,
      entries,
      months,
      today,
      closed,
      timeZone: institution.timeZone,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  const [id, serviceId] = await orErrorPage(
    () => [residentIdParam(params), numericParam(params, "serviceId")] as const,
  );
  const form = await parseForm(request, hoursActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  const here = `/residents/${id}/services/${serviceId}`;
  return orFormError(() => {
    if (input.intent === "correct") {
      correctHours(ctx, id, serviceId, input);
      return redirectWithFlash(here, { key: "hours.correctedFlash" });
    }
    if (input.intent === "remove") {
      removeHours(ctx, id, serviceId, input);
      return redirectWithFlash(here, { key: "hours.removedFlash" });
    }
    recordHours(ctx, id, serviceId, input);
    return redirectWithFlash(here, { key: "hours.recordedFlash" });
  }, form.values);
}

export default function ServiceHoursPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { resident, service, entries, months, today, closed, timeZone } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:transitions") && !closed;
  const last = service.endOn && service.endOn < today ? service.endOn : today;
  return (
    <>
      <p>
        <Link to={`/residents/${resident.id}/services`}>← {t("transitions.services.title")}</Link> ·{" "}
        <Link to={`/residents/${resident.id}`}>{resident.name}</Link>
      </p>
      <h1>{t("hours.of", { service: t(`catalogues.services.${service.serviceType}`), provider: service.provider })}</h1>
      <p>
        {formatDate(service.startOn, locale)}
        {service.endOn ? ` – ${formatDate(service.endOn, locale)}` : ""}
        {service.hoursPerWeek != null ? ` · ${t("transitions.services.hours", { hours: service.hoursPerWeek })}` : ""}
      </p>
      {service.endOn ? <p className="hint">{t("hours.ended", { endOn: formatDate(service.endOn, locale) })}</p> : null}
      {closed ? (
        <p role="note" className="hint">
          {t("transitions.errors.closed")}
        </p>
      ) : null}
      {canWrite && service.startOn <= today ? <RecordHoursForm today={today} min={service.startOn} max={last} /> : null}
      <HoursMonths months={months} />
      <HoursEntries entries={entries} canWrite={canWrite} timeZone={timeZone} />
    </>
  );
}
