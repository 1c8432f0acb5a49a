import crypto from "node:crypto";

// Crockford base32 without I, L, O, U: no letters mistaken for digits when read aloud.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A pseudonymous code ("R-7K3M9Q" for residents, "S-…" for staff): random, so it says nothing
 * about the person, their institution or the order of registration. Uniqueness is enforced by the
 * database; callers draw again on the rare clash.
 */
export function newPseudonymousCode(prefix: "R" | "S"): string {
  const bytes = crypto.randomBytes(6);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % 32];
  return `${prefix}-${out}`;
}
