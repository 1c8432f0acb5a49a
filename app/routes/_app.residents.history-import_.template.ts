import type { LoaderFunctionArgs } from "@remix-run/node";
import { isLocale } from "#app/i18n";
import { getFixedT, resolveLocale } from "#app/i18next.server";
import { residentHistoryTemplate } from "#app/modules/history/residents.server";
import { TEMPLATE_CONTENT_TYPES, type TemplateFormat } from "#app/modules/history/template.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { fileResponse } from "#app/utils/headers.server";

/**
 * The template of the resident history import: `?lang=en|pl|bg` (default: the user's language)
 * and `?format=csv|xlsx` (default CSV). Column names and the example row in that language.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  const url = new URL(request.url);
  const asked = url.searchParams.get("lang");
  const lang = asked && isLocale(asked) ? asked : await resolveLocale(request, ctx.actor.locale);
  const format: TemplateFormat = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const body = await residentHistoryTemplate(lang, format, await getFixedT(lang));
  return fileResponse(body, {
    contentType: TEMPLATE_CONTENT_TYPES[format],
    fileName: `resident-history-${lang}.${format}`,
  });
}
