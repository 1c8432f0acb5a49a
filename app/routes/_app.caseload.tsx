import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "../../db/schema/enums";
import { caseload } from "~/modules/caseload/service.server";
import { requireUserWithPermission } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";

export const handle = { titleKey: "caseload.title" };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  return caseload(ctx);
}

type Person = { residentId: number; code: string; firstName: string; lastName: string; institutionName: string };

function PersonLink({ p }: { p: Person }) {
  return (
    <Link to={`/residents/${p.residentId}`}>
      {p.lastName}, {p.firstName}
    </Link>
  );
}

export default function Caseload() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const d = useLoaderData<typeof loader>();
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
      <h1>{t("caseload.title")}</h1>
      {section(
        "overdue-assessments",
        t("caseload.overdueAssessments"),
        d.overdueAssessments.length,
        <ul>
          {d.overdueAssessments.map((p) => (
            <li key={p.residentId}>
              <PersonLink p={p} /> — {t("caseload.assessmentSince", { date: formatDate(p.since, locale) })}
            </li>
          ))}
        </ul>,
      )}
      {section(
        "overdue-visits",
        t("caseload.overdueVisits"),
        d.overdueVisits.length,
        <ul>
          {d.overdueVisits.map((p) => (
            <li key={p.visitId}>
              <PersonLink p={p} /> — {t("transitions.visits.monthsAfter", { count: p.months })},{" "}
              {t("caseload.dueOn", { date: formatDate(p.dueOn, locale) })}{" "}
              <Link to={`/residents/${p.residentId}/visits/${p.visitId}`}>{t("transitions.visits.record")}</Link>
            </li>
          ))}
        </ul>,
      )}
      {section(
        "moves",
        t("caseload.movesThisMonth"),
        d.movesThisMonth.length,
        <ul>
          {d.movesThisMonth.map((p) => (
            <li key={p.residentId}>
              <PersonLink p={p} /> — {formatDate(p.plannedMoveOn, locale)} ({t(`transitions.states.${p.state}`)})
            </li>
          ))}
        </ul>,
      )}
      {section(
        "on-hold",
        t("caseload.onHold"),
        d.onHold.length,
        <ul>
          {d.onHold.map((p) => (
            <li key={p.residentId}>
              <PersonLink p={p} /> — {t("transitions.since", { date: formatDate(p.since, locale) })}
            </li>
          ))}
        </ul>,
      )}
    </>
  );
}
