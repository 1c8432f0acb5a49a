import { BackupError, knownMigrationCount, restoreDatabase } from "#db/backup";
import { EnvError, parseEnv } from "#app/utils/env.server";

/** npm run db:restore -- --from file [--force]: puts a backup in place of DATABASE_PATH (app stopped). */
try {
  const env = parseEnv(process.env);
  const i = process.argv.indexOf("--from");
  const from = i > 0 ? process.argv[i + 1] : undefined;
  if (!from) throw new BackupError("say which backup: npm run db:restore -- --from data/backups/app-….db [--force]");
  await restoreDatabase(from, env.DATABASE_PATH, {
    force: process.argv.includes("--force"),
    knownMigrations: knownMigrationCount(),
  });
  console.log(
    `Restored ${from} into ${env.DATABASE_PATH}. Start the application again (npm start applies any newer migrations).`,
  );
} catch (e) {
  if (e instanceof EnvError || e instanceof BackupError) {
    console.error(`db:restore: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
