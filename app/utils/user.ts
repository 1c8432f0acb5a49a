import { useRootData } from "#app/root";
import { userHasPermission, type Permission } from "./permissions";

export function useOptionalUser() {
  return useRootData()?.user ?? null;
}

/** The UI's permission check: the same table the server uses. */
export function useCan(permission: Permission): boolean {
  return userHasPermission(useOptionalUser(), permission);
}
