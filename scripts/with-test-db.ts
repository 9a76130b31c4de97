// Runs a test command against a migrated test database:
//   TEST_DATABASE_URL, else DATABASE_URL (a real PostgreSQL), else a fresh
//   embedded PGlite served from this process for the command's lifetime.
// Refuses a non-local database: the suites write to it.
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedDatabase } from "../lib/embedded-db";
import { prismaCli, root, supervise } from "./lib";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: tsx scripts/with-test-db.ts <command> [args...]");
  process.exit(2);
}

function assertLocal(url: string): void {
  if (process.env.ALLOW_NON_LOCAL_TEST_DATABASE === "1") return;
  const parsed = new URL(url);
  // pg connects to ?host= when given, whatever the URL's host part says.
  const host = parsed.searchParams.get("host") ?? parsed.hostname;
  const local = host.startsWith("/") || ["localhost", "127.0.0.1", "[::1]", "::1", ""].includes(host);
  if (!local) {
    console.error(`Refusing to run tests against ${host}: tests write to the database. Use a local database.`);
    process.exit(2);
  }
}

const configured = process.env.TEST_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim();
let close = async () => {};
let url: string;
if (configured) {
  url = configured;
  assertLocal(url);
  console.info(`[test-db] PostgreSQL at ${new URL(url).host}${new URL(url).pathname}`);
} else {
  const dataDir = path.join(root, ".data/pglite-test");
  fs.rmSync(dataDir, { recursive: true, force: true });
  const database = await startEmbeddedDatabase(dataDir);
  url = database.url;
  close = database.close;
  console.info("[test-db] fresh embedded PostgreSQL (PGlite)");
}

const env = { ...process.env, DATABASE_URL: url, NODE_ENV: process.env.NODE_ENV };
let code = 1;
try {
  await prismaCli(["migrate", "deploy"], env);
  code = await supervise(
    command === "vitest" || command === "playwright" ? path.join(root, "node_modules/.bin", command) : command,
    args,
    env,
  );
} catch (error) {
  console.error(`[test-db] ${(error as Error).message}`);
} finally {
  await close();
}
process.exit(code);
