import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getSession } from "#app/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request);
  return redirect(session.status === "active" ? "/dashboard" : "/login");
}
