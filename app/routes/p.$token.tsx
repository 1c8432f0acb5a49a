import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getFixedT } from "#app/i18next.server";
import { publicSummary, type PublicFigure } from "#app/modules/plans/publication.server";
import { getDb } from "#app/utils/db.server";
import { AppError } from "#app/utils/errors";
import { formatDate, formatNumber } from "#app/utils/format";
import { orErrorPage } from "#app/utils/route.server";

/**
 * A plan's public progress summary (issue #16): no sign-in, only while published, in the
 * language the working group chose (the words are made here, on the server, in that language).
 * Aggregates only: no name, code or personal characteristic; counts of fewer than the threshold
 * of persons are hidden. Not cached (decision 022): the page is withdrawn at once on unpublish.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const s = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? publicSummary(getDb(), token, new Date()) : null;
  if (!s)
    return orErrorPage(() => {
      throw new AppError("not_found", "errors.notFound.body");
    });
  const t = await getFixedT(s.locale);
  const date = (d: string | null) => (d ? formatDate(d, s.locale) : "—");
  const figure = (n: PublicFigure) =>
    n === null ? t("plans.publicSummary.hidden", { threshold: s.threshold }) : formatNumber(n, s.locale);
  return {
    lang: s.locale,
    heading: t("plans.publicSummary.heading", { title: s.title }),
    area: t("plans.publicSummary.area", { name: s.municipalityName }),
    versionLine: t("plans.publicSummary.versionLine", {
      n: s.versionNumber,
      state: t(`plans.states.${s.state}`),
      from: date(s.periodFrom),
      to: date(s.periodTo),
    }),
    asOf: s.asOf ? t("plans.publicSummary.asOf", { date: date(s.asOf) }) : t("plans.publicSummary.notCounted"),
    privacy: t("plans.publicSummary.privacy", { threshold: s.threshold }),
    goalsTitle: t("plans.publicSummary.goals"),
    goals: s.goals,
    noGoals: t("plans.noItems"),
    indicatorsTitle: t("plans.publicSummary.indicators"),
    columns: {
      indicator: t("grants.indicator"),
      actual: t("plans.publicSummary.actual"),
      target: t("plans.publicSummary.finalTarget"),
      date: t("plans.date"),
      milestone: t("plans.milestone"),
      status: t("plans.status"),
      targets: t("plans.targetsActual"),
    },
    indicators: s.indicators.map((i) => ({
      code: i.code,
      name: t(`indicators.${i.code}`),
      actual: s.asOf ? figure(i.actual) : "—",
      target: formatNumber(i.finalTarget, s.locale),
      hidden: s.asOf !== null && i.actual === null,
    })),
    milestonesTitle: t("plans.milestones"),
    milestones: s.milestones.map((m) => ({
      title: m.title,
      date: date(m.date),
      status: m.status ? t(`plans.milestoneStatuses.${m.status}`) : "—",
      targets: m.targets.map(
        (x) =>
          `${t(`indicators.${x.code}`)}: ${m.status ? figure(x.actual) : "—"} / ${formatNumber(x.target, s.locale)}`,
      ),
    })),
  };
}

export default function PublicSummaryPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <main id="main" className="page" lang={d.lang}>
      <h1 className="header-line">{d.heading}</h1>
      <p className="lead">{d.area}</p>
      <p className="muted">{d.versionLine}</p>
      <p className="muted" data-testid="as-of">
        {d.asOf}
      </p>

      <h2>{d.goalsTitle}</h2>
      {d.goals.length === 0 ? (
        <p>{d.noGoals}</p>
      ) : (
        <ul>
          {d.goals.map((g, i) => (
            <li key={i}>
              <strong>{g.title}</strong>
              {g.description ? <p className="prewrap">{g.description}</p> : null}
            </li>
          ))}
        </ul>
      )}

      <h2>{d.indicatorsTitle}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{d.columns.indicator}</th>
              <th scope="col" className="num">
                {d.columns.actual}
              </th>
              <th scope="col" className="num">
                {d.columns.target}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.indicators.map((i) => (
              <tr key={i.code} data-indicator={i.code}>
                <th scope="row">{i.name}</th>
                <td className="num" data-hidden={i.hidden ? "true" : undefined}>
                  {i.actual}
                </td>
                <td className="num">{i.target}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{d.milestonesTitle}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{d.columns.date}</th>
              <th scope="col">{d.columns.milestone}</th>
              <th scope="col">{d.columns.status}</th>
              <th scope="col">{d.columns.targets}</th>
            </tr>
          </thead>
          <tbody>
            {d.milestones.map((m, i) => (
              <tr key={i}>
                <td>{m.date}</td>
                <td>{m.title}</td>
                <td>{m.status}</td>
                <td>
                  {m.targets.map((x) => (
                    <div key={x}>{x}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint" data-testid="privacy-note">
        {d.privacy}
      </p>
    </main>
  );
}
