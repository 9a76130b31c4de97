// `npm run worker`: delivery outside the web server (emails, webhooks) and the
// maintenance sweep (invitation expiry events, erasure of deleted accounts'
// data from the events, EVENTS_RETENTION_DAYS). Any number of workers and web
// processes share one PostgreSQL: rows are claimed under SKIP LOCKED with leases, so none is sent
// twice by design and none is lost when a process dies. Start web processes
// with OUTBOX_WORKER=off when workers do all the delivery.
// Uses DATABASE_URL, else the embedded database (as `npm run dev` does).
import nextEnv from "@next/env";
import { root } from "./lib";

nextEnv.loadEnvConfig(root, process.env.NODE_ENV !== "production");
// This process is the worker, whatever the web processes are told.
delete process.env.OUTBOX_WORKER;

const { ensureEmbeddedDatabase } = await import("../lib/embedded-db");
const embedded = process.env.DATABASE_URL?.trim() ? null : await ensureEmbeddedDatabase();
const { prisma } = await import("../lib/db");
const { startOutboxWorker, stopOutboxWorker, outboxSettled } = await import("../lib/email/outbox-worker");
const { startWebhookWorker, stopWebhookWorker, webhooksSettled } = await import("../lib/webhooks/worker");
const { startExpirySweep, stopExpirySweep } = await import("../lib/webhooks/expiry-sweep");

startOutboxWorker();
startWebhookWorker();
startExpirySweep();
console.info("[worker] delivering emails and webhooks; Ctrl-C to stop");

// setInterval timers are unref'd (the web server must be able to exit): keep this process alive.
const keepAlive = setInterval(() => {}, 1 << 30);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.info(`[worker] ${signal}: finishing the deliveries in flight`);
  stopOutboxWorker();
  stopWebhookWorker();
  stopExpirySweep();
  await Promise.all([outboxSettled(), webhooksSettled()]);
  clearInterval(keepAlive);
  await prisma.$disconnect();
  await embedded?.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
