import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { FormError } from "#app/components/form-messages";
import { periodsSchema } from "#app/modules/grants/schemas.server";
import { getGrant, updatePeriods } from "#app/modules/grants/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { formatDate, formatMoney, formatNumber } from "#app/utils/format";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import { useCan } from "#app/utils/user";
import type { FieldError } from "#app/utils/issues";
import { revalidateOnConflict } from "#app/utils/revalidate";

export const handle = { titleKey: "grants.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:grants");
  const id = numericParam(params, "grantId");
  return orErrorPage(() => getGrant(ctx, id));
}

/** The reporting periods, edited as one list. */
export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:grants");
  const id = numericParam(params, "grantId");
  const form = await parseForm(request, periodsSchema);
  if (!form.ok) return form.response;
  return orFormError(() => {
    updatePeriods(ctx, id, form.data);
    return redirectWithFlash(`/grants/${id}`, { key: "grants.periodsUpdated" });
  }, form.values);
}

export default function GrantPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { grant: g, institutions, targets, periods, municipalityName } = useLoaderData<typeof loader>();
  const canWrite = useCan("write:grants");
  const date = (d: string) => formatDate(d, locale, "UTC");
  return (
    <>
      <div className="title-row">
        <h1>
          {g.title} <span className="count">{g.contractNumber}</span>
        </h1>
        <div className="button-row">
          <Link to={`/grants/${g.id}/dashboard`} className="button secondary">
            {t("grants.dashboard")}
          </Link>
          {canWrite ? (
            <Link to={`/grants/${g.id}/edit`} className="button secondary">
              {t("grants.edit")}
            </Link>
          ) : null}
        </div>
      </div>
      <dl className="facts">
        <dt>{t("grants.programme")}</dt>
        <dd>{g.programme}</dd>
        <dt>{t("grants.funder")}</dt>
        <dd>{g.funder}</dd>
        <dt>{t("grants.budget")}</dt>
        <dd>{formatMoney(g.budgetMinor / 100, g.currency, locale)}</dd>
        <dt>{t("grants.period")}</dt>
        <dd>
          {date(g.startsOn)} – {date(g.endsOn)}
        </dd>
        <dt>{t("grants.ageScheme")}</dt>
        <dd>{t(`grants.ageSchemes.${g.ageScheme}`)}</dd>
        <dt>{t("grants.institutions")}</dt>
        <dd>{institutions.map((i) => i.name).join(", ")}</dd>
        {municipalityName ? (
          <>
            <dt>{t("grants.municipality")}</dt>
            <dd>{municipalityName}</dd>
          </>
        ) : null}
        {g.partners.length > 0 ? (
          <>
            <dt>{t("grants.partners")}</dt>
            <dd>{g.partners.join("; ")}</dd>
          </>
        ) : null}
      </dl>

      <h2>{t("grants.targets")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("grants.indicator")}</th>
            <th scope="col">{t("grants.unit")}</th>
            <th scope="col" className="num">
              {t("grants.baseline")}
            </th>
            <th scope="col" className="num">
              {t("grants.target")}
            </th>
          </tr>
        </thead>
        <tbody>
          {targets.map((tg) => (
            <tr key={tg.indicatorCode}>
              <th scope="row">{t(`indicators.${tg.indicatorCode}`)}</th>
              <td>{t(`grants.units.${tg.unit}`)}</td>
              <td className="num">{formatNumber(tg.baseline, locale)}</td>
              <td className="num">{formatNumber(tg.target, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t("grants.periodsTitle")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("grants.periodColumn")}</th>
            <th scope="col">{t("grants.startsOn")}</th>
            <th scope="col">{t("grants.endsOn")}</th>
            <th scope="col">{t("grants.openReport")}</th>
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => (
            <tr key={p.id}>
              <th scope="row">{t("grants.periodN", { n: p.seq })}</th>
              <td>{date(p.startsOn)}</td>
              <td>{date(p.endsOn)}</td>
              <td>
                <Link to={`/grants/${g.id}/periods/${p.id}`}>
                  {t(`grants.reportStates.${p.reportState ?? "none"}`)}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canWrite ? <PeriodsEditor version={g.version} periods={periods} /> : null}
    </>
  );
}

/** A plain form (rows are added and removed in the page); the server checks the whole list. */
function PeriodsEditor({
  version,
  periods,
}: {
  version: number;
  periods: { startsOn: string; endsOn: string; reportState: string | null }[];
}) {
  const { t } = useTranslation();
  const failure = useActionData() as
    | {
        ok: false;
        formError?: FieldError;
        fieldErrors?: Record<string, FieldError>;
        values?: { startsOn?: string | string[]; endsOn?: string | string[] };
      }
    | undefined;
  const sent = failure?.values;
  const arr = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  const [rows, setRows] = useState(() => {
    const s = arr(sent?.startsOn);
    const e = arr(sent?.endsOn);
    return s && e
      ? s.map((startsOn, i) => ({ startsOn, endsOn: e[i] ?? "", reportState: null as string | null }))
      : periods;
  });
  const fieldError = failure?.fieldErrors ? Object.values(failure.fieldErrors)[0] : undefined;
  return (
    <details className="item-form" open={!!failure}>
      <summary>{t("grants.editPeriods")}</summary>
      <p className="hint">{t("grants.periodsHint")}</p>
      <FormError error={failure?.formError ?? fieldError} />
      <Form method="post" className="stack">
        <input type="hidden" name="version" value={version} />
        {rows.map((r, i) => (
          <fieldset key={i} className="inline-form">
            <legend>{t("grants.periodN", { n: i + 1 })}</legend>
            <label>
              {t("grants.startsOn")}{" "}
              <input
                type="date"
                name="startsOn"
                defaultValue={r.startsOn}
                readOnly={r.reportState === "submitted"}
                required
              />
            </label>
            <label>
              {t("grants.endsOn")}{" "}
              <input
                type="date"
                name="endsOn"
                defaultValue={r.endsOn}
                readOnly={r.reportState === "submitted"}
                required
              />
            </label>
          </fieldset>
        ))}
        <div className="button-row">
          <button
            type="button"
            className="button secondary"
            onClick={() => setRows((rs) => [...rs, { startsOn: "", endsOn: "", reportState: null }])}
          >
            {t("grants.addPeriod")}
          </button>
          <button
            type="button"
            className="button secondary"
            disabled={rows.length <= 1 || rows.at(-1)?.reportState != null}
            onClick={() => setRows((rs) => rs.slice(0, -1))}
          >
            {t("grants.removeLast")}
          </button>
          <button type="submit" className="button">
            {t("grants.savePeriods")}
          </button>
        </div>
      </Form>
    </details>
  );
}
