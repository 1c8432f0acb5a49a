import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { COUNTRY_TIME_ZONE, LOCALES, type Locale } from "#db/schema/enums";
import { ConfirmSubmit } from "#app/components/confirm-submit";
import { FormError } from "#app/components/form-messages";
import { getPublication, publishPlan, unpublishPlan } from "#app/modules/plans/publication.server";
import { publicationSchema } from "#app/modules/plans/schemas.server";
import { getPlanVersion } from "#app/modules/plans/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { getEnv } from "#app/utils/env.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { needsConfirmation, parseForm } from "#app/utils/form.server";
import { formatDateTime } from "#app/utils/format";
import { revalidateOnConflict } from "#app/utils/revalidate";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";

export const handle = { titleKey: "plans.publication.title" };
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:plans");
  const planId = numericParam(params, "planId");
  return orErrorPage(() => {
    const { plan, versions, country } = getPlanVersion(ctx, planId);
    const p = getPublication(ctx, planId);
    return {
      plan: { id: plan.id, title: plan.title },
      // Times on this page are the plan area's country's.
      timeZone: COUNTRY_TIME_ZONE[country],
      latestVersion: versions.at(-1)!.number,
      threshold: getEnv().SMALL_COUNT_THRESHOLD,
      publication: p
        ? {
            published: p.published,
            version: p.version,
            locale: p.locale,
            planVersionNumber: p.planVersionNumber,
            publishedAt: p.publishedAt,
            url: `${new URL(request.url).origin}/p/${p.token}`,
            path: `/p/${p.token}`,
          }
        : null,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:plans");
  const planId = numericParam(params, "planId");
  const form = await parseForm(request, publicationSchema);
  if (!form.ok) return form.response;
  const ask = needsConfirmation(form.values);
  if (ask) return ask;
  const here = `/plans/${planId}/publication`;
  return orFormError(() => {
    if (form.data.intent === "publish") {
      publishPlan(ctx, planId, form.data);
      return redirectWithFlash(here, { key: "plans.publication.publishedFlash" });
    }
    unpublishPlan(ctx, planId, form.data);
    return redirectWithFlash(here, { key: "plans.publication.unpublishedFlash" });
  }, form.values);
}

export default function Publication() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { plan, latestVersion, threshold, timeZone, publication: p } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:plans");
  const actionData = useActionData() as
    { formError?: { key: string; values?: Record<string, string | number> } } | undefined;
  const version = String(p?.version ?? 0);
  const language = (code: string) => t(`language.names.${code}`);
  return (
    <>
      <p>
        <Link to={`/plans/${plan.id}`}>← {plan.title}</Link>
      </p>
      <h1>{t("plans.publication.title")}</h1>
      <p className="lead">{t("plans.publication.lead", { threshold })}</p>
      <FormError error={actionData?.formError} />

      <section className="panel" aria-labelledby="publication-state" data-testid="publication-state">
        <h2 id="publication-state">{t("plans.publication.stateTitle")}</h2>
        {p?.published ? (
          <>
            <p>
              <strong>{t("plans.publication.published")}</strong>{" "}
              {t("plans.publication.publishedDetails", {
                n: p.planVersionNumber,
                language: language(p.locale),
                at: formatDateTime(p.publishedAt, locale, timeZone),
              })}
            </p>
            <p>
              {t("plans.publication.address")}{" "}
              <a href={p.path} className="header-line" data-testid="public-url">
                {p.url}
              </a>
            </p>
            {p.planVersionNumber !== latestVersion ? (
              <p className="hint">{t("plans.publication.newerVersion", { n: latestVersion })}</p>
            ) : null}
          </>
        ) : (
          <p>
            <strong>{p ? t("plans.publication.withdrawn") : t("plans.publication.notPublished")}</strong>
          </p>
        )}
      </section>

      {canWrite ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="version" value={version} />
          <div className="field">
            <label htmlFor="publication-locale">{t("plans.publication.language")}</label>
            <select id="publication-locale" name="locale" defaultValue={p?.locale ?? locale}>
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {language(l)}
                </option>
              ))}
            </select>
          </div>
          <div className="button-row">
            <ConfirmSubmit
              name="intent"
              value="publish"
              title={t("plans.publication.confirmPublishTitle")}
              describe={(v) =>
                t("plans.publication.confirmPublishText", { n: latestVersion, language: language(v.locale ?? locale) })
              }
              confirmLabel={t("plans.publication.publish")}
            >
              {p?.published
                ? t("plans.publication.publishAgain", { n: latestVersion })
                : t("plans.publication.publish")}
            </ConfirmSubmit>
          </div>
        </Form>
      ) : null}

      {canWrite && p?.published ? (
        <Form method="post" className="stack">
          <input type="hidden" name="version" value={version} />
          <div className="button-row">
            <ConfirmSubmit
              name="intent"
              value="unpublish"
              className="button secondary"
              danger
              title={t("plans.publication.confirmUnpublishTitle")}
              describe={() => t("plans.publication.confirmUnpublishText")}
              confirmLabel={t("plans.publication.unpublish")}
            >
              {t("plans.publication.unpublish")}
            </ConfirmSubmit>
          </div>
        </Form>
      ) : null}
    </>
  );
}
