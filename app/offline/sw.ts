/**
 * The service worker (issue #17, decision 030), built by scripts/build-offline.mjs from the Remix
 * build with workbox (injectManifest) and served at /sw.js by server.js.
 *
 * - Precaches the app shell: the build's scripts and styles, the offline page, the manifest and
 *   icons (no personal data: pages and JSON with personal data are `no-store` and never cached).
 * - A page is always asked of the network first; without a connection the offline page answers,
 *   and it shows My cases, a resident's offline view, the outbox or "needs a connection" from the
 *   device's copy (IndexedDB).
 * - Anything else (data, forms, files) goes to the network untouched.
 */
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { NetworkOnly } from "workbox-strategies";

declare const self: {
  __WB_MANIFEST: { url: string; revision: string | null }[];
  skipWaiting(): Promise<void>;
};

void self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

const network = new NetworkOnly();
registerRoute(
  new NavigationRoute(async (options) => {
    try {
      return await network.handle(options);
    } catch {
      return (await matchPrecache("/offline.html")) ?? Response.error();
    }
  }),
);
