import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResidentDocumentsPanel } from "#app/components/documents";
import { PersonPanel, ServicesPanel, VisitsPanel } from "#app/components/resident-sections";
import { Statechart } from "#app/components/statechart";
import { TransitionActions } from "#app/components/transition-actions";
import { TransitionRecords } from "#app/components/transition-records";
import { getFixedT, resolveLocale } from "#app/i18next.server";
import { residentPage } from "#app/modules/transitions/page.server";
import { statechartFor } from "#app/modules/transitions/statechart.server";
import { TransitionHistory } from "#app/components/transition-history";
import { CaseNotes } from "#app/components/case-notes";
import { KeyWorkerLine } from "#app/components/key-worker";
import { RecordAccess } from "#app/components/record-access";
import { SubjectRightsPanel } from "#app/components/subject-rights";
import { residentPageActionSchema } from "#app/modules/transitions/schemas.server";
import { applyEvent, correctEvent, voidEvent } from "#app/modules/transitions/service.server";
import { setReservationExpiry } from "#app/modules/transitions/records.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { needsConfirmation, parseForm } from "#app/utils/form.server";
import { formatDate } from "#app/utils/format";
import { residentIdParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import type { Locale } from "#db/schema/enums";
import { CONFIRMED_EVENTS } from "#machines/steps";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "residents.page" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  const seen = Number(new URL(request.url).searchParams.get("seen"));
  const page = await orErrorPage(() =>
    residentPage(ctx, residentIdParam(params), Number.isInteger(seen) && seen > 0 ? seen : undefined),
  );
  const locale = await resolveLocale(request, ctx.actor.locale);
  return { ...page, chart: statechartFor(locale, await getFixedT(locale)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  const id = await orErrorPage(() => residentIdParam(params));
  const form = await parseForm(request, residentPageActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  if (input.intent === "event") {
    const ask = CONFIRMED_EVENTS[input.type] ? needsConfirmation(form.values) : null;
    if (ask) return ask;
  }
  return orFormError(() => {
    if (input.intent === "expiry") {
      setReservationExpiry(ctx, id, input);
      return redirectWithFlash(`/residents/${id}`, { key: "transitions.placement.expirySavedFlash" });
    }
    if (input.intent === "correct") {
      const r = correctEvent(ctx, id, input);
      return redirectWithFlash(`/residents/${id}`, {
        key: "transitions.corrections.corrected",
        values: { state: `t:transitions.states.${r.to}` },
      });
    }
    if (input.intent === "void") {
      const r = voidEvent(ctx, id, input);
      return redirectWithFlash(`/residents/${id}`, {
        key: "transitions.corrections.voided",
        values: { state: `t:transitions.states.${r.to}` },
      });
    }
    const r = applyEvent(ctx, id, {
      type: input.type,
      on: input.on,
      note: input.note || undefined,
      version: input.version,
    });
    return redirectWithFlash(`/residents/${id}`, {
      key: "transitions.eventRecorded",
      values: { state: `t:transitions.states.${r.to}` },
    });
  }, form.values);
}

export default function ResidentPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData && "formError" in actionData ? actionData : undefined;
  const posted = failure?.values?.intent;
  const failedIntent =
    posted === "correct" || posted === "void" ? "correction" : posted === "expiry" ? "expiry" : "event";
  const canAct = useCan("write:transitions");
  const canEdit = useCan("write:residents");
  // A document's download asks the same permission as this page (and the resident's scope).
  const canRead = useCan("read:residents");
  const { resident, transition } = d;
  const base = `/residents/${resident.id}`;
  return (
    <>
      <p>
        <Link to="/residents">← {t("residents.title")}</Link>
      </p>
      <div className="title-row">
        <h1>
          {resident.anonymisedAt ? t("retention.anonymisedName") : `${resident.firstName} ${resident.lastName}`}{" "}
          <code className="code">{resident.code}</code>
        </h1>
        {canEdit && !resident.anonymisedAt ? (
          <Link to={`${base}/edit`} className="button secondary">
            {t("residents.edit")}
          </Link>
        ) : null}
      </div>
      <p className="lead">
        {d.institution.name} ·{" "}
        <span className={`state state-${transition.state}`}>{t(`transitions.states.${transition.state}`)}</span>{" "}
        {t("transitions.since", { date: formatDate(transition.stateSince, locale) })}
      </p>
      <KeyWorkerLine base={base} keyWorker={d.keyWorker} canChange={d.canChange} />

      <section aria-labelledby="actions-title" className="panel">
        <h2 id="actions-title">{t("transitions.actionsTitle")}</h2>
        <TransitionActions
          options={d.options}
          canAct={canAct}
          version={transition.version}
          today={d.today}
          residentName={`${resident.firstName} ${resident.lastName}`}
          formError={failedIntent === "event" ? failure?.formError : undefined}
          posted={failedIntent === "event" && actionData && "values" in actionData ? actionData.values : undefined}
        />
      </section>

      <section aria-labelledby="chart-title">
        <h2 id="chart-title">{t("transitions.statechart.heading")}</h2>
        <Statechart layout={d.chart} edges={d.graph.edges} current={transition.state} />
      </section>

      <TransitionRecords
        base={base}
        legalCapacity={resident.legalCapacity}
        assessment={d.assessment}
        plan={d.plan}
        consents={d.consents}
        placements={d.placements}
        today={d.today}
        canAct={canAct}
      />

      <VisitsPanel base={base} visits={d.visits} canAct={canAct} />

      <ServicesPanel base={base} services={d.services} />

      <ResidentDocumentsPanel
        residentId={resident.id}
        documents={d.documents}
        canUpload={canAct}
        timeZone={d.institution.timeZone}
        today={d.today}
      />

      <SubjectRightsPanel
        residentId={resident.id}
        code={resident.code}
        data={d.privacy}
        timeZone={d.institution.timeZone}
      />

      <PersonPanel resident={resident} openedOn={transition.openedOn} />

      <CaseNotes base={base} notes={d.notes} today={d.today} timeZone={d.institution.timeZone} limit={5} />

      <section aria-labelledby="timeline-title" className="panel">
        <h2 id="timeline-title">{t("transitions.timeline")}</h2>
        <TransitionHistory
          items={d.events}
          version={transition.version}
          today={d.today}
          timeZone={d.institution.timeZone}
          canCorrect={canAct}
          failedSeq={failedIntent === "correction" ? Number(failure?.values?.seq) : undefined}
          failedIntent={failure?.values?.intent === "void" ? "void" : "correct"}
          documentsHref={canRead ? `${base}/documents` : null}
        />
      </section>

      {d.access ? (
        <RecordAccess base={base} code={resident.code} access={d.access} timeZone={d.institution.timeZone} />
      ) : null}
    </>
  );
}
