import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { SERVICE_TYPES, validEntries } from "#app/modules/catalogues/catalogues";
import { viewResident } from "#app/modules/residents/service.server";
import { addService, endService, listServices } from "#app/modules/transitions/records.server";
import { serviceActionSchema } from "#app/modules/transitions/schemas.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { localDate } from "#app/utils/dates";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { formatDate } from "#app/utils/format";
import { residentIdParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "transitions.services.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  return orErrorPage(() => {
    const { resident, transition, institution } = viewResident(ctx, residentIdParam(params));
    const today = localDate(ctx.now, institution.timeZone);
    return {
      resident: { id: resident.id, name: `${resident.firstName} ${resident.lastName}` },
      services: listServices(ctx, transition.id),
      serviceTypes: validEntries(SERVICE_TYPES, institution.country, null).map((s) => ({
        code: s.code,
        legalBasis: s.legalBasis,
      })),
      today,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  const id = await orErrorPage(() => residentIdParam(params));
  const form = await parseForm(request, serviceActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  return orFormError(() => {
    if (input.intent === "end") {
      endService(ctx, id, input);
      return redirectWithFlash(`/residents/${id}`, { key: "transitions.services.endedFlash" });
    }
    addService(ctx, id, input);
    return redirectWithFlash(`/residents/${id}`, { key: "transitions.services.addedFlash" });
  }, form.values);
}

export default function ServicesPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { resident, services, serviceTypes, today } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:transitions");
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/transitions/schemas").then((m) => m.addServiceSchema),
    {
      intent: "add",
      serviceType: serviceTypes[0]?.code ?? "",
      provider: "",
      startOn: today,
      endOn: "",
      hoursPerWeek: "",
    },
  );
  return (
    <>
      <p>
        <Link to={`/residents/${resident.id}`}>← {resident.name}</Link>
      </p>
      <h1>{t("transitions.services.title")}</h1>
      {services.length === 0 ? (
        <p>{t("transitions.services.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("transitions.services.type")}</th>
              <th scope="col">{t("transitions.services.provider")}</th>
              <th scope="col">{t("transitions.services.startOn")}</th>
              <th scope="col">{t("transitions.services.endOn")}</th>
              <th scope="col" className="num">
                {t("transitions.services.hoursPerWeek")}
              </th>
            </tr>
          </thead>
          <tbody>
            {services.map((s) => (
              <tr key={s.id}>
                <td>
                  {t(`catalogues.services.${s.serviceType}`)}
                  <br />
                  <Link to={`/residents/${resident.id}/services/${s.id}`}>{t("hours.open")}</Link>
                </td>
                <td>{s.provider}</td>
                <td>{formatDate(s.startOn, locale)}</td>
                <td>
                  {s.endOn ? (
                    formatDate(s.endOn, locale)
                  ) : canWrite ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="end" />
                      <input type="hidden" name="serviceId" value={s.id} />
                      <input type="hidden" name="version" value={s.version} />
                      <label>
                        <span className="visually-hidden">{t("transitions.services.endOn")}</span>
                        <input type="date" name="endOn" defaultValue={today} required />
                      </label>
                      <button type="submit" className="button secondary">
                        {t("transitions.services.end")}
                      </button>
                    </Form>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="num">{s.hoursPerWeek ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorSummary form={f} />
      {canWrite ? (
        <section aria-labelledby="add-title" className="panel">
          <h2 id="add-title">{t("transitions.services.add")}</h2>
          <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
            <Field label={t("transitions.services.type")} name="serviceType" error={f.errorFor("serviceType")}>
              {(a) => (
                <select {...a} defaultValue={f.initial("serviceType")} {...f.form.register("serviceType")}>
                  {serviceTypes.map((s) => (
                    <option key={s.code} value={s.code} title={s.legalBasis}>
                      {t(`catalogues.services.${s.code}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("transitions.services.provider")} name="provider" error={f.errorFor("provider")}>
              {(a) => <input {...a} defaultValue={f.initial("provider")} {...f.form.register("provider")} />}
            </Field>
            <div className="grid-2">
              <Field label={t("transitions.services.startOn")} name="startOn" error={f.errorFor("startOn")}>
                {(a) => (
                  <input {...a} type="date" defaultValue={f.initial("startOn")} {...f.form.register("startOn")} />
                )}
              </Field>
              <Field label={t("transitions.services.endOn")} name="endOn" error={f.errorFor("endOn")}>
                {(a) => <input {...a} type="date" defaultValue={f.initial("endOn")} {...f.form.register("endOn")} />}
              </Field>
            </div>
            <Field
              label={t("transitions.services.hoursPerWeek")}
              name="hoursPerWeek"
              error={f.errorFor("hoursPerWeek")}
            >
              {(a) => (
                <input
                  {...a}
                  inputMode="decimal"
                  defaultValue={f.initial("hoursPerWeek")}
                  {...f.form.register("hoursPerWeek")}
                />
              )}
            </Field>
            <button type="submit" name="intent" value="add" className="button">
              {t("transitions.services.add")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
