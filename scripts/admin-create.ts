/**
 * npm run admin:create -- --email anna@example.org --name "Anna Nowak"
 * The first administrator of an installation without demo data. The password comes from the
 * ADMIN_PASSWORD variable or, when it is not set, from the first line of standard input
 * (`printf '%s\n' "$PASSWORD" | npm run admin:create -- …`), never from the command line.
 * Applies the migrations first. Refused once an administrator exists.
 */
import readline from "node:readline";
import { openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";
import { createFirstAdministrator } from "#app/modules/users/bootstrap.server";
import { EnvError, parseEnv } from "#app/utils/env.server";
import en from "#app/locales/en.json";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** A validation message in English (the same keys the forms use). */
function message(key: string, values: Record<string, string | number> = {}): string {
  const text = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], en);
  return typeof text === "string" ? text.replace(/\{\{(\w+)\}\}/g, (_, v: string) => String(values[v] ?? "")) : key;
}

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write("Password (10 to 128 characters, shown as typed): ");
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return "";
}

try {
  const env = parseEnv(process.env);
  const email = arg("email");
  const name = arg("name");
  if (!email || !name) {
    console.error(
      'usage: npm run admin:create -- --email <e-mail> --name "<full name>"  (password: ADMIN_PASSWORD or standard input)',
    );
    process.exit(2);
  }
  runMigrations(env.DATABASE_PATH);
  const db = openDatabase(env.DATABASE_PATH);
  const result = await createFirstAdministrator(db, { email, name, password: await readPassword() });
  db.$client.close();
  if (!result.ok) {
    console.error(
      `Not created: ${"error" in result ? result.error : `${result.field}: ${message(result.key, result.values)}`}`,
    );
    process.exit(1);
  }
  console.log(`Administrator ${email} created in ${env.DATABASE_PATH}; sign in and add the other users there.`);
} catch (e) {
  if (e instanceof EnvError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
