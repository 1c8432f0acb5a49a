import { DEMO_ACCOUNTS } from "#db/seed/demo-accounts";
import type { Env } from "#app/utils/env.server";

/** An address only this machine can reach. */
export function isLoopback(host: string | undefined): boolean {
  if (!host) return false;
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

export type DemoSignIns =
  { shown: true; accounts: { email: string; role: string; password: string | null }[] } | { shown: false } | null;

/**
 * What the sign-in page says about the demo sign-ins (issue #16 finding 8, docs/decisions/021):
 * nothing outside demo mode; in demo mode the table only while the server listens on loopback
 * (HOST=127.0.0.1, the default of `npm start` in demo mode), and never the administrator's
 * password, which the terminal that started the server prints. Reachable from a network, the
 * page only says where the sign-ins are.
 */
export function demoSignIns(env: Pick<Env, "DEMO_MODE" | "HOST">): DemoSignIns {
  if (!env.DEMO_MODE) return null;
  if (!isLoopback(env.HOST)) return { shown: false };
  return {
    shown: true,
    accounts: DEMO_ACCOUNTS.map(({ email, password, role }) => ({
      email,
      role,
      password: role === "admin" ? null : password,
    })),
  };
}
