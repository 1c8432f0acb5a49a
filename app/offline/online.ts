/**
 * The offline layer inside the online app (issue #17, decision 030), loaded with `import()` by
 * the header on case workers' pages only (never on the first load, never for other roles):
 * registers the service worker, refreshes the device's copy of the worker's caseload, sends the
 * outbox, and keeps the header's count of unsent items.
 */
import {
  claimFor,
  dropCases,
  pruneSent,
  reopenAfterErase,
  saveCopy,
  subscribe,
  unsentCount,
  type OfflineCase,
} from "./store";
import { startSync } from "./sync";

const REFRESH_MS = 10 * 60_000;

async function refreshCopy(userId: number) {
  const res = await fetch("/offline/caseload", { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (res.status === 401) return dropCases();
  if (!res.ok) return;
  const copy = (await res.json()) as { userId: number; locale: string; copiedAt: string; cases: OfflineCase[] };
  if (copy.userId !== userId) return; // signed in as someone else meanwhile: that page's start claims the copy
  await saveCopy(copy);
}

async function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  await navigator.serviceWorker.ready;
}

/** Starts the layer for the signed-in case worker; returns a function that stops its listeners. */
export function startOffline(user: { id: number }, onCount: (n: number | null) => void): () => void {
  reopenAfterErase();
  let stopped = false;
  const count = () =>
    void unsentCount()
      .then((n) => !stopped && onCount(n))
      .catch(() => !stopped && onCount(null));
  const unsubscribe = subscribe(count);
  const onOnline = () => void refreshCopy(user.id).catch(() => undefined);
  window.addEventListener("online", onOnline);
  const timer = setInterval(onOnline, REFRESH_MS);
  void (async () => {
    try {
      await claimFor(user.id);
      await pruneSent();
      count();
      startSync();
      await Promise.all([refreshCopy(user.id), registerWorker()]);
      document.documentElement.dataset.offlineReady = "yes";
    } catch {
      document.documentElement.dataset.offlineReady = "no";
      onCount(null);
    }
  })();
  return () => {
    stopped = true;
    unsubscribe();
    window.removeEventListener("online", onOnline);
    clearInterval(timer);
  };
}

export { mountOutbox } from "./ui";
