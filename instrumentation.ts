// In the Node.js server process: refuses to start in production without a way
// to deliver email (see lib/email/startup-check.ts), then starts the outbox
// worker, so retries and emails left by a previous process are delivered
// without anyone waiting on them.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkEmailDelivery } = await import("./lib/email/startup-check");
  checkEmailDelivery();
  if (process.env.OUTBOX_WORKER === "off") return;
  const { startOutboxWorker } = await import("./lib/email/outbox-worker");
  startOutboxWorker();
  const { startWebhookWorker } = await import("./lib/webhooks/worker");
  startWebhookWorker();
  const { startExpirySweep } = await import("./lib/webhooks/expiry-sweep");
  startExpirySweep();
}
