// In-process webhook delivery, like the email outbox's: a kick right after a
// commit that wrote events, and a periodic sweep (WEBHOOK_POLL_MS, 1 s by
// default, so the first retries come within seconds) that picks up retries and
// rows a crashed process left behind. OUTBOX_WORKER=off turns both off in this
// process (another one, e.g. `npm run worker`, delivers).
import { db } from "../db";
import { numberSetting } from "../settings";
import { drainWebhooks } from "./delivery";

let running: Promise<unknown> | null = null;
let again = false;

export function kickWebhooks(): void {
  if (process.env.OUTBOX_WORKER === "off") return;
  if (running) {
    again = true;
    return;
  }
  running = drainWebhooks(db)
    .catch((error) => console.error("[webhooks] delivery pass failed:", error))
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        kickWebhooks();
      }
    });
}

/** Resolves once no delivery pass of this process is running (tests; a clean shutdown). */
export async function webhooksSettled(): Promise<void> {
  while (running) await running;
}

const globalForWorker = globalThis as unknown as { webhookTimer?: NodeJS.Timeout };

export function startWebhookWorker(intervalMs = numberSetting("WEBHOOK_POLL_MS", 1000, { min: 50 })): void {
  if (globalForWorker.webhookTimer) return;
  globalForWorker.webhookTimer = setInterval(kickWebhooks, intervalMs);
  globalForWorker.webhookTimer.unref();
  kickWebhooks();
}

export function stopWebhookWorker(): void {
  clearInterval(globalForWorker.webhookTimer);
  globalForWorker.webhookTimer = undefined;
}
