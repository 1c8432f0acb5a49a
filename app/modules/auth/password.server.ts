import { hash, verify } from "@node-rs/argon2";

/** Passwords: argon2id with the library's defaults (OWASP-recommended memory cost). */

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** A hash to verify against when the e-mail is unknown, so the answer takes as long. */
export function dummyHash(): Promise<string> {
  dummy ??= hash("not-a-real-password-only-for-timing");
  return dummy;
}
