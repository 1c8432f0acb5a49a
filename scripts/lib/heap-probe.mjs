// Preloaded into the server by scripts/soak.ts (node --import): once a second, writes the
// process's memoryUsage() to $HEAP_PROBE_FILE so the soak can report the V8 heap beside RSS.
// Outside the app on purpose; a timer that never keeps the process alive.
import fs from "node:fs";

const file = process.env.HEAP_PROBE_FILE;
if (file) {
  setInterval(() => {
    try {
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()));
      fs.renameSync(`${file}.tmp`, file);
    } catch {
      // the soak's directory is gone: nothing to report to
    }
  }, 1000).unref();
}
