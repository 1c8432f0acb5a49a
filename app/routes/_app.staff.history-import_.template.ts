import type { LoaderFunctionArgs } from "@remix-run/node";
import { isLocale } from "#app/i18n";
import { getFixedT, resolveLocale } from "#app/i18next.server";
import { staffHistoryTemplate } from "#app/modules/history/staff.server";
import { TEMPLATE_CONTENT_TYPES, type TemplateFormat } from "#app/modules/history/template.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { fileResponse } from "#app/utils/headers.server";

/** The template of the staff history import: `?lang=en|pl|bg` (default: the user's) and `?format=csv|xlsx`. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:staff");
  const url = new URL(request.url);
  const asked = url.searchParams.get("lang");
  const lang = asked && isLocale(asked) ? asked : await resolveLocale(request, ctx.actor.locale);
  const format: TemplateFormat = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const body = await staffHistoryTemplate(lang, format, await getFixedT(lang));
  return fileResponse(body, {
    contentType: TEMPLATE_CONTENT_TYPES[format],
    fileName: `staff-history-${lang}.${format}`,
  });
}
