import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { FormError } from "#app/components/form-messages";
import {
  assignKeyWorker,
  listCasesOf,
  listCaseWorkers,
  listUnassigned,
  reassignCases,
  workerCaseload,
  type CaseRow,
} from "#app/modules/caseload/service.server";
import { caseloadActionSchema } from "#app/modules/caseload/schemas.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { formatDate } from "#app/utils/format";
import { roleHasPermission } from "#app/utils/permissions";
import { idQuery } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "caseload.title" };
export const shouldRevalidate = revalidateOnConflict;

/**
 * "My cases": a case worker's own residents and the cases nobody holds. A supervisor
 * (manage:caseload) picks a worker, sees their caseload and reassigns cases, one or many.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:caseload");
  const supervisor = roleHasPermission(ctx.actor.role, "manage:caseload");
  const unassigned = listUnassigned(ctx);
  if (!supervisor) return { supervisor, mine: listCasesOf(ctx, ctx.actor.id), unassigned, workers: [], selected: null };
  const workers = listCaseWorkers(ctx);
  const wanted = idQuery(request, "worker");
  const selected = wanted !== undefined ? await orErrorPage(() => workerCaseload(ctx, wanted)) : null;
  return { supervisor, mine: [], unassigned, workers, selected };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:caseload");
  const form = await parseForm(request, caseloadActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  const back = new URL(request.url).search;
  return orFormError(() => {
    if (input.intent === "take") {
      const r = assignKeyWorker(ctx, input.residentId, { workerId: ctx.actor.id, version: input.version });
      return redirectWithFlash(`/caseload${back}`, {
        key: "caseload.assignedFlash",
        values: { worker: r.workerName, resident: r.residentName },
      });
    }
    const done = reassignCases(ctx, { toWorkerId: input.toWorkerId, items: input.items });
    return redirectWithFlash(`/caseload${back}`, {
      key: "caseload.reassignedFlash",
      values: { count: done.length, worker: done[0]!.workerName },
    });
  }, form.values);
}

function CaseTable({ rows, select, take }: { rows: CaseRow[]; select?: boolean; take?: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="table-scroll">
      <table className="cases">
        <thead>
          <tr>
            {select ? (
              <th scope="col">
                <span className="visually-hidden">{t("caseload.select")}</span>
              </th>
            ) : null}
            <th scope="col">{t("caseload.resident")}</th>
            <th scope="col">{t("caseload.stage")}</th>
            <th scope="col">{t("residents.institution")}</th>
            {take ? (
              <th scope="col">
                <span className="visually-hidden">{t("caseload.take")}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.residentId}>
              {select ? (
                <td>
                  <input
                    type="checkbox"
                    name="items"
                    value={`${c.residentId}:${c.version}`}
                    form="reassign-form"
                    aria-label={t("caseload.selectCase", { name: `${c.lastName}, ${c.firstName}` })}
                  />
                </td>
              ) : null}
              <td>
                <Link to={`/residents/${c.residentId}`}>
                  {c.lastName}, {c.firstName}
                </Link>
              </td>
              <td>
                {t(`transitions.states.${c.state}`)}{" "}
                <span className="muted">{t("transitions.since", { date: formatDate(c.stateSince, locale) })}</span>
              </td>
              <td>{c.institutionName}</td>
              {take ? (
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="take" />
                    <input type="hidden" name="residentId" value={c.residentId} />
                    <input type="hidden" name="version" value={c.version} />
                    <button
                      type="submit"
                      className="button secondary"
                      aria-label={t("caseload.takeCase", { name: `${c.lastName}, ${c.firstName}` })}
                    >
                      {t("caseload.take")}
                    </button>
                  </Form>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The supervisor's reassignment form; the checkboxes of the table above belong to it (`form=`). */
function ReassignForm({ workers, exclude }: { workers: { id: number; name: string }[]; exclude: number | null }) {
  const { t } = useTranslation();
  return (
    <Form method="post" id="reassign-form" className="inline-form">
      <input type="hidden" name="intent" value="reassign" />
      <label htmlFor="f-toWorkerId">{t("caseload.reassignTo")}</label>
      <select id="f-toWorkerId" name="toWorkerId" required defaultValue="">
        <option value="" disabled>
          {t("caseload.choose")}
        </option>
        {workers
          .filter((w) => w.id !== exclude)
          .map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
      </select>
      <button type="submit" className="button">
        {t("caseload.reassign")}
      </button>
    </Form>
  );
}

export default function Caseload() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData && "ok" in actionData && actionData.ok === false ? actionData : undefined;
  const error = failure?.formError ?? (failure?.fieldErrors ? Object.values(failure.fieldErrors)[0] : undefined);
  const section = (id: string, title: string, count: number, body: React.ReactNode) => (
    <section aria-labelledby={id} className="panel">
      <h2 id={id}>
        {title} <span className="count">({count})</span>
      </h2>
      {count === 0 ? <p className="muted">{t("caseload.nothing")}</p> : body}
    </section>
  );
  return (
    <>
      <h1>{d.supervisor ? t("caseload.supervisorTitle") : t("caseload.title")}</h1>
      <FormError error={error} />
      {d.supervisor ? (
        <>
          <section aria-labelledby="workers-title" className="panel">
            <h2 id="workers-title">{t("caseload.workers")}</h2>
            <p className="hint">{t("caseload.supervisorHint")}</p>
            <ul className="plain worker-list">
              {d.workers.map((w) => (
                <li key={w.id}>
                  <Link
                    to={`/caseload?worker=${w.id}`}
                    aria-current={d.selected?.worker.id === w.id ? "page" : undefined}
                  >
                    {w.name}
                  </Link>{" "}
                  <span className="count">({t("caseload.caseCount", { count: w.cases })})</span>
                </li>
              ))}
            </ul>
          </section>
          {d.selected
            ? section(
                "worker-cases",
                t("caseload.casesOf", { worker: d.selected.worker.name }),
                d.selected.cases.length,
                <>
                  <CaseTable rows={d.selected.cases} select />
                  <ReassignForm workers={d.workers} exclude={d.selected.worker.id} />
                </>,
              )
            : null}
        </>
      ) : (
        section("my-cases", t("caseload.mine"), d.mine.length, <CaseTable rows={d.mine} />)
      )}
      {section(
        "unassigned",
        t("caseload.unassignedCases"),
        d.unassigned.length,
        d.supervisor && !d.selected ? (
          <>
            <CaseTable rows={d.unassigned} select />
            <ReassignForm workers={d.workers} exclude={null} />
          </>
        ) : (
          <CaseTable rows={d.unassigned} take={!d.supervisor} />
        ),
      )}
      {d.supervisor ? null : (
        <p>
          <Link to="/tasks">{t("tasks.title")}</Link>
        </p>
      )}
    </>
  );
}
