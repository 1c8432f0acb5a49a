import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AppHeader } from "#app/components/app-header";
import { Field, FormError } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { demoSignIns } from "#app/modules/auth/demo.server";
import { signIn } from "#app/modules/auth/service.server";
import { signInSchema } from "#app/modules/users/schemas.server";
import { getSession, lockoutPolicy, sessionCookie, sessionPolicy } from "#app/utils/auth.server";
import { getDb } from "#app/utils/db.server";
import { getEnv } from "#app/utils/env.server";
import { formFailure, parseForm } from "#app/utils/form.server";
import { getClientIp, getRequestId, safeRedirectPath } from "#app/utils/request.server";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "auth.title" };

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request);
  const url = new URL(request.url);
  if (session.status === "active") throw redirect(safeRedirectPath(url.searchParams.get("redirectTo"), "/dashboard"));
  const reason = url.searchParams.get("reason");
  return {
    notice: reason === "expired" ? "auth.sessionExpired" : reason === "disabled" ? "auth.accountDisabled" : null,
    redirectTo: safeRedirectPath(url.searchParams.get("redirectTo"), "/dashboard"),
    demo: demoSignIns(getEnv()),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, signInSchema);
  if (!form.ok) return form.response;
  const result = await signIn(
    getDb(),
    {
      email: form.data.email,
      password: form.data.password,
      now: new Date(),
      requestId: getRequestId(request),
      ip: getClientIp(request),
      userAgent: request.headers.get("user-agent"),
    },
    { session: sessionPolicy(), lockout: lockoutPolicy() },
  );
  const values = { email: form.data.email, redirectTo: form.data.redirectTo ?? "" };
  if (!result.ok) {
    if (result.reason === "locked") {
      return formFailure(423, { formError: { key: "auth.locked", values: { until: `at:${result.until}` } }, values });
    }
    if (result.reason === "disabled") {
      return formFailure(403, { formError: { key: "auth.accountDisabled" }, values });
    }
    return formFailure(401, { formError: { key: "auth.invalid" }, values });
  }
  return redirect(safeRedirectPath(form.data.redirectTo, "/dashboard"), {
    headers: { "Set-Cookie": await sessionCookie().serialize(result.token) },
  });
}

type SignInValues = { email: string; password: string; redirectTo: string };

export default function Login() {
  const { t } = useTranslation();
  const { notice, redirectTo, demo } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { form, onSubmit, errorFor, initial, formError } = useValidatedForm<SignInValues>(
    () => import("#app/modules/users/schemas").then((m) => m.signInSchema),
    {
      email: "",
      password: "",
      redirectTo,
    },
  );
  return (
    <>
      <AppHeader />
      <main id="main" className="page narrow">
        <h1>{t("auth.title")}</h1>
        <p>{t("auth.intro")}</p>
        {notice ? (
          <div role="status" className="flash flash-info">
            {t(notice)}
          </div>
        ) : null}
        <FormError error={formError} />
        <Form method="post" onSubmit={onSubmit} noValidate className="stack">
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Field label={t("auth.email")} name="email" error={errorFor("email")}>
            {(a) => (
              <input
                {...a}
                type="email"
                autoComplete="username"
                defaultValue={initial("email")}
                {...form.register("email")}
              />
            )}
          </Field>
          <Field label={t("auth.password")} name="password" error={errorFor("password")}>
            {(a) => <input {...a} type="password" autoComplete="current-password" {...form.register("password")} />}
          </Field>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("auth.submit")}
          </button>
        </Form>
        {demo?.shown ? (
          <aside className="demo-note" aria-labelledby="demo-title">
            <h2 id="demo-title">{t("auth.demoTitle")}</h2>
            <p>{t("auth.demoBody")}</p>
            {/* Scrolls in its box on a phone; focusable, so it scrolls from the keyboard too. */}
            <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="demo-title">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("users.role")}</th>
                    <th scope="col">{t("auth.email")}</th>
                    <th scope="col">{t("auth.password")}</th>
                  </tr>
                </thead>
                <tbody>
                  {demo.accounts.map((a) => (
                    <tr key={a.email}>
                      <td>{t(`roles.${a.role}`)}</td>
                      <td>
                        <code>{a.email}</code>
                      </td>
                      <td>{a.password ? <code>{a.password}</code> : t("auth.demoAdminPassword")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </aside>
        ) : demo ? (
          <aside className="demo-note" aria-labelledby="demo-title">
            <h2 id="demo-title">{t("auth.demoTitle")}</h2>
            <p>{t("auth.demoHidden")}</p>
          </aside>
        ) : null}
      </main>
    </>
  );
}
