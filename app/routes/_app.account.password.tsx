import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { changePasswordSchema } from "#app/modules/users/schemas.server";
import { changeOwnPassword } from "#app/modules/users/service.server";
import { lockoutPolicy, requireUser, sessionCookie, sessionPolicy } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "account.password.title" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

/** Every signed-in user may change their own password; all their sessions end, a new one starts. */
export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUser(request);
  const form = await parseForm(request, changePasswordSchema);
  if (!form.ok) return form.response;
  return orFormError(async () => {
    const token = await changeOwnPassword(ctx, form.data, {
      policy: sessionPolicy(),
      lockout: lockoutPolicy(),
      userAgent: request.headers.get("user-agent"),
    });
    return redirectWithFlash(
      "/dashboard",
      { key: "account.password.changed" },
      { headers: { "Set-Cookie": await sessionCookie().serialize(token) } },
    );
  }, {});
}

type Values = { currentPassword: string; newPassword: string; confirmPassword: string };

export default function ChangePassword() {
  const { t } = useTranslation();
  const f = useValidatedForm<Values>(() => import("#app/modules/users/schemas").then((m) => m.changePasswordSchema), {
    currentPassword: "",
    newPassword: "",
    confirmPassword: "",
  });
  return (
    <>
      <h1>{t("account.password.title")}</h1>
      <p className="lead">{t("account.password.lead")}</p>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack narrow">
        <Field label={t("account.password.current")} name="currentPassword" error={f.errorFor("currentPassword")}>
          {(a) => (
            <input {...a} type="password" autoComplete="current-password" {...f.form.register("currentPassword")} />
          )}
        </Field>
        <Field
          label={t("account.password.new")}
          name="newPassword"
          error={f.errorFor("newPassword")}
          hint={t("users.passwordHint")}
        >
          {(a) => <input {...a} type="password" autoComplete="new-password" {...f.form.register("newPassword")} />}
        </Field>
        <Field label={t("account.password.confirm")} name="confirmPassword" error={f.errorFor("confirmPassword")}>
          {(a) => <input {...a} type="password" autoComplete="new-password" {...f.form.register("confirmPassword")} />}
        </Field>
        <button type="submit" className="button">
          {t("account.password.submit")}
        </button>
      </Form>
    </>
  );
}
