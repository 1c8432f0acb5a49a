import { checkArgs, generateScaleData, SCALE_USAGE } from "#db/seed/scale";

/**
 * npm run seed:scale -- --residents 80000 [--out ./data/scale.db] [--seed 1] [--force]
 * Writes a national-scale database for benchmarks into its own SQLite file (never the working
 * database). Progress goes to stderr; the summary and the sign-ins to stdout.
 */
const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(SCALE_USAGE);
  process.exit(0);
}
const checked = checkArgs(argv, process.env);
if (checked.error !== undefined) {
  console.error(checked.error);
  process.exit(1);
}
const { out, residents, seed, force } = checked.options;
const summary = await generateScaleData({
  out,
  residents,
  seed,
  force,
  log: (line) => process.stderr.write(`${line}\n`),
});

const fmt = new Intl.NumberFormat("en-US");
const width = Math.max(...Object.keys(summary.counts).map((k) => k.length));
console.log(`\nScale database written: ${summary.out}`);
console.log(`  ${summary.seconds.toFixed(1)} s, ${(summary.bytes / 1024 / 1024).toFixed(1)} MiB, seed ${seed}\n`);
for (const [table, n] of Object.entries(summary.counts))
  console.log(`  ${table.padEnd(width)} ${fmt.format(n).padStart(12)}`);
console.log("\n  transitions by state:");
for (const [state, n] of Object.entries(summary.states))
  console.log(`    ${state.padEnd(14)} ${fmt.format(n).padStart(10)}`);
console.log(`\nSign-ins (password ${summary.signIns.password}):`);
console.log(`  admin          ${summary.signIns.admin}`);
console.log(`  case_worker    ${summary.signIns.caseWorker}`);
console.log(`  grant_manager  ${summary.signIns.grantManager}`);
console.log(`  monitoring     ${summary.signIns.monitoring}\n`);
