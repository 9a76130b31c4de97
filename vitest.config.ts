import path from "node:path";
import { defineConfig } from "vitest/config";

// Run through `npm run test:unit`, which provides a migrated DATABASE_URL.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: "test", OUTBOX_WORKER: "off" },
  },
});
