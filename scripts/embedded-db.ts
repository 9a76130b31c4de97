// `npm run db:serve`: serves the embedded PostgreSQL (PGlite, .data/pglite) on
// its Unix socket, with migrations applied, until Ctrl-C, so scripts, a
// worker or psql can share it while no `npm run dev` is running. Prints the
// DATABASE_URL to use.
import { embeddedServerIsUp, startEmbeddedDatabase } from "../lib/embedded-db";
import { prismaCli } from "./lib";

if (await embeddedServerIsUp()) {
  console.error("[db] the embedded database is already served by another process.");
  process.exit(1);
}
const database = await startEmbeddedDatabase();
try {
  await prismaCli(["migrate", "deploy"], { ...process.env, DATABASE_URL: database.url });
} catch (error) {
  console.error(`[db] applying migrations failed: ${(error as Error).message}`);
  await database.close();
  process.exit(1);
}
console.info(`[db] embedded PostgreSQL served at ${database.url}; Ctrl-C to stop`);
const keepAlive = setInterval(() => {}, 1 << 30);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, async () => {
    clearInterval(keepAlive);
    await database.close();
    process.exit(0);
  });
