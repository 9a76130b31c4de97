// `npm run dev` and `npm start`. With no DATABASE_URL this process serves the
// embedded PostgreSQL (PGlite) on a Unix socket and applies migrations before
// Next.js starts, so a fresh clone needs nothing installed or configured.
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import nextEnv from "@next/env";
import { embeddedServerIsUp, startEmbeddedDatabase, type EmbeddedDatabase } from "../lib/embedded-db";
import { appUrl, appUrlProblem, devServerUrl, emailDeliveryProblem } from "../lib/email/config";
import { localAuthSecret, prismaCli, root, serveCluster, supervise } from "./lib";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: tsx scripts/run.ts dev|start [next options]");
  process.exit(2);
}
nextEnv.loadEnvConfig(root, mode === "dev");

// In production every email needs a provider, unless the operator says there is none (EMAIL_DELIVERY=off),
// and links need the app's public URL.
if (mode === "start") {
  const problems = [
    ["email", emailDeliveryProblem(process.env, true)],
    ["app", appUrlProblem(process.env)],
  ].filter(([, problem]) => problem);
  for (const [area, problem] of problems) console.error(`[${area}] refusing to start: ${problem}`);
  if (problems.length > 0) process.exit(1);
}

const embedded = !process.env.DATABASE_URL?.trim();
const env: NodeJS.ProcessEnv = { ...process.env };

// In development, links (emails, copied invitation links) follow the port and host
// the server is started on (`PORT=3970 npm run dev`, `npm run dev -- -p 3970`),
// unless APP_URL (or AUTH_URL) names the public URL. PORT is pinned so `next dev`
// fails on a busy port instead of moving to another one the links would miss.
if (mode === "dev") {
  const served = devServerUrl(process.argv.slice(3), env);
  env.PORT = served.port;
  if (!env.APP_URL?.trim() && !env.AUTH_URL?.trim()) env.APP_URL = served.url;
  console.info(`[app] links in emails point at ${appUrl(env)}`);
}

if (!env.AUTH_SECRET) {
  if (mode === "start" && !embedded) {
    console.error(
      "AUTH_SECRET is not set. Generate one with `npx auth secret` or `openssl rand -base64 33` and set it.",
    );
    process.exit(1);
  }
  env.AUTH_SECRET = localAuthSecret();
}

// Every server process stamps each request with the client's address, decided
// from the TCP peer and the declared proxies only (scripts/trusted-client-address.cjs).
// NODE_OPTIONS reaches the cluster workers and the process `next dev` forks.
const trustedClientAddress = createRequire(import.meta.url)("./trusted-client-address.cjs") as {
  parseTrustSettings(env: NodeJS.ProcessEnv): unknown;
};
try {
  trustedClientAddress.parseTrustSettings(env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const preload = path.join(root, "scripts/client-address-preload.cjs");
env.NODE_OPTIONS = [env.NODE_OPTIONS, `--require ${JSON.stringify(preload)}`].filter(Boolean).join(" ");

let database: EmbeddedDatabase | null = null;
if (embedded) {
  if (await embeddedServerIsUp()) {
    console.info("[db] the embedded database is already served by another process; using it");
  } else {
    const started = Date.now();
    database = await startEmbeddedDatabase();
    console.info(
      `[db] embedded PostgreSQL (PGlite) ready in ${Date.now() - started} ms at ${path.relative(root, ".data/pglite")}`,
    );
  }
}

const closeDatabase = async () => {
  await database?.close();
  database = null;
};

try {
  if (embedded || mode === "dev") await prismaCli(["migrate", "deploy"], env);
} catch (error) {
  console.error(`[db] applying migrations failed: ${(error as Error).message}`);
  await closeDatabase();
  process.exit(1);
}

const nextBin = path.join(root, "node_modules/next/dist/bin/next");
// `npm start` runs one server process per core (WEB_CONCURRENCY overrides): a
// Node.js process uses one core, and pages and API requests are CPU-bound.
const workers = mode === "start" ? Number(process.env.WEB_CONCURRENCY || availableParallelism()) : 1;
const code =
  workers > 1
    ? await serveCluster(nextBin, [mode, ...process.argv.slice(3)], env, workers)
    : await supervise(process.execPath, [nextBin, mode, ...process.argv.slice(3)], env);
await closeDatabase();
process.exit(code);
