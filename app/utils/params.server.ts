import { AppError } from "./errors";
import { idParam } from "./validation";

/** A numeric route parameter, or 404. */
export function numericParam(params: Record<string, string | undefined>, name: string): number {
  const parsed = idParam.safeParse(params[name]);
  if (!parsed.success) throw new AppError("not_found", "errors.notFound.body");
  return parsed.data;
}

export const residentIdParam = (params: Record<string, string | undefined>) => numericParam(params, "residentId");

/** `?version=n` of a plan's pages and exports: a positive whole number, else undefined (the latest). */
export function versionQuery(request: Request): number | undefined {
  const wanted = Number(new URL(request.url).searchParams.get("version"));
  return Number.isInteger(wanted) && wanted > 0 ? wanted : undefined;
}

/** `?<name>=n`: a positive whole number, else undefined. */
export function idQuery(request: Request, name: string): number | undefined {
  const parsed = idParam.safeParse(new URL(request.url).searchParams.get(name) ?? undefined);
  return parsed.success ? parsed.data : undefined;
}
