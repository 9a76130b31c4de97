// A web process for the cross-process drill (tests/webhook-drill.test.ts),
// run with tsx as a child process, without `next build`. It is the web server's
// delivery path, the same code a `next start` process runs:
// - instrumentation.ts's register(), which Next.js calls once as a server
//   process starts: the outbox and webhook sweeps (every WEBHOOK_POLL_MS) and
//   the invitation expiry sweep, unless OUTBOX_WORKER=off;
// - the REST API's route handlers (served over HTTP by ./api-server), each
//   wrapped by apiRoute, whose kickOutboxAfter kicks webhook delivery in this
//   process right after a request that wrote events returns.
// Prints "ready <api url>" once it serves; SIGTERM lets deliveries in flight finish.
export {};

process.env.NEXT_RUNTIME = "nodejs";
const { register } = await import("../../instrumentation");
await register();
const { startApiServer } = await import("./api-server");
const { stopWebhookWorker, webhooksSettled } = await import("../../lib/webhooks/worker");
const { stopOutboxWorker, outboxSettled } = await import("../../lib/email/outbox-worker");
const { stopExpirySweep } = await import("../../lib/webhooks/expiry-sweep");

const server = await startApiServer();
console.info(`ready ${server.url}`);

let stopping = false;
process.on("SIGTERM", () => {
  // tsx relays the signal the process group got too: once is enough.
  if (stopping) return;
  stopping = true;
  stopWebhookWorker();
  stopOutboxWorker();
  stopExpirySweep();
  void Promise.all([server.close(), webhooksSettled(), outboxSettled()]).then(() => process.exit(0));
});
