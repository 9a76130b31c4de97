// Starts the outbox worker in the Node.js server process: retries and emails
// left by a previous process are delivered without anyone waiting on them.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.OUTBOX_WORKER === "off") return;
  const { startOutboxWorker } = await import("./lib/email/outbox-worker");
  startOutboxWorker();
}
