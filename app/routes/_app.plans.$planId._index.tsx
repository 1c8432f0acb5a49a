import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { PLAN_EVENT_TYPES, type PlanEventType } from "#machines/names";
import { CONFIRMED_PLAN_EVENTS } from "#machines/steps";
import { FormError } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { PlanBudget } from "#app/components/plan-budget";
import { PlanDiagnosisFigures } from "#app/components/plan-diagnosis-figures";
import { PrintButton } from "#app/components/plan-sections";
import { LateItems } from "#app/components/working-group-forms";
import {
  LifecycleForm,
  PlanConsultation,
  PlanDiagnosis,
  PlanGoals,
  PlanMilestones,
  PlanRisks,
  ReviseForm,
} from "#app/components/plan-page";
import { planPage, runPlanCommand, type PlanPageCommand } from "#app/modules/plans/page.server";
import { PLAN_PAGE_SCHEMAS, planIntentSchema } from "#app/modules/plans/schemas.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { needsConfirmation, parseForm, validateAs } from "#app/utils/form.server";
import { formatDate } from "#app/utils/format";
import { numericParam, versionQuery } from "#app/utils/params.server";
import { revalidateOnConflict } from "#app/utils/revalidate";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";

export const handle = { titleKey: "plans.page" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:plans");
  return orErrorPage(() => planPage(ctx, numericParam(params, "planId"), versionQuery(request)));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:plans");
  const planId = await orErrorPage(() => numericParam(params, "planId"));
  const raw = await parseForm(request, planIntentSchema);
  if (!raw.ok) return raw.response;
  const intent = raw.data.intent;
  const form = validateAs(PLAN_PAGE_SCHEMAS[intent], raw.values);
  if (!form.ok) return form.response;
  const ask = CONFIRMED_PLAN_EVENTS.includes(intent as PlanEventType) ? needsConfirmation(form.values) : null;
  if (ask) return ask;
  return orFormError(() => {
    const done = runPlanCommand(ctx, planId, { intent, input: form.data } as PlanPageCommand);
    return redirectWithFlash(`/plans/${planId}${done.version ? `?version=${done.version}` : ""}`, done.flash);
  }, form.values);
}

export default function PlanPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const canWrite = useCan("write:plans");
  const v = d.version;
  const c = v.content;
  const latest = d.versions.at(-1)!;
  const isLatest = v.number === latest.number;
  const editable = canWrite && isLatest && d.allows.edit;
  const general = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/plans/schemas").then((m) => m.generalSchema),
    {
      intent: "general",
      version: String(v.version),
      periodFrom: c.periodFrom ?? "",
      periodTo: c.periodTo ?? "",
      regionalPlanLink: c.regionalPlanLink,
      diagnosisText: c.diagnosis.text,
      monitoring: c.monitoring,
    },
    { intent: "general" },
  );
  // The lifecycle and revision forms show their own answer; the small item forms' answers show here.
  const ownAnswer =
    actionData && "values" in actionData && [...PLAN_EVENT_TYPES, "revise"].includes(String(actionData.values?.intent));
  const formError = actionData && "formError" in actionData && !ownAnswer ? actionData.formError : undefined;
  const nextEvent = d.allows.nextEvent;
  const sections = { d, editable, canWrite, isLatest };
  return (
    <>
      <p>
        <Link to="/plans">← {t("plans.title")}</Link>
      </p>
      <h1>{d.plan.title}</h1>
      <p className="lead">
        {d.municipalityName} · {t("plans.versionOf", { number: v.number, count: d.versions.length })} ·{" "}
        <span className="state">{t(`plans.states.${v.state}`)}</span>
        {v.adoptedOn
          ? ` · ${t("plans.adoptedBy", { body: v.adoptingBody ?? "", number: v.resolutionNumber ?? "", date: formatDate(v.adoptedOn, locale) })}`
          : ""}
      </p>
      <FormError error={formError ?? general.formError} />

      <section aria-labelledby="versions-title" className="panel">
        <h2 id="versions-title">{t("plans.versions")}</h2>
        <ul>
          {d.versions.map((x) => (
            <li key={x.id}>
              {x.number === v.number ? (
                <strong>{t("plans.versionN", { number: x.number })}</strong>
              ) : (
                <Link to={`?version=${x.number}`}>{t("plans.versionN", { number: x.number })}</Link>
              )}{" "}
              — {t(`plans.states.${x.state}`)}
            </li>
          ))}
        </ul>
        <p className="button-row">
          <Link to={`/plans/${d.plan.id}/group`}>{t("plans.group.title")}</Link> ·{" "}
          <Link to={`/plans/${d.plan.id}/dashboard`}>{t("plans.dashboard.title")}</Link> ·{" "}
          <Link to={`/plans/${d.plan.id}/publication`}>{t("plans.publication.link")}</Link> ·{" "}
          <a href={`/plans/${d.plan.id}/actions.xlsx?version=${v.number}`} download>
            {t("plans.exportActions")}
          </a>{" "}
          ·{" "}
          <a href={`/plans/${d.plan.id}/plan.pdf?version=${v.number}`} download>
            {t("plans.exportPdf")}
          </a>{" "}
          · <PrintButton />
        </p>
        {d.versions.length > 1 ? (
          <Link to={`/plans/${d.plan.id}/compare?a=${d.versions.at(-2)!.number}&b=${latest.number}`}>
            {t("plans.compareLatest")}
          </Link>
        ) : null}
      </section>

      {canWrite && isLatest ? (
        <section aria-labelledby="lifecycle-title" className="panel">
          <h2 id="lifecycle-title">{t("plans.lifecycle")}</h2>
          {nextEvent ? (
            <LifecycleForm
              key={`${nextEvent}-${v.version}`}
              event={nextEvent}
              version={v.version}
              today={d.today}
              planTitle={d.plan.title}
            />
          ) : null}
          {d.allows.revise ? <ReviseForm version={v.version} /> : null}
        </section>
      ) : null}

      {isLatest && d.lateItems.length ? <LateItems planId={d.plan.id} items={d.lateItems} /> : null}

      <PlanMilestones {...sections} />

      <PlanDiagnosis {...sections} general={general} />

      <PlanDiagnosisFigures key={`figures-${v.number}-${v.version}`} d={d} editable={editable} />

      <PlanGoals {...sections} />

      <PlanBudget d={d} editable={editable} />

      <PlanRisks {...sections} />

      <PlanConsultation {...sections} />
    </>
  );
}
