import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { translateMessage } from "#app/utils/message";

export function ErrorPage({ status, title, body }: { status: number; title: string; body: string }) {
  const { t } = useTranslation();
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{title}</h1>
      <p>{body}</p>
      <p>
        <Link to="/">{t("errors.backHome")}</Link>
      </p>
    </section>
  );
}

/** The one way an error becomes a page: localized, and never a stack trace. */
export function RouteErrorView() {
  const error = useRouteError();
  const { t, i18n } = useTranslation();
  if (isRouteErrorResponse(error)) {
    const payload = error.data as { messageKey?: string; values?: Record<string, string> } | null;
    const key =
      error.status === 404
        ? "notFound"
        : error.status === 403
          ? "forbidden"
          : error.status < 500
            ? "badRequest"
            : "server";
    const body = payload?.messageKey
      ? translateMessage(t, payload.messageKey, payload.values, i18n.language)
      : t(`errors.${key}.body`);
    return <ErrorPage status={error.status} title={t(`errors.${key}.title`)} body={body} />;
  }
  return <ErrorPage status={500} title={t("errors.server.title")} body={t("errors.server.body")} />;
}
