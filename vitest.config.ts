import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The one import alias (decision 028): #app/, #db/, #machines/, #tests/ name the top-level folders.
  resolve: {
    alias: [{ find: /^#(app|db|machines|tests)\//, replacement: `${path.resolve(import.meta.dirname)}/$1/` }],
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globals: true,
    environment: "node",
    setupFiles: ["tests/support/setup.ts"],
    pool: "forks",
    testTimeout: 20_000,
    env: {
      NODE_ENV: "test",
      SESSION_SECRET: "test-secret-test-secret-test-secret-0123456789",
    },
  },
});
