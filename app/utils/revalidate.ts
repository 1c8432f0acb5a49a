import type { ShouldRevalidateFunction } from "@remix-run/react";

/**
 * A refused write leaves the page's data as it was (single fetch skips revalidation after a 4xx),
 * except a conflict: someone else saved first, so the page reloads its data and shows what is
 * saved now, while the form keeps what the user typed (decision 016).
 */
export const revalidateOnConflict: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;
