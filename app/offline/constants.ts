/**
 * The offline layer's names (issue #17, decisions 030–032), in a module of its own so that pages
 * erase the device's copy without loading the layer (`indexedDB.deleteDatabase(OFFLINE_DB)`).
 */
export const OFFLINE_DB = "di-offline";
/** The event (window) and channel (other tabs) that say the outbox or the copy changed. */
export const OFFLINE_CHANGED = "di-offline-changed";

const ERASED = "__diOfflineErased";
type Flagged = typeof globalThis & { [ERASED]?: boolean };

/** Erased on this page (signing out): the layer opens nothing again until the next page load. */
export function erasedOnThisPage(): boolean {
  return (globalThis as Flagged)[ERASED] === true;
}

/** A user signed in on this page after a sign-out (a client-side navigation): the layer may open again. */
export function clearErasedFlag() {
  (globalThis as Flagged)[ERASED] = false;
}

/**
 * Erases everything the offline layer keeps on this device; resolves when it is gone. Open
 * connections (this page's, other tabs') are told by IndexedDB (`versionchange`) and close.
 * `keepUsing`: the page goes on using the layer (another user's copy erased for this one).
 */
export function eraseOfflineData(keepUsing = false): Promise<void> {
  (globalThis as Flagged)[ERASED] = !keepUsing;
  return new Promise((resolve) => {
    if (typeof indexedDB === "undefined") return resolve();
    try {
      const req = indexedDB.deleteDatabase(OFFLINE_DB);
      req.onsuccess = req.onerror = () => resolve();
      // Open connections are asked to close (store.ts closes on `versionchange`); never hang a sign-out.
      req.onblocked = () => setTimeout(resolve, 1000);
    } catch {
      resolve();
    }
  });
}
