import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { AppHeader } from "~/components/app-header";
import { RouteErrorView } from "~/components/error-page";
import { FlashMessage } from "~/components/flash-message";
import { countTasks } from "~/modules/caseload/tasks.server";
import { requireUser } from "~/utils/auth.server";
import { roleHasPermission } from "~/utils/permissions";

/**
 * The signed-in shell: every page under it needs a session. A case worker's header shows the
 * number of their tasks (one query; decision 023 has its time on 80,000 residents).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  return { taskCount: roleHasPermission(ctx.actor.role, "write:transitions") ? countTasks(ctx) : null };
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
