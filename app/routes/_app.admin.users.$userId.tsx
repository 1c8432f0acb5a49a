import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { UserFields } from "#app/components/user-fields";
import { TimesIn } from "#app/components/times-in";
import {
  listAllInstitutionsForAdmin,
  municipalityChoices,
  userTimeZone,
} from "#app/modules/institutions/service.server";
import { userActionSchema } from "#app/modules/users/schemas.server";
import { getUser, resetPassword, setUserStatus, updateUser } from "#app/modules/users/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { formatDateTime } from "#app/utils/format";
import { numericParam } from "#app/utils/params.server";
import { orErrorPage, orFormError } from "#app/utils/route.server";
import type { Locale } from "#db/schema/enums";
import { revalidateOnConflict } from "#app/utils/revalidate";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "users.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:users");
  return orErrorPage(() => ({
    user: getUser(ctx, numericParam(params, "userId")),
    institutions: listAllInstitutionsForAdmin(ctx),
    municipalities: municipalityChoices(ctx),
    isSelf: ctx.actor.id === numericParam(params, "userId"),
    timeZone: userTimeZone(ctx),
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:users");
  const id = await orErrorPage(() => numericParam(params, "userId"));
  const form = await parseForm(request, userActionSchema);
  if (!form.ok) return form.response;
  const input = form.data;
  const here = `/admin/users/${id}`;
  return orFormError(async () => {
    switch (input.intent) {
      case "update":
        updateUser(ctx, id, input);
        return redirectWithFlash(here, { key: "users.updated" });
      case "resetPassword":
        await resetPassword(ctx, id, input);
        return redirectWithFlash(here, { key: "users.passwordReset" });
      case "disable":
      case "enable":
        setUserStatus(ctx, id, { version: input.version, status: input.intent === "disable" ? "disabled" : "active" });
        return redirectWithFlash(here, { key: input.intent === "disable" ? "users.disabled" : "users.enabled" });
    }
  }, form.values);
}

export default function EditUser() {
  const { t, i18n } = useTranslation();
  const { user, institutions, municipalities, isSelf, timeZone } = useLoaderData<typeof loader>();
  const update = useValidatedForm<{
    name: string;
    role: string;
    institutionIds: string[];
    municipalityIds: string[];
    countries: string[];
    intent: string;
    version: number;
  }>(
    () => import("#app/modules/users/schemas").then((m) => m.updateUserSchema),
    {
      name: user.name,
      role: user.role,
      institutionIds: user.institutionIds.map(String),
      municipalityIds: user.municipalityIds.map(String),
      countries: user.countries,
      intent: "update",
      version: user.version,
    },
    { intent: "update" },
  );
  const reset = useValidatedForm<{ password: string; intent: string; version: number }>(
    () => import("#app/modules/users/schemas").then((m) => m.resetPasswordSchema),
    {
      password: "",
      intent: "resetPassword",
      version: user.version,
    },
    { intent: "resetPassword" },
  );
  const locale = i18n.language as Locale;
  return (
    <>
      <h1>{user.name}</h1>
      <TimesIn zone={timeZone} />
      <dl className="facts">
        <dt>{t("users.email")}</dt>
        <dd>{user.email}</dd>
        <dt>{t("users.status")}</dt>
        <dd>{t(`users.statuses.${user.status}`)}</dd>
        <dt>{t("users.lastSignIn")}</dt>
        <dd>{user.lastSignInAt ? formatDateTime(user.lastSignInAt, locale, timeZone) : "—"}</dd>
        {user.lockedUntil && user.lockedUntil > new Date().toISOString() ? (
          <>
            <dt>{t("users.lockedUntil")}</dt>
            <dd>{formatDateTime(user.lockedUntil, locale, timeZone)}</dd>
          </>
        ) : null}
      </dl>
      <ErrorSummary form={[update, reset]} />

      <section aria-labelledby="edit-title" className="panel">
        <h2 id="edit-title">{t("users.editTitle")}</h2>
        <Form method="post" onSubmit={update.onSubmit} noValidate className="stack">
          <input type="hidden" name="version" value={user.version} />
          <UserFields
            form={update.form}
            errorFor={update.errorFor}
            initial={update.initial}
            institutions={institutions}
            granted={user.institutionIds}
            municipalities={municipalities}
            grantedAreas={user}
          />
          <button type="submit" name="intent" value="update" className="button">
            {t("common.save")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="reset-title" className="panel">
        <h2 id="reset-title">{t("users.resetTitle")}</h2>
        <p className="hint">{t("users.resetHint")}</p>
        <Form method="post" onSubmit={reset.onSubmit} noValidate className="stack">
          <input type="hidden" name="version" value={user.version} />
          <Field
            label={t("users.newPassword")}
            name="password"
            error={reset.errorFor("password")}
            hint={t("users.passwordHint")}
          >
            {(a) => <input {...a} type="password" autoComplete="new-password" {...reset.form.register("password")} />}
          </Field>
          <button type="submit" name="intent" value="resetPassword" className="button">
            {t("users.resetSubmit")}
          </button>
        </Form>
      </section>

      {isSelf ? null : (
        <section aria-labelledby="status-title" className="panel">
          <h2 id="status-title">{t("users.statusTitle")}</h2>
          <p className="hint">{user.status === "active" ? t("users.disableHint") : t("users.enableHint")}</p>
          <Form method="post">
            <input type="hidden" name="version" value={user.version} />
            {user.status === "active" ? (
              <button type="submit" name="intent" value="disable" className="button danger">
                {t("users.disable")}
              </button>
            ) : (
              <button type="submit" name="intent" value="enable" className="button">
                {t("users.enable")}
              </button>
            )}
          </Form>
        </section>
      )}
    </>
  );
}
