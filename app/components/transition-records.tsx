import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import type { residentPage } from "#app/modules/transitions/page.server";
import { formatDate } from "#app/utils/format";

type Page = ReturnType<typeof residentPage>;
type Jsonified<T> = T extends Date ? string : T extends object ? { [K in keyof T]: Jsonified<T[K]> } : T;

/** The four records of a transition on the resident's page: assessment, plan, consent, housing place. */
export function TransitionRecords({
  base,
  legalCapacity,
  assessment,
  plan,
  consents,
  placements,
}: {
  base: string;
  legalCapacity: Page["resident"]["legalCapacity"];
  assessment: Jsonified<Page["assessment"]>;
  plan: Jsonified<Page["plan"]>;
  consents: Jsonified<Page["consents"]>;
  placements: Jsonified<Page["placements"]>;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const currentConsent = consents.filter((c) => !c.withdrawnOn).at(-1);
  const reservation = placements.find((p) => p.placement.status === "reserved");
  const activePlacement = placements.find((p) => p.placement.status === "active");
  return (
    <div className="grid-2">
      <section aria-labelledby="assessment-title" className="panel">
        <h2 id="assessment-title">{t("transitions.assessment.title")}</h2>
        <p>
          {assessment?.completedOn
            ? t("transitions.assessment.completed", {
                date: formatDate(assessment.completedOn, locale),
                by: assessment.completedByName ?? "",
              })
            : assessment
              ? t("transitions.assessment.draft")
              : t("transitions.assessment.none")}
        </p>
        <Link to={`${base}/assessment`}>{t("transitions.open")}</Link>
      </section>
      <section aria-labelledby="plan-title" className="panel">
        <h2 id="plan-title">{t("transitions.plan.title")}</h2>
        <p>
          {plan?.status === "approved"
            ? plan.approvedByName
              ? t("transitions.plan.approvedImported", {
                  date: formatDate(plan.approvedOn, locale),
                  name: plan.approvedByName,
                  author: plan.preparedByName ?? "—",
                })
              : t("transitions.plan.approved", { date: formatDate(plan.approvedOn, locale) })
            : plan
              ? t("transitions.plan.draft")
              : t("transitions.plan.none")}
        </p>
        <Link to={`${base}/plan`}>{t("transitions.open")}</Link>
      </section>
      <section aria-labelledby="consent-title" className="panel">
        <h2 id="consent-title">{t("transitions.consent.title")}</h2>
        <p>
          {currentConsent
            ? t("transitions.consent.given", {
                who: t(`transitions.consent.givers.${currentConsent.givenBy}`),
                date: formatDate(currentConsent.givenOn, locale),
              })
            : t("transitions.consent.none")}
        </p>
        <p className="hint">{t(`transitions.consent.required.${legalCapacity}`)}</p>
        <Link to={`${base}/consent`}>{t("transitions.open")}</Link>
      </section>
      <section aria-labelledby="place-title" className="panel">
        <h2 id="place-title">{t("transitions.placement.title")}</h2>
        <p>
          {activePlacement
            ? t("transitions.placement.living", {
                unit: activePlacement.unitName,
                date: formatDate(activePlacement.placement.movedInOn, locale),
              })
            : null}
          {activePlacement && reservation ? <br /> : null}
          {reservation ? t("transitions.placement.reserved", { unit: reservation.unitName }) : null}
          {!activePlacement && !reservation ? t("transitions.placement.none") : null}
        </p>
        <Link to={`${base}/placement`}>{t("transitions.open")}</Link>
      </section>
    </div>
  );
}
