import { dropCases, getCase, listOutbox, putCase, putItem, type OutboxItem } from "./store";

/**
 * Sending the outbox (issue #17, decision 031). Runs on the next page load, on the browser's
 * `online` event, after each new item, and after a failed attempt with a delay that doubles
 * (2 s, 4 s, … at most 5 min), so a sync that failed restarts by itself. Each item is one POST
 * to /offline/sync carrying the key made on this device: sending it again is harmless.
 */

const FIRST_DELAY_MS = 2_000;
const MAX_DELAY_MS = 5 * 60_000;

let running: Promise<void> | null = null;
let again = false;
let timer: ReturnType<typeof setTimeout> | null = null;

export function backoffDelay(attempts: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

function wire(item: OutboxItem) {
  const common = { key: item.key, residentId: item.residentId, base: item.base };
  if (item.kind === "visit") return { ...common, kind: "visit", visitId: item.visitId, payload: item.payload };
  if (item.kind === "hours")
    return {
      ...common,
      kind: "hours",
      serviceId: item.serviceId,
      serviceEndOn: item.serviceEndOn,
      payload: item.payload,
    };
  return { ...common, kind: "note", payload: item.payload };
}

async function later(item: OutboxItem) {
  const attempts = item.attempts + 1;
  await putItem({ ...item, state: "waiting", attempts, nextAt: Date.now() + backoffDelay(attempts) });
}

/** A visit the server accepted is no longer due in the copy. */
async function visitDone(item: OutboxItem) {
  if (item.kind !== "visit") return;
  const c = await getCase(item.residentId);
  if (c) await putCase({ ...c, visitsDue: c.visitsDue.filter((v) => v.id !== item.visitId) });
}

async function sendOne(item: OutboxItem): Promise<"go" | "stop"> {
  await putItem({ ...item, state: "sending" });
  let res: Response;
  try {
    res = await fetch("/offline/sync", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(wire(item)),
    });
  } catch {
    await later(item); // no connection: try again later
    return "stop";
  }
  if (res.status === 401) {
    await putItem({ ...item, state: "waiting" });
    await dropCases();
    return "stop";
  }
  const body = (await res.json().catch(() => null)) as {
    status?: string;
    reason?: string;
    conflict?: OutboxItem["conflict"];
    theirs?: OutboxItem["theirs"];
  } | null;
  if (res.ok && body?.status === "sent") {
    await putItem({ ...item, state: "sent", sentAt: new Date().toISOString(), reason: undefined });
    await visitDone(item);
  } else if (res.status === 409 && body?.status === "conflict") {
    await putItem({ ...item, state: "conflict", conflict: body.conflict, theirs: body.theirs });
  } else if (res.status >= 400 && res.status < 500 && body?.status === "refused") {
    await putItem({ ...item, state: "refused", reason: body.reason ?? String(res.status) });
  } else {
    await later(item); // a server error or a proxy's page: not the item's fault
  }
  return "go";
}

async function run() {
  const now = Date.now();
  const due = (await listOutbox()).filter(
    // "sending" left by a page closed mid-way is sent again: the key makes that safe.
    (i) => (i.state === "waiting" && i.nextAt <= now) || i.state === "sending",
  );
  for (const item of due) if ((await sendOne(item)) === "stop") break;
}

function schedule(items: OutboxItem[]) {
  if (timer) clearTimeout(timer);
  timer = null;
  const next = Math.min(...items.filter((i) => i.state === "waiting").map((i) => i.nextAt));
  if (Number.isFinite(next)) timer = setTimeout(() => void syncNow(), Math.max(0, next - Date.now()) + 50);
}

/** Sends what is due; one run at a time (a call during a run makes it run once more). */
export function syncNow(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      do {
        again = false;
        await run();
      } while (again);
    } catch {
      // storage unavailable: the page says so where it reads the outbox
    } finally {
      running = null;
      schedule(await listOutbox().catch(() => []));
    }
  })();
  return running;
}

/** "Send now": a waiting or refused item is tried at once (its attempts start again). */
export async function retry(item: OutboxItem) {
  await putItem({ ...item, state: "waiting", attempts: 0, nextAt: 0, reason: undefined });
  await syncNow();
}

let started = false;
/** Starts sending on this page: now, and whenever the browser says it is online again. */
export function startSync() {
  if (started) return;
  started = true;
  window.addEventListener("online", () => {
    // A reconnection: whatever was backing off is tried at once.
    void listOutbox()
      .then(async (items) => {
        for (const i of items) if (i.state === "waiting" && i.nextAt > Date.now()) await putItem({ ...i, nextAt: 0 });
      })
      .catch(() => undefined)
      .then(() => syncNow());
  });
  void syncNow();
}
