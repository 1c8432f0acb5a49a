import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CONSENT_GIVERS, type Locale } from "#db/schema/enums";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { viewResident } from "#app/modules/residents/service.server";
import { REQUIRED_CONSENT } from "#app/modules/transitions/facts.server";
import { listConsents, recordConsent, withdrawConsent } from "#app/modules/transitions/records.server";
import { consentActionSchema } from "#app/modules/transitions/schemas.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { localDate } from "#app/utils/dates";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { formatDate } from "#app/utils/format";
import { residentIdParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "transitions.consent.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  return orErrorPage(() => {
    const { resident, transition, institution } = viewResident(ctx, residentIdParam(params));
    return {
      resident: {
        id: resident.id,
        name: `${resident.firstName} ${resident.lastName}`,
        legalCapacity: resident.legalCapacity,
        guardianName: resident.guardianName,
      },
      required: REQUIRED_CONSENT[resident.legalCapacity],
      consents: listConsents(ctx, transition.id),
      today: localDate(ctx.now, institution.timeZone),
      country: institution.country,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  const id = await orErrorPage(() => residentIdParam(params));
  const form = await parseForm(request, consentActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  return orFormError(() => {
    if (input.intent === "withdraw") {
      withdrawConsent(ctx, id, input);
      return redirectWithFlash(`/residents/${id}`, { key: "transitions.consent.withdrawnFlash" });
    }
    recordConsent(ctx, id, input);
    return redirectWithFlash(`/residents/${id}`, { key: "transitions.consent.recordedFlash" });
  }, form.values);
}

export default function ConsentPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { resident, required, consents, today, country } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:transitions");
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/transitions/schemas").then((m) => m.consentSchema),
    {
      intent: "record",
      givenBy: required,
      guardianName: resident.guardianName ?? "",
      givenOn: today,
      documentRef: "",
    },
  );
  return (
    <>
      <p>
        <Link to={`/residents/${resident.id}`}>← {resident.name}</Link>
      </p>
      <h1>{t("transitions.consent.title")}</h1>
      <p className="lead">{t(`transitions.consent.required.${resident.legalCapacity}`)}</p>
      {consents.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("transitions.consent.givenBy")}</th>
              <th scope="col">{t("transitions.consent.givenOn")}</th>
              <th scope="col">{t("transitions.consent.documentRef")}</th>
              <th scope="col">{t("transitions.consent.withdrawnOn")}</th>
            </tr>
          </thead>
          <tbody>
            {consents.map((c) => (
              <tr key={c.id}>
                <td>
                  {t(`transitions.consent.givers.${c.givenBy}`)}
                  {c.guardianName ? ` (${c.guardianName})` : ""}
                </td>
                <td>{formatDate(c.givenOn, locale)}</td>
                <td>{c.documentRef ?? "—"}</td>
                <td>
                  {c.withdrawnOn ? (
                    formatDate(c.withdrawnOn, locale)
                  ) : canWrite ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="withdraw" />
                      <input type="hidden" name="consentId" value={c.id} />
                      <input type="hidden" name="version" value={c.version} />
                      <label>
                        <span className="visually-hidden">{t("transitions.consent.withdrawnOn")}</span>
                        <input type="date" name="withdrawnOn" defaultValue={today} max={today} required />
                      </label>
                      <button type="submit" className="button secondary">
                        {t("transitions.consent.withdraw")}
                      </button>
                    </Form>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("transitions.consent.none")}</p>
      )}
      <ErrorSummary form={f} />
      {canWrite ? (
        <section aria-labelledby="record-title" className="panel">
          <h2 id="record-title">{t("transitions.consent.record")}</h2>
          <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
            <Field label={t("transitions.consent.givenBy")} name="givenBy" error={f.errorFor("givenBy")}>
              {(a) => (
                <select {...a} defaultValue={f.initial("givenBy")} {...f.form.register("givenBy")}>
                  {CONSENT_GIVERS.map((g) => (
                    <option key={g} value={g}>
                      {t(`transitions.consent.givers.${g}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("residents.guardianName")} name="guardianName" error={f.errorFor("guardianName")}>
              {(a) => <input {...a} defaultValue={f.initial("guardianName")} {...f.form.register("guardianName")} />}
            </Field>
            <Field label={t("transitions.consent.givenOn")} name="givenOn" error={f.errorFor("givenOn")}>
              {(a) => (
                <input
                  {...a}
                  type="date"
                  max={today}
                  defaultValue={f.initial("givenOn")}
                  {...f.form.register("givenOn")}
                />
              )}
            </Field>
            <Field
              label={t("transitions.consent.documentRef")}
              name="documentRef"
              error={f.errorFor("documentRef")}
              hint={t(`transitions.consent.documentHint.${country}`)}
            >
              {(a) => <input {...a} defaultValue={f.initial("documentRef")} {...f.form.register("documentRef")} />}
            </Field>
            <button type="submit" name="intent" value="record" className="button">
              {t("transitions.consent.record")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
