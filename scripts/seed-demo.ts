import { openDatabase } from "#db/client";
import { DEMO_ACCOUNTS } from "#db/seed/demo-accounts";
import { seedDemo } from "#db/seed/demo";
import { EnvError, parseEnv } from "#app/utils/env.server";

/** In demo mode: loads the demo data into an empty database and prints the sign-ins. */
try {
  const env = parseEnv(process.env);
  if (!env.DEMO_MODE) {
    console.log("DEMO_MODE is off: no demo data loaded.");
    process.exit(0);
  }
  const db = openDatabase(env.DATABASE_PATH);
  const seeded = await seedDemo(db);
  db.$client.close();
  console.log(seeded ? "Demo data loaded." : "Database already has data: demo data not loaded again.");
  console.log(`\nOpen http://localhost:${env.PORT}\nDemo sign-ins (demo mode only):`);
  for (const a of DEMO_ACCOUNTS) {
    console.log(`  ${a.role.padEnd(14)} ${a.email.padEnd(26)} ${a.password}`);
  }
  console.log("");
} catch (e) {
  if (e instanceof EnvError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
