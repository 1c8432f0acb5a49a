import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import type { residentPage } from "#app/modules/transitions/page.server";
import { formatDate } from "#app/utils/format";

/** The resident page's data (its loader's, as the browser receives it). */
type ResidentPageData = ReturnType<typeof residentPage>;

function useView() {
  const { t, i18n } = useTranslation();
  return { t, locale: i18n.language as Locale };
}

/** The follow-up visits after the move: when each is due, when it was made, what was found. */
export function VisitsPanel({
  base,
  visits,
  canAct,
}: {
  base: string;
  visits: ResidentPageData["visits"];
  canAct: boolean;
}) {
  const { t, locale } = useView();
  return (
    <section aria-labelledby="visits-title" className="panel">
      <h2 id="visits-title">{t("transitions.visits.title")}</h2>
      {visits.length === 0 ? (
        <p>{t("transitions.visits.none")}</p>
      ) : (
        <table className="cards-on-phone">
          <thead>
            <tr>
              <th scope="col">{t("transitions.visits.when")}</th>
              <th scope="col">{t("transitions.visits.dueOn")}</th>
              <th scope="col">{t("transitions.visits.visitedOn")}</th>
              <th scope="col">{t("transitions.visits.findings")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("transitions.open")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {visits.map((v) => (
              <tr key={v.id}>
                <th scope="row">{t("transitions.visits.monthsAfter", { count: v.monthsAfterMove })}</th>
                <td data-label={t("transitions.visits.dueOn")}>
                  {formatDate(v.dueOn, locale)}{" "}
                  {v.overdue ? <span className="badge warn">{t("residents.overdue")}</span> : null}
                </td>
                <td data-label={t("transitions.visits.visitedOn")}>
                  {v.visitedOn ? formatDate(v.visitedOn, locale) : "—"}
                </td>
                {v.findings ? <td data-label={t("transitions.visits.findings")}>{v.findings}</td> : <td />}
                <td className="card-action">
                  {canAct ? (
                    <Link to={`${base}/visits/${v.id}`}>
                      {v.visitedOn ? t("transitions.visits.edit") : t("transitions.visits.record")}
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The community services the person receives. */
export function ServicesPanel({ base, services }: { base: string; services: ResidentPageData["services"] }) {
  const { t, locale } = useView();
  return (
    <section aria-labelledby="services-title" className="panel">
      <h2 id="services-title">{t("transitions.services.title")}</h2>
      {services.length === 0 ? (
        <p>{t("transitions.services.none")}</p>
      ) : (
        <ul>
          {services.map((s) => (
            <li key={s.id}>
              {t(`catalogues.services.${s.serviceType}`)} — {s.provider}, {formatDate(s.startOn, locale)}
              {s.endOn ? ` – ${formatDate(s.endOn, locale)}` : ""}
              {s.hoursPerWeek != null ? ` · ${t("transitions.services.hours", { hours: s.hoursPerWeek })}` : ""} ·{" "}
              <Link to={`${base}/services/${s.id}`}>{t("hours.thisMonth", { hours: s.deliveredThisMonth })}</Link>
            </li>
          ))}
        </ul>
      )}
      <Link to={`${base}/services`}>{t("transitions.open")}</Link>
    </section>
  );
}

/** The person's own data (an anonymised record shows what was removed). */
export function PersonPanel({ resident, openedOn }: { resident: ResidentPageData["resident"]; openedOn: string }) {
  const { t, locale } = useView();
  return (
    <section aria-labelledby="person-title" className="panel">
      <h2 id="person-title">{t("residents.personTitle")}</h2>
      <dl className="facts">
        <dt>{t("residents.code")}</dt>
        <dd>
          <code>{resident.code}</code>
        </dd>
        <dt>{t("residents.sex")}</dt>
        <dd>
          {resident.sex ? (
            t(`residents.sexes.${resident.sex}`)
          ) : (
            <span className="badge warn">{t("residents.missing")}</span>
          )}
        </dd>
        <dt>{t("residents.dateOfBirth")}</dt>
        <dd>
          {resident.anonymisedAt ? (
            t("retention.removed")
          ) : resident.dateOfBirth ? (
            formatDate(resident.dateOfBirth, locale)
          ) : (
            <span className="badge warn">{t("residents.missing")}</span>
          )}
        </dd>
        <dt>{t("residents.targetGroup")}</dt>
        <dd>{t(`residents.targetGroups.${resident.targetGroup}`)}</dd>
        <dt>{t("residents.disability")}</dt>
        <dd>{t(`residents.disabilities.${resident.disability}`)}</dd>
        <dt>{t("residents.legalCapacity")}</dt>
        <dd>{t(`residents.legalCapacities.${resident.legalCapacity}`)}</dd>
        {resident.guardianName ? (
          <>
            <dt>{t("residents.guardianName")}</dt>
            <dd>
              {resident.guardianName}
              {resident.guardianDecision ? ` (${resident.guardianDecision})` : ""}
            </dd>
          </>
        ) : null}
        <dt>{t("transitions.openedOn")}</dt>
        <dd>{formatDate(openedOn, locale)}</dd>
      </dl>
    </section>
  );
}
