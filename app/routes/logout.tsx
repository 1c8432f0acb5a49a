import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "#app/modules/auth/service.server";
import { getSession, readSessionToken, sessionCookie } from "#app/utils/auth.server";
import { getDb } from "#app/utils/db.server";
import { isSameOrigin } from "#app/utils/form.server";
import { getClientIp, getRequestId } from "#app/utils/request.server";

/** Signing out is a POST; a GET only sends you home (no GET changes data). */
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  if (!isSameOrigin(request)) return redirect("/");
  const session = await getSession(request);
  signOut(getDb(), await readSessionToken(request), session.status === "active" ? session.actor : null, {
    now: new Date(),
    requestId: getRequestId(request),
    ip: getClientIp(request),
  });
  return redirect("/login", { headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) } });
}
