import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmSubmit } from "#app/components/confirm-submit";
import { FormError } from "#app/components/form-messages";
import { ErasureRefusalForm } from "#app/components/subject-rights";
import { userTimeZone } from "#app/modules/institutions/service.server";
import { anonymiseResident, listRetention, refuseErasure } from "#app/modules/privacy/retention.server";
import { retentionActionSchema } from "#app/modules/privacy/schemas.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { getEnv } from "#app/utils/env.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { needsConfirmation, parseForm } from "#app/utils/form.server";
import { formatDate, formatDateTime } from "#app/utils/format";
import { revalidateOnConflict } from "#app/utils/revalidate";
import { orFormError } from "#app/utils/route.server";
import type { Locale } from "#db/schema/enums";

export const handle = { titleKey: "retention.title" };
export const shouldRevalidate = revalidateOnConflict;

/** Closed records and how long each is kept: the administrator anonymises those due (docs/decisions/042). */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:retention");
  return {
    rows: listRetention(ctx),
    years: getEnv().RETENTION_YEARS_AFTER_CLOSURE,
    timeZone: userTimeZone(ctx),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:retention");
  const form = await parseForm(request, retentionActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  if (input.intent === "anonymise") {
    const ask = needsConfirmation(form.values);
    if (ask) return ask;
  }
  return orFormError(() => {
    if (input.intent === "anonymise") {
      const done = anonymiseResident(ctx, input.residentId, input);
      return redirectWithFlash("/admin/retention", {
        key: done ? "retention.anonymisedFlash" : "retention.alreadyAnonymisedFlash",
      });
    }
    refuseErasure(ctx, input.residentId, input);
    return redirectWithFlash(input.back === "resident" ? `/residents/${input.residentId}` : "/admin/retention", {
      key: "retention.refusedFlash",
      values: { basis: `t:retention.bases.${input.basis}` },
    });
  }, form.values);
}

export default function Retention() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { rows, years, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData() as
    { formError?: { key: string; values?: Record<string, string | number> } } | undefined;
  const due = rows.filter((r) => r.status === "due").length;
  return (
    <>
      <p>
        <Link to="/admin/audit">← {t("nav.audit")}</Link>
      </p>
      <h1>{t("retention.title")}</h1>
      <p className="lead">{t("retention.lead", { years })}</p>
      <p data-testid="retention-due">{t("retention.dueCount", { count: due })}</p>
      <FormError error={actionData?.formError} />
      {rows.length === 0 ? (
        <p>{t("retention.none")}</p>
      ) : (
        <table className="cards-on-phone">
          <caption className="visually-hidden">{t("retention.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("residents.code")}</th>
              <th scope="col">{t("residents.institution")}</th>
              <th scope="col">{t("retention.closedOn")}</th>
              <th scope="col">{t("retention.keptUntil")}</th>
              <th scope="col">{t("retention.status")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("retention.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.residentId} data-testid={`retention-${r.code}`}>
                <th scope="row">
                  <Link to={`/residents/${r.residentId}`}>
                    <code>{r.code}</code>
                  </Link>
                </th>
                <td data-label={t("residents.institution")}>{r.institutionName}</td>
                <td data-label={t("retention.closedOn")}>
                  {formatDate(r.retention.closedOn, locale)} ({t(`transitions.states.${r.state}`)})
                </td>
                <td data-label={t("retention.keptUntil")}>
                  {formatDate(r.retention.endsOn, locale)}{" "}
                  <span className="muted">
                    {r.retention.decidedBy.kind === "grant"
                      ? t("retention.byGrant", { contract: r.retention.decidedBy.contractNumber })
                      : t("retention.byClosure", { years })}
                  </span>
                </td>
                <td data-label={t("retention.status")}>
                  {r.status === "anonymised" && r.anonymisedAt ? (
                    t("retention.anonymisedOnDate", { at: formatDateTime(r.anonymisedAt, locale, timeZone) })
                  ) : r.status === "due" ? (
                    <span className="badge warn">{t("retention.statuses.due")}</span>
                  ) : (
                    t("retention.statuses.kept")
                  )}
                </td>
                <td className="card-action">
                  {r.status === "due" ? (
                    <Form method="post">
                      <input type="hidden" name="residentId" value={r.residentId} />
                      <input type="hidden" name="version" value={r.version} />
                      <ConfirmSubmit
                        name="intent"
                        value="anonymise"
                        match={{ intent: "anonymise", residentId: String(r.residentId) }}
                        danger
                        title={t("retention.confirmTitle", { code: r.code })}
                        describe={() => t("retention.confirmText", { code: r.code })}
                        confirmLabel={t("retention.anonymise")}
                      >
                        {t("retention.anonymiseCode", { code: r.code })}
                      </ConfirmSubmit>
                    </Form>
                  ) : null}
                  {r.status !== "anonymised" ? (
                    <ErasureRefusalForm residentId={r.residentId} code={r.code} back="list" />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
