/** The `offline` and `app` texts of the three locales, put in by scripts/build-offline.mjs (esbuild `define`). */
declare const __OFFLINE_TEXTS__: Record<"en" | "pl" | "bg", Record<string, unknown>>;
