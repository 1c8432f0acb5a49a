import type { ShouldRevalidateFunction } from "@remix-run/react";

/**
 * A refused write leaves the page's data as it was (single fetch skips revalidation after a 4xx),
 * except a conflict: someone else saved first, so the page reloads its data and shows what is
 * saved now, while the form keeps what the user typed (decisions 016 and 026). Every route with
 * a loader and an action exports it (tests/unit/revalidate-routes.test.ts checks).
 */
export const revalidateOnConflict: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

/**
 * The root's data carry the one-time message of the last redirect ("Step recorded"). After any
 * form is sent the root loads again, whatever the answer, so that message does not stay beside
 * the refusal of the next action (the flash cookie was cleared when it was first shown). The
 * root loader reads only the session and the flash.
 */
export const revalidateRootAfterActions: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  (formMethod !== undefined && formMethod.toUpperCase() !== "GET") || defaultShouldRevalidate;
