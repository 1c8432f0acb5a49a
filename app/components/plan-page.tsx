import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PLAN_SECTIONS, type Locale } from "#db/schema/enums";
import { PLAN_EVENT_GUARDS, type PlanEventType } from "#machines/names";
import { CONFIRMED_PLAN_EVENTS } from "#machines/steps";
import { ACTION_STATUSES, CURRENCIES, MILESTONE_INDICATORS, RISK_LEVELS } from "#app/modules/plans/constants";
import type { PlanPage } from "#app/modules/plans/page.server";
import { formatDate, formatMoney, formatNumber } from "#app/utils/format";
import { ConfirmSubmit } from "./confirm-submit";
import { ErrorSummary, Field, FormError } from "./form-messages";
import { useValidatedForm } from "./form";
import { ItemForm, RemoveButton } from "./plan-sections";

/**
 * The sections of a local DI plan's page (app/routes/_app.plans.$planId._index.tsx): milestones,
 * diagnosis, goals with their actions, risks, the consultation report, and the lifecycle forms.
 * `editable`: the latest version is a draft and the user may write plans.
 */
export interface PlanSectionProps {
  d: PlanPage;
  editable: boolean;
  canWrite: boolean;
  isLatest: boolean;
}

function usePlanView(d: PlanPage) {
  const { t, i18n } = useTranslation();
  return { t, locale: i18n.language as Locale, v: d.version, c: d.version.content };
}

/** The diagnosis form's state: made by the page, whose top shows its form-level refusal. */
export type GeneralForm = ReturnType<typeof useValidatedForm<Record<string, string>>>;

export function PlanMilestones({ d, editable }: PlanSectionProps) {
  const { t, locale, v } = usePlanView(d);
  return (
    <section aria-labelledby="milestones-title" className="panel">
      <h2 id="milestones-title">{t("plans.milestones")}</h2>
      {d.milestones.length === 0 ? (
        <p>{t("plans.noItems")}</p>
      ) : (
        <div className="table-scroll">
          <table className="stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t("plans.date")}</th>
                <th scope="col">{t("plans.milestone")}</th>
                <th scope="col">{t("plans.targetsActual")}</th>
                <th scope="col">{t("plans.status")}</th>
                {editable ? (
                  <th scope="col">
                    <span className="visually-hidden">{t("common.remove")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {d.milestones.map((m) => (
                <tr key={m.id}>
                  <td data-label={t("plans.date")}>{formatDate(m.date, locale)}</td>
                  <td data-label={t("plans.milestone")}>{m.title}</td>
                  <td data-label={t("plans.targetsActual")}>
                    {Object.entries(m.targets).map(([k, target]) => (
                      <div key={k}>
                        {t(`indicators.${k}`)}: {formatNumber((m.actual as Record<string, number>)[k] ?? 0, locale)} /{" "}
                        {formatNumber(target as number, locale)}
                      </div>
                    ))}
                  </td>
                  <td data-label={t("plans.status")}>
                    {m.status ? (
                      <span className={`badge status-${m.status}`}>{t(`plans.milestoneStatuses.${m.status}`)}</span>
                    ) : (
                      "—"
                    )}
                  </td>
                  {editable ? (
                    <td>
                      <RemoveButton section="milestones" itemId={m.id} version={v.version} label={m.title} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable ? (
        <ItemForm
          key={`${v.version}`}
          intent="milestone"
          schema={() => import("#app/modules/plans/schemas").then((m) => m.milestoneSchema)}
          version={v.version}
          title={t("plans.addMilestone")}
          defaults={{
            date: "",
            title: "",
            ...Object.fromEntries(MILESTONE_INDICATORS.map((k) => [`target_${k}`, ""])),
          }}
          fields={[
            { name: "date", label: t("plans.date"), kind: "date" },
            { name: "title", label: t("plans.milestone") },
            ...MILESTONE_INDICATORS.map((k) => ({
              name: `target_${k}`,
              label: t(`indicators.${k}`),
              kind: "number" as const,
            })),
          ]}
        />
      ) : null}
      <p className="hint">{t("plans.statusRule")}</p>
    </section>
  );
}

export function PlanDiagnosis({ d, editable, general }: PlanSectionProps & { general: GeneralForm }) {
  const { t, locale, v, c } = usePlanView(d);
  return (
    <section aria-labelledby="general-title" className="panel">
      <h2 id="general-title">{t("plans.diagnosis")}</h2>
      {editable ? (
        <Form method="post" onSubmit={general.onSubmit} noValidate className="stack">
          <input type="hidden" name="version" value={v.version} />
          <div className="grid-2">
            {(["periodFrom", "periodTo"] as const).map((n) => (
              <Field key={n} label={t(`plans.${n}`)} name={n} error={general.errorFor(n)}>
                {(a) => <input {...a} type="date" defaultValue={general.initial(n)} {...general.form.register(n)} />}
              </Field>
            ))}
          </div>
          <Field label={t("plans.diagnosisText")} name="diagnosisText" error={general.errorFor("diagnosisText")}>
            {(a) => (
              <textarea
                {...a}
                rows={5}
                defaultValue={general.initial("diagnosisText")}
                {...general.form.register("diagnosisText")}
              />
            )}
          </Field>
          <Field
            label={t("plans.regionalPlanLink")}
            name="regionalPlanLink"
            error={general.errorFor("regionalPlanLink")}
          >
            {(a) => (
              <input
                {...a}
                defaultValue={general.initial("regionalPlanLink")}
                {...general.form.register("regionalPlanLink")}
              />
            )}
          </Field>
          <Field label={t("plans.monitoring")} name="monitoring" error={general.errorFor("monitoring")}>
            {(a) => (
              <textarea
                {...a}
                rows={3}
                defaultValue={general.initial("monitoring")}
                {...general.form.register("monitoring")}
              />
            )}
          </Field>
          <button type="submit" name="intent" value="general" className="button">
            {t("common.save")}
          </button>
        </Form>
      ) : (
        <dl className="facts">
          <dt>{t("plans.period")}</dt>
          <dd>{c.periodFrom ? `${formatDate(c.periodFrom, locale)} – ${formatDate(c.periodTo, locale)}` : "—"}</dd>
          <dt>{t("plans.diagnosisText")}</dt>
          <dd className="prewrap">{c.diagnosis.text || "—"}</dd>
          <dt>{t("plans.monitoring")}</dt>
          <dd className="prewrap">{c.monitoring || "—"}</dd>
        </dl>
      )}
    </section>
  );
}

export function PlanGoals({ d, editable, canWrite, isLatest }: PlanSectionProps) {
  const { t, locale, v, c } = usePlanView(d);
  return (
    <section aria-labelledby="goals-title" className="panel">
      <h2 id="goals-title">{t("plans.goals")}</h2>
      {c.goals.length === 0 ? <p>{t("plans.noItems")}</p> : null}
      {c.goals.map((g) => (
        <div key={g.id} className="goal">
          <h3>{g.title}</h3>
          {g.description ? <p>{g.description}</p> : null}
          {editable ? <RemoveButton section="goals" itemId={g.id} version={v.version} label={g.title} /> : null}
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t("plans.actions")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("plans.action")}</th>
                  <th scope="col">{t("plans.owner")}</th>
                  <th scope="col">{t("plans.start")}</th>
                  <th scope="col">{t("plans.deadline")}</th>
                  <th scope="col" className="num">
                    {t("plans.budget")}
                  </th>
                  <th scope="col">{t("plans.fundingSource")}</th>
                  <th scope="col">{t("plans.status")}</th>
                </tr>
              </thead>
              <tbody>
                {c.actions
                  .filter((a) => a.goalId === g.id)
                  .map((a) => (
                    <tr key={a.id}>
                      <td>{a.title}</td>
                      <td>{a.owner}</td>
                      <td>{formatDate(a.start, locale)}</td>
                      <td>
                        {formatDate(a.deadline, locale)}
                        {a.deadline < d.today && d.statuses[a.id] !== "done" && d.statuses[a.id] !== "cancelled" ? (
                          <span className="badge warn">{t("residents.overdue")}</span>
                        ) : null}
                      </td>
                      <td className="num">{formatMoney(a.budget, a.currency, locale)}</td>
                      <td>{a.fundingSource}</td>
                      <td>
                        {canWrite && isLatest ? (
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="actionId" value={a.id} />
                            <label>
                              <span className="visually-hidden">{`${t("plans.status")}: ${a.title}`}</span>
                              <select name="status" defaultValue={d.statuses[a.id]}>
                                {ACTION_STATUSES.map((st) => (
                                  <option key={st} value={st}>
                                    {t(`plans.actionStatuses.${st}`)}
                                  </option>
                                ))}
                              </select>
                            </label>
                            <button type="submit" name="intent" value="status" className="button secondary">
                              {t("common.save")}
                            </button>
                          </Form>
                        ) : (
                          t(`plans.actionStatuses.${d.statuses[a.id]}`)
                        )}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
      {editable ? (
        <>
          <ItemForm
            key={`${v.version}`}
            intent="goal"
            schema={() => import("#app/modules/plans/schemas").then((m) => m.goalSchema)}
            version={v.version}
            title={t("plans.addGoal")}
            defaults={{ title: "", description: "" }}
            fields={[
              { name: "title", label: t("plans.goal") },
              { name: "description", label: t("plans.description"), kind: "textarea" },
            ]}
          />
          {c.goals.length > 0 ? (
            <ItemForm
              key={`${v.version}`}
              intent="action"
              schema={() => import("#app/modules/plans/schemas").then((m) => m.actionSchema)}
              version={v.version}
              title={t("plans.addAction")}
              defaults={{
                goalId: c.goals[0]!.id,
                title: "",
                owner: "",
                start: "",
                deadline: "",
                budget: "0",
                currency: d.country === "BG" ? "BGN" : "PLN",
                fundingSource: "",
              }}
              fields={[
                {
                  name: "goalId",
                  label: t("plans.goal"),
                  options: c.goals.map((g) => ({ value: g.id, label: g.title })),
                },
                { name: "title", label: t("plans.action") },
                { name: "owner", label: t("plans.owner") },
                { name: "start", label: t("plans.start"), kind: "date" },
                { name: "deadline", label: t("plans.deadline"), kind: "date" },
                { name: "budget", label: t("plans.budget"), kind: "number" },
                {
                  name: "currency",
                  label: t("plans.currency"),
                  options: CURRENCIES.map((x) => ({ value: x, label: x })),
                },
                { name: "fundingSource", label: t("plans.fundingSource") },
              ]}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}

export function PlanRisks({ d, editable }: PlanSectionProps) {
  const { t, v, c } = usePlanView(d);
  return (
    <section aria-labelledby="risks-title" className="panel">
      <h2 id="risks-title">{t("plans.risks")}</h2>
      {c.risks.length === 0 ? (
        <p>{t("plans.noItems")}</p>
      ) : (
        <ul>
          {c.risks.map((r) => (
            <li key={r.id}>
              {r.description} —{" "}
              {t("plans.riskLine", {
                likelihood: t(`plans.levels.${r.likelihood}`),
                impact: t(`plans.levels.${r.impact}`),
              })}
              {r.mitigation ? `; ${r.mitigation}` : ""}
              {editable ? (
                <RemoveButton section="risks" itemId={r.id} version={v.version} label={r.description} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editable ? (
        <ItemForm
          key={`${v.version}`}
          intent="risk"
          schema={() => import("#app/modules/plans/schemas").then((m) => m.riskSchema)}
          version={v.version}
          title={t("plans.addRisk")}
          defaults={{ description: "", likelihood: "medium", impact: "medium", mitigation: "", owner: "" }}
          fields={[
            { name: "description", label: t("plans.risk"), kind: "textarea" },
            {
              name: "likelihood",
              label: t("plans.likelihood"),
              options: RISK_LEVELS.map((l) => ({ value: l, label: t(`plans.levels.${l}`) })),
            },
            {
              name: "impact",
              label: t("plans.impact"),
              options: RISK_LEVELS.map((l) => ({ value: l, label: t(`plans.levels.${l}`) })),
            },
            { name: "mitigation", label: t("plans.mitigation"), kind: "textarea" },
            { name: "owner", label: t("plans.owner") },
          ]}
        />
      ) : null}
    </section>
  );
}

export function PlanConsultation({ d, canWrite, isLatest }: PlanSectionProps) {
  const { t, locale, v } = usePlanView(d);
  if (v.state === "drafting" && d.comments.length === 0) return null;
  const open = canWrite && d.allows.comments && isLatest && !d.report;
  const unanswered = d.comments.filter((c) => !c.response).length;
  return (
    <section aria-labelledby="consultation-title" className="panel">
      <h2 id="consultation-title">{t("plans.consultationReport")}</h2>
      {d.report ? (
        <p>
          {t("plans.consultationClosedOn", { date: formatDate(d.report.closedOn, locale), count: d.comments.length })}
          {d.report.summary ? (
            <>
              <br />
              <span className="prewrap">{d.report.summary}</span>
            </>
          ) : null}
        </p>
      ) : d.allows.comments ? (
        <p className="hint">{t("plans.consultationOpen", { count: unanswered })}</p>
      ) : null}
      {d.comments.length === 0 ? <p>{t("plans.noComments")}</p> : null}
      <ul className="comments">
        {d.comments.map((cm) => (
          <li key={cm.id}>
            <strong>{cm.receivedFrom}</strong>
            {cm.receivedOn ? `, ${formatDate(cm.receivedOn, locale)}` : ""} · {t(`plans.sections.${cm.section}`)}:{" "}
            {cm.comment}
            <br />
            {cm.response ? (
              <span>
                {t("plans.response")}: {cm.response}
              </span>
            ) : open ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="commentId" value={cm.id} />
                <input type="hidden" name="version" value={cm.version} />
                <label>
                  <span className="visually-hidden">
                    {t("plans.response")}: {cm.receivedFrom}
                  </span>
                  <input name="response" required placeholder={t("plans.response")} />
                </label>
                <button type="submit" name="intent" value="answer" className="button secondary">
                  {t("plans.answer")}
                </button>
              </Form>
            ) : (
              <span className="badge warn">{t("plans.unanswered")}</span>
            )}
          </li>
        ))}
      </ul>
      {open ? (
        <>
          <ItemForm
            key={`c-${v.version}-${d.comments.length}`}
            intent="comment"
            schema={() => import("#app/modules/plans/schemas").then((m) => m.commentSchema)}
            version={v.version}
            title={t("plans.addComment")}
            defaults={{ receivedFrom: "", receivedOn: d.today, section: "general", comment: "", response: "" }}
            fields={[
              { name: "receivedFrom", label: t("plans.receivedFrom") },
              { name: "receivedOn", label: t("plans.receivedOn"), kind: "date" },
              {
                name: "section",
                label: t("plans.section"),
                options: PLAN_SECTIONS.map((x) => ({ value: x, label: t(`plans.sections.${x}`) })),
              },
              { name: "comment", label: t("plans.comment"), kind: "textarea" },
              { name: "response", label: t("plans.response"), kind: "textarea" },
            ]}
          />
          <ItemForm
            key={`r-${v.version}`}
            intent="closeConsultation"
            schema={() => import("#app/modules/plans/schemas").then((m) => m.consultationReportSchema)}
            version={v.version}
            title={t("plans.closeConsultation")}
            submitLabel={t("plans.recordReport")}
            defaults={{ closedOn: d.today, summary: "" }}
            fields={[
              { name: "closedOn", label: t("plans.closedOn"), kind: "date" },
              { name: "summary", label: t("plans.reportSummary"), kind: "textarea" },
            ]}
          />
        </>
      ) : null}
    </section>
  );
}

/** The plan's next lifecycle step: its date (and for adoption the body and resolution), with the server's answer beside the fields. */
export function LifecycleForm({
  event,
  version,
  today,
  planTitle,
}: {
  event: PlanEventType;
  version: number;
  today: string;
  planTitle: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/plans/schemas").then((m) => m.lifecycleSchema),
    { intent: event, version: String(version), on: today, adoptingBody: "", resolutionNumber: "" },
    { intent: event },
  );
  return (
    <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="intent" value={event} />
      <p className="hint">
        {PLAN_EVENT_GUARDS[event]
          .filter((g) => g !== "notInFuture")
          .map((g) => t(`plans.guards.${g}`))
          .join(" ")}
      </p>
      <ErrorSummary form={f} />
      <Field label={t("plans.eventDate")} name="on" error={f.errorFor("on")}>
        {(a) => <input {...a} type="date" max={today} defaultValue={f.initial("on")} {...f.form.register("on")} />}
      </Field>
      {event === "ADOPT" ? (
        <div className="grid-2">
          <Field label={t("plans.adoptingBody")} name="adoptingBody" error={f.errorFor("adoptingBody")}>
            {(a) => <input {...a} defaultValue={f.initial("adoptingBody")} {...f.form.register("adoptingBody")} />}
          </Field>
          <Field label={t("plans.resolutionNumber")} name="resolutionNumber" error={f.errorFor("resolutionNumber")}>
            {(a) => (
              <input {...a} defaultValue={f.initial("resolutionNumber")} {...f.form.register("resolutionNumber")} />
            )}
          </Field>
        </div>
      ) : null}
      {CONFIRMED_PLAN_EVENTS.includes(event) ? (
        <ConfirmSubmit
          match={{ intent: event }}
          title={t(`confirm.${event}.title`)}
          describe={(x) =>
            t(`confirm.${event}.text`, {
              title: planTitle,
              body: x.adoptingBody ?? "",
              number: x.resolutionNumber ?? "",
              date: formatDate(x.on || today, locale),
            })
          }
          confirmLabel={t(`confirm.${event}.confirm`)}
          validate={() => f.form.trigger()}
        >
          {t(`plans.events.${event}`)}
        </ConfirmSubmit>
      ) : (
        <button type="submit" className="button">
          {t(`plans.events.${event}`)}
        </button>
      )}
    </Form>
  );
}

/** "Start a revision": a new draft version from the adopted one; a refusal is shown here. */
export function ReviseForm({ version }: { version: number }) {
  const { t } = useTranslation();
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/plans/schemas").then((m) => m.reviseSchema),
    { intent: "revise", version: String(version) },
    { intent: "revise" },
  );
  return (
    <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="intent" value="revise" />
      <FormError error={f.formError ?? (f.errorFor("version") ? { key: "errors.conflict" } : undefined)} />
      <button type="submit" className="button secondary">
        {t("plans.revise")}
      </button>
    </Form>
  );
}
