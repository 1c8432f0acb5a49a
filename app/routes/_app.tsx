import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { AppHeader } from "~/components/app-header";
import { RouteErrorView } from "~/components/error-page";
import { FlashMessage } from "~/components/flash-message";
import { requireUser } from "~/utils/auth.server";

/** The signed-in shell: every page under it needs a session. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export default function AppShell() {
  return (
    <>
      <AppHeader />
      <main id="main" className="page">
        <FlashMessage />
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  return (
    <>
      <AppHeader />
      <main id="main" className="page">
        <RouteErrorView />
      </main>
    </>
  );
}
