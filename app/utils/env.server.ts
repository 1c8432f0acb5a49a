import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], {
    error: "expected true or false",
  })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const intIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `expected a whole number from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `expected a whole number from ${min} to ${max}` });

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().min(1).default("./data/app.db"),
  PORT: intIn(1, 65535).default(3000),
  /** The address the server listens on (server.js); unset = every interface. */
  HOST: z.string().max(255).optional(),
  DEMO_MODE: bool.default(false),
  SESSION_SECRET: z.string().min(32, { error: "must be at least 32 characters" }).optional(),
  COOKIE_SECURE: bool.optional(),
  SESSION_IDLE_MINUTES: intIn(1, 24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: intIn(1, 24 * 7).default(12),
  LOCKOUT_THRESHOLD: intIn(1, 100).default(5),
  LOCKOUT_MINUTES: intIn(1, 24 * 60).default(15),
  /** Behind a reverse proxy that sets X-Forwarded-For: the address it saw is the client's. */
  TRUST_PROXY: bool.default(false),
  /**
   * Breakdown cells counting fewer persons than this are hidden from users without access to
   * residents' personal data (docs/decisions/022-small-count-suppression.md). At least 2: 1 would hide nothing.
   */
  SMALL_COUNT_THRESHOLD: intIn(2, 50).default(3),
  /**
   * How many years a closed transition's record is kept after its closure before it may be
   * anonymised; never earlier than the retention of every grant that counted the person
   * (docs/decisions/042-retention-and-anonymisation.md).
   */
  RETENTION_YEARS_AFTER_CLOSURE: intIn(1, 50).default(5),
});

export type Env = Omit<z.infer<typeof EnvSchema>, "SESSION_SECRET" | "COOKIE_SECURE"> & {
  SESSION_SECRET: string;
  COOKIE_SECURE: boolean;
};

export class EnvError extends Error {}

/**
 * Validates the environment. A wrong value stops start-up with one line naming the variable,
 * the rule, and the value received.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const input = Object.fromEntries(
    Object.entries(source).filter(([k, v]) => k in EnvSchema.shape && v !== undefined && v !== ""),
  );
  const result = EnvSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = String(issue.path[0]);
    throw new EnvError(`Invalid environment: ${key} ${issue.message} (got ${JSON.stringify(input[key] ?? null)})`);
  }
  const env = result.data;
  let secret = env.SESSION_SECRET;
  if (!secret) {
    if (env.NODE_ENV === "production" && !env.DEMO_MODE) {
      throw new EnvError(
        "Invalid environment: SESSION_SECRET is required in production (at least 32 random characters)",
      );
    }
    secret = demoSecret(env.DATABASE_PATH);
  }
  return {
    ...env,
    SESSION_SECRET: secret,
    COOKIE_SECURE: env.COOKIE_SECURE ?? (env.NODE_ENV === "production" && !env.DEMO_MODE),
  };
}

/** Outside production a secret is made once and kept beside the database file. */
function demoSecret(databasePath: string): string {
  const file = path.join(path.dirname(path.resolve(databasePath)), ".session-secret");
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not there yet
  }
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
