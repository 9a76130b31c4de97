// Prisma CLI configuration (Prisma 7 reads the datasource URL from here, not
// from schema.prisma).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";
import { resolveDatabaseUrl } from "./lib/database-url.ts";

// The native schema engine is downloaded from a host unreachable here (and
// from air-gapped deployments); this script serves the same engine compiled to
// wasm (docs/prisma-schema-engine.md). An explicit PRISMA_SCHEMA_ENGINE_BINARY still wins.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "scripts",
  "prisma-schema-engine",
);

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx prisma/seed.ts",
  },
  datasource: {
    url: resolveDatabaseUrl(),
  },
});
