import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { OFFLINE_CHANGED, OFFLINE_DB, clearErasedFlag, eraseOfflineData, erasedOnThisPage } from "./constants";

/**
 * The device's copy (IndexedDB, issue #17, decision 030): the signed-in case worker's own cases
 * (`cases`), the writes made offline waiting to be sent (`outbox`) and whose copy it is (`meta`).
 * Never in the HTTP cache: the pages and the JSON holding personal data are `no-store`.
 */

export interface OfflineCase {
  residentId: number;
  code: string;
  name: string;
  institutionName: string;
  state: string;
  stateLabel: string;
  stateSince: string;
  caseWorkerId: number | null;
  today: string;
  /** The institution's time zone: the forms count today in it (absent in an older copy). */
  timeZone?: string;
  openedOn: string;
  visitsDue: { id: number; monthsAfterMove: number; dueOn: string; opensOn: string; moveOn: string; version: number }[];
  services: {
    /** Absent in a copy made before hours could be recorded offline: no hours form then. */
    id?: number;
    serviceType: string;
    label: string;
    provider: string;
    startOn: string;
    endOn?: string | null;
    hoursPerWeek: number | null;
  }[];
}

export type ItemState = "waiting" | "sending" | "sent" | "refused" | "conflict";

export interface VisitPayload {
  visitedOn: string;
  findings: string;
  actions: string;
  version: number;
}
export interface NotePayload {
  occurredOn: string;
  body: string;
}
/** Hours delivered (decision 048): the hours as typed ("1,5"); the server's schema reads them. */
export interface HoursPayload {
  deliveredOn: string;
  hours: string;
  note: string;
}

interface ItemBase {
  /** Made on this device (crypto.randomUUID): the server applies a key once. */
  key: string;
  residentId: number;
  residentName: string;
  base: { caseWorkerId: number | null; state: string };
  state: ItemState;
  /** The server's refusal, in the worker's language. */
  reason?: string;
  conflict?: "visitRecorded" | "reassigned" | "closed" | "serviceEnded";
  theirs?: Record<string, string | number | null>;
  createdAt: string;
  attempts: number;
  /** Not before this time (ms), after a failed attempt (backing off). */
  nextAt: number;
  sentAt?: string;
}
export type OutboxItem =
  | (ItemBase & { kind: "visit"; visitId: number; monthsAfterMove: number; payload: VisitPayload })
  | (ItemBase & { kind: "note"; payload: NotePayload })
  | (ItemBase & {
      kind: "hours";
      serviceId: number;
      serviceLabel: string;
      /** The service's end the copy showed (a change on the server meanwhile is a conflict). */
      serviceEndOn: string | null;
      payload: HoursPayload;
    });

export interface Owner {
  userId: number;
  locale: string;
  copiedAt: string | null;
}

interface Schema extends DBSchema {
  meta: { key: string; value: Owner };
  cases: { key: number; value: OfflineCase };
  outbox: { key: string; value: OutboxItem; indexes: { byCreated: string } };
}

/** Storage the browser refuses (private mode, full disk, turned off): said plainly, never a silent drop. */
export class StorageUnavailable extends Error {}
/** The copy was erased on this page (signing out): nothing more is read or written. */
export class Erased extends StorageUnavailable {}

let dbp: Promise<IDBPDatabase<Schema>> | null = null;
/**
 * Set when this page or another erases the copy (sign-out): nothing opens the database again on
 * this page (a count or a re-render would otherwise create it anew), until the next page load.
 */
let erased = false;

function db(): Promise<IDBPDatabase<Schema>> {
  if (erased || erasedOnThisPage()) return Promise.reject(new Erased());
  dbp ??= openDB<Schema>(OFFLINE_DB, 1, {
    upgrade(d) {
      d.createObjectStore("meta");
      d.createObjectStore("cases", { keyPath: "residentId" });
      d.createObjectStore("outbox", { keyPath: "key" }).createIndex("byCreated", "createdAt");
    },
    // This page or another tab erases the copy (sign-out): let it, and open nothing again.
    blocking() {
      erased = true;
      void dbp?.then((d) => d.close());
      dbp = null;
    },
    terminated() {
      dbp = null;
    },
  }).catch((e: unknown) => {
    dbp = null;
    throw new StorageUnavailable(e instanceof Error ? e.message : String(e));
  });
  return dbp;
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof StorageUnavailable) throw e;
    throw new StorageUnavailable(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
}

let channel: BroadcastChannel | null = null;
function changed() {
  window.dispatchEvent(new Event(OFFLINE_CHANGED));
  try {
    channel ??= new BroadcastChannel(OFFLINE_CHANGED);
    channel.postMessage("changed");
  } catch {
    // no BroadcastChannel
  }
}

/** Calls `fn` whenever the copy or the outbox changes, in this tab or another. */
export function subscribe(fn: () => void): () => void {
  window.addEventListener(OFFLINE_CHANGED, fn);
  let ch: BroadcastChannel | null = null;
  try {
    ch = new BroadcastChannel(OFFLINE_CHANGED);
    ch.onmessage = () => {
      fn();
    };
  } catch {
    // no BroadcastChannel
  }
  return () => {
    window.removeEventListener(OFFLINE_CHANGED, fn);
    ch?.close();
  };
}

/**
 * Erases everything (another user's copy on this browser). The page may use the layer again
 * afterwards: the database is made anew for the signed-in user.
 */
export async function erase(): Promise<void> {
  const d = await dbp?.catch(() => null);
  d?.close();
  dbp = null;
  await eraseOfflineData(true);
  erased = false;
  changed();
}

export function getOwner(): Promise<Owner | undefined> {
  return guard(async () => (await db()).get("meta", "owner"));
}

/** A user signed in on this page after the copy was erased on it (no reload between): open again. */
export function reopenAfterErase() {
  clearErasedFlag();
  erased = false;
}

/**
 * The copy belongs to one user: another user's data (a shared computer) is erased before this
 * user's is written or shown.
 */
export async function claimFor(userId: number): Promise<void> {
  const owner = await getOwner().catch(() => undefined);
  if (owner && owner.userId !== userId) await erase();
}

/** Replaces the copy of the cases with the server's (the user's own caseload, now). */
export function saveCopy(copy: { userId: number; locale: string; copiedAt: string; cases: OfflineCase[] }) {
  return guard(async () => {
    const d = await db();
    const tx = d.transaction(["meta", "cases"], "readwrite");
    await tx.objectStore("cases").clear();
    for (const c of copy.cases) await tx.objectStore("cases").put(c);
    await tx.objectStore("meta").put({ userId: copy.userId, locale: copy.locale, copiedAt: copy.copiedAt }, "owner");
    await tx.done;
    changed();
  });
}

/**
 * The session ended (the server said 401): the copy of the cases is erased. Unsent writes are
 * the worker's own work and exist nowhere else: they stay, sent when the same worker signs in
 * again, erased if another user signs in or at sign-out (decision 032).
 */
export function dropCases() {
  return guard(async () => {
    const d = await db();
    const tx = d.transaction(["meta", "cases"], "readwrite");
    await tx.objectStore("cases").clear();
    const owner = await tx.objectStore("meta").get("owner");
    if (owner) await tx.objectStore("meta").put({ ...owner, copiedAt: null }, "owner");
    await tx.done;
    changed();
  });
}

export function listCases(): Promise<OfflineCase[]> {
  return guard(async () => (await (await db()).getAll("cases")).sort((a, b) => a.name.localeCompare(b.name)));
}

export function getCase(residentId: number): Promise<OfflineCase | undefined> {
  return guard(async () => (await db()).get("cases", residentId));
}

export function putCase(c: OfflineCase) {
  return guard(async () => {
    await (await db()).put("cases", c);
    changed();
  });
}

export function listOutbox(): Promise<OutboxItem[]> {
  return guard(async () => (await db()).getAllFromIndex("outbox", "byCreated"));
}

export function putItem(item: OutboxItem) {
  return guard(async () => {
    await (await db()).put("outbox", item);
    changed();
  });
}

export function deleteItem(key: string) {
  return guard(async () => {
    await (await db()).delete("outbox", key);
    changed();
  });
}

/** Items not yet accepted by the server (the header's count). */
export async function unsentCount(): Promise<number> {
  return (await listOutbox()).filter((i) => i.state !== "sent").length;
}

/** Sent items are kept a day for the worker to see, then dropped (they hold findings). */
export async function pruneSent(now = Date.now()) {
  for (const i of await listOutbox())
    if (i.state === "sent" && i.sentAt && now - Date.parse(i.sentAt) > 24 * 3600 * 1000) await deleteItem(i.key);
}
