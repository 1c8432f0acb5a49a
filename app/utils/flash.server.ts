import { createCookie, redirect } from "@remix-run/node";
import { getEnv } from "./env.server";

/** A message shown once on the page after a redirect ("User created."). */
export interface Flash {
  key: string;
  values?: Record<string, string | number>;
  kind?: "success" | "info" | "error";
}

let cookie: ReturnType<typeof createCookie> | undefined;
function flashCookie() {
  cookie ??= createCookie("__flash", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: getEnv().COOKIE_SECURE,
    secrets: [getEnv().SESSION_SECRET],
    maxAge: 60,
  });
  return cookie;
}

export async function redirectWithFlash(to: string, flash: Flash, init?: ResponseInit) {
  const headers = new Headers(init?.headers);
  headers.append("Set-Cookie", await flashCookie().serialize(flash));
  return redirect(to, { ...init, headers });
}

/** Reads the message and clears it (the Set-Cookie goes with the response). */
export async function readFlash(request: Request): Promise<{ flash: Flash | null; setCookie: string | null }> {
  const value = (await flashCookie().parse(request.headers.get("Cookie"))) as Flash | null;
  if (!value || typeof value.key !== "string") return { flash: null, setCookie: null };
  return { flash: value, setCookie: await flashCookie().serialize("", { maxAge: 0 }) };
}
