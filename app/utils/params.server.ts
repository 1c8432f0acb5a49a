import { AppError } from "./errors";
import { idParam } from "./validation";

/** A numeric route parameter, or 404. */
export function numericParam(params: Record<string, string | undefined>, name: string): number {
  const parsed = idParam.safeParse(params[name]);
  if (!parsed.success) throw new AppError("not_found", "errors.notFound.body");
  return parsed.data;
}

export const residentIdParam = (params: Record<string, string | undefined>) => numericParam(params, "residentId");
