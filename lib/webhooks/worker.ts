// In-process webhook delivery, like the email outbox's (lib/delivery-loop.ts):
// a kick right after a commit that wrote events, and a periodic sweep
// (WEBHOOK_POLL_MS, 1 s by default, so the first retries come within seconds)
// that picks up retries and rows a crashed process left behind.
// OUTBOX_WORKER=off turns both off in this process (another one, e.g.
// `npm run worker`, delivers).
import { db } from "../db";
import { numberSetting } from "../settings";
import { deliveryLoop } from "../delivery-loop";
import { drainWebhooks } from "./delivery";

const loop = deliveryLoop("webhooks", () => drainWebhooks(db));

export const kickWebhooks = loop.kick;

/** Resolves once no delivery pass of this process is running (tests; a clean shutdown). */
export const webhooksSettled = loop.settled;

export function startWebhookWorker(intervalMs = numberSetting("WEBHOOK_POLL_MS", 1000, { min: 50 })): void {
  loop.start(intervalMs);
}

export const stopWebhookWorker = loop.stop;
