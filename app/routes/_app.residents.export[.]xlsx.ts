import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, resolveLocale } from "#app/i18next.server";
import { residentsWorkbook } from "#app/modules/residents/export.server";
import { residentFiltersSchema } from "#app/modules/residents/schemas.server";
import { exportResidents } from "#app/modules/residents/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { fileResponse } from "#app/utils/headers.server";

/** The resident list with the page's filters and order (every page of it) as XLSX; audited, never cached. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "read:residents");
  const f = residentFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = exportResidents(ctx, { ...f, overdue: f.overdue === "1" });
  const t = await getFixedT(await resolveLocale(request, ctx.actor.locale));
  const body = await residentsWorkbook(t, rows);
  return fileResponse(body, {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    fileName: "residents.xlsx",
  });
}
