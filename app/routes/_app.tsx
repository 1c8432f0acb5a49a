import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { AppHeader } from "#app/components/app-header";
import { RouteErrorView } from "#app/components/error-page";
import { FlashMessage } from "#app/components/flash-message";
import { countTasks } from "#app/modules/caseload/tasks.server";
import { requireUser } from "#app/utils/auth.server";
import { roleHasPermission } from "#app/utils/permissions";

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
