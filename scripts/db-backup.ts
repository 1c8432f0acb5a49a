import path from "node:path";
import { BackupError, backupDatabase } from "#db/backup";
import { EnvError, parseEnv } from "#app/utils/env.server";

/** npm run db:backup [-- --out file]: an online backup of DATABASE_PATH, safe while the app runs. */
try {
  const env = parseEnv(process.env);
  const i = process.argv.indexOf("--out");
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const out =
    i > 0 && process.argv[i + 1]
      ? process.argv[i + 1]!
      : path.join(path.dirname(env.DATABASE_PATH), "backups", `app-${stamp}.db`);
  const { bytes } = await backupDatabase(env.DATABASE_PATH, out);
  console.log(`Backup written: ${out} (${(bytes / 1e6).toFixed(1)} MB, integrity ok)`);
} catch (e) {
  if (e instanceof EnvError || e instanceof BackupError) {
    console.error(`db:backup: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
