import { runMigrations } from "#db/migrate";
import { EnvError, parseEnv } from "#app/utils/env.server";

try {
  const env = parseEnv(process.env);
  runMigrations(env.DATABASE_PATH);
  console.log(`Database ready: ${env.DATABASE_PATH} (migrations applied)`);
} catch (e) {
  if (e instanceof EnvError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
