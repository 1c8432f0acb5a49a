/**
 * A separate process that reserves a place, for the two-writers race test: its own SQLite
 * connection, as a second server process or a second request would have.
 * argv: dbFile userId residentId unitId
 */
import { openDatabase } from "#db/client";
import { reservePlace } from "#app/modules/transitions/records.server";
import { contextFor } from "#tests/factories";

const [file, userId, residentId, unitId, startAt] = process.argv.slice(2).map((v, i) => (i === 0 ? v : Number(v))) as [
  string,
  number,
  number,
  number,
  number,
];
const db = openDatabase(file);
// Both processes wait for the same instant, then write.
while (Date.now() < startAt) {
  /* spin until the agreed start */
}
try {
  reservePlace(contextFor(db, userId, new Date("2026-02-10T10:00:00Z")), residentId, {
    housingUnitId: unitId,
    reservedOn: "2026-02-10",
    plannedMoveOn: null,
  });
  console.log("reserved");
} catch (e) {
  console.log((e as { messageKey?: string }).messageKey ?? String(e));
}
