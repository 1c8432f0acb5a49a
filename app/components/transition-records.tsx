import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
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
  today,
  canAct,
}: {
  base: string;
  today: string;
  canAct: boolean;
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
        {reservation ? <ExpiryLine expiresOn={reservation.placement.expiresOn} today={today} /> : null}
        {reservation && canAct ? (
          <ReservationExpiryForm
            placementId={reservation.placement.id}
            version={reservation.placement.version}
            expiresOn={reservation.placement.expiresOn}
          />
        ) : null}
        <Link to={`${base}/placement`}>{t("transitions.open")}</Link>
      </section>
    </div>
  );
}

/**
 * The day a reserved place is held until, in words (decision 047): an expired reservation still
 * holds the place and says so, with what to do.
 */
export function ExpiryLine({ expiresOn, today }: { expiresOn: string | null; today: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (!expiresOn) return <p className="muted">{t("transitions.placement.noExpiry")}</p>;
  const date = formatDate(expiresOn, locale);
  return expiresOn < today ? (
    <p className="expired">{t("transitions.placement.expired", { date })}</p>
  ) : (
    <p>{t("transitions.placement.heldUntil", { date })}</p>
  );
}

/** Sets, extends or clears "held until" while the place is reserved; the task "reservation expiring" opens it. */
function ReservationExpiryForm({
  placementId,
  version,
  expiresOn,
}: {
  placementId: number;
  version: number;
  expiresOn: string | null;
}) {
  const { t } = useTranslation();
  const f = useValidatedForm<Record<string, string>>(
    () => import("#app/modules/transitions/schemas").then((m) => m.reservationExpirySchema),
    { intent: "expiry", placementId: String(placementId), expiresOn: expiresOn ?? "", version: String(version) },
    { intent: "expiry" },
  );
  return (
    <Form
      method="post"
      onSubmit={f.onSubmit}
      noValidate
      className="stack"
      id="reservation-expiry"
      aria-labelledby="reservation-expiry-title"
    >
      <h3 id="reservation-expiry-title">{t("transitions.placement.expiryTitle")}</h3>
      <ErrorSummary form={f} />
      <input type="hidden" name="intent" value="expiry" />
      <input type="hidden" name="placementId" value={placementId} />
      <input type="hidden" name="version" value={version} />
      <Field
        label={t("transitions.placement.expiresOn")}
        name="expiresOn"
        error={f.errorFor("expiresOn")}
        hint={t("transitions.placement.expiresOnHint")}
      >
        {(a) => <input {...a} type="date" defaultValue={f.initial("expiresOn")} {...f.form.register("expiresOn")} />}
      </Field>
      <button type="submit" className="button secondary">
        {t("transitions.placement.saveExpiry")}
      </button>
    </Form>
  );
}
