import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { localeCookie } from "#app/i18next.server";
import { setOwnLocale } from "#app/modules/users/service.server";
import { setLanguageSchema } from "#app/modules/users/schemas.server";
import { getOptionalContext } from "#app/utils/auth.server";
import { failureResponse, parseForm } from "#app/utils/form.server";
import { safeRedirectPath } from "#app/utils/request.server";

export async function loader() {
  return redirect("/");
}

/** Stores the chosen language: on the account when signed in, and in a cookie for the sign-in page. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, setLanguageSchema);
  if (!form.ok) return failureResponse(form.response);
  const ctx = await getOptionalContext(request);
  if (ctx) setOwnLocale(ctx, form.data.locale);
  return redirect(safeRedirectPath(form.data.redirectTo, "/"), {
    headers: { "Set-Cookie": await localeCookie.serialize(form.data.locale) },
  });
}
