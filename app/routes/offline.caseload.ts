import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT } from "#app/i18next.server";
import { offlineCopy } from "#app/modules/offline/service.server";
import { requireApiUserWithPermission } from "#app/utils/auth.server";

/**
 * The device's copy of the signed-in case worker's caseload (issue #17, decision 030): JSON,
 * never stored by the HTTP cache (`no-store`); the page keeps it in IndexedDB with the user's id.
 * Stage and service names come translated in the worker's language (the offline page has no
 * catalogue of its own).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireApiUserWithPermission(request, "write:transitions");
  const locale = ctx.actor.locale ?? "en";
  const t = await getFixedT(locale);
  const cases = offlineCopy(ctx).map((c) => ({
    ...c,
    stateLabel: t(`transitions.states.${c.state}`),
    services: c.services.map((s) => ({ ...s, label: t(`catalogues.services.${s.serviceType}`) })),
  }));
  return new Response(JSON.stringify({ userId: ctx.actor.id, locale, copiedAt: ctx.now.toISOString(), cases }), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}
