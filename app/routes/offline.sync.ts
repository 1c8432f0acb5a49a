import type { ActionFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "#app/i18next.server";
import { offlineWriteSchema } from "#app/modules/offline/schemas.server";
import { applyOfflineWrite } from "#app/modules/offline/service.server";
import { requireApiUserWithPermission } from "#app/utils/auth.server";
import { isAppError } from "#app/utils/errors";
import { isSameOrigin } from "#app/utils/form.server";
import { flattenIssues } from "#app/utils/issues";
import { translateMessage } from "#app/utils/message";

/** Largest queued write accepted (a note of 4,000 characters and its fields fit many times over). */
const MAX_BYTES = 64 * 1024;

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/**
 * One write queued on a device while offline (issue #17, decision 031). Answers, in JSON:
 * 200 `sent` (also for a key already applied), 409 `conflict` with the server's version,
 * 4xx `refused` with the reason in the worker's language, 401 when the session is gone.
 * Validation, permission, scope and versions are the forms' own (`applyOfflineWrite`).
 */
export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireApiUserWithPermission(request, "write:transitions");
  const locale = await resolveLocale(request, ctx.actor.locale);
  const t = await getFixedT(locale);
  const refuse = (status: number, key: string, values?: Record<string, string | number>, field?: string) =>
    json({ status: "refused", reason: translateMessage(t, key, values, locale), field: field ?? null }, status);
  if (!isSameOrigin(request)) return refuse(403, "errors.crossSite");
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json"))
    return refuse(415, "offline.errors.notJson");
  const text = await request.text();
  if (text.length > MAX_BYTES) return refuse(413, "errors.tooLarge");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refuse(400, "offline.errors.notJson");
  }
  const parsed = offlineWriteSchema.safeParse(body);
  if (!parsed.success) {
    const [field, error] = Object.entries(flattenIssues(parsed.error.issues))[0]!;
    return refuse(400, error.key, error.values, field.replace(/^payload\./, ""));
  }
  try {
    const outcome = applyOfflineWrite(ctx, parsed.data);
    if (outcome.status === "sent") return json(outcome);
    const theirs =
      outcome.conflict === "closed"
        ? { ...outcome.theirs, stateLabel: t(`transitions.states.${String(outcome.theirs.state)}`) }
        : outcome.theirs;
    return json({ ...outcome, theirs }, 409);
  } catch (e) {
    if (isAppError(e)) return refuse(e.status === 409 ? 400 : e.status, e.messageKey, e.values, e.field);
    throw e;
  }
}
