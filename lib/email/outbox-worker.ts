// In-process delivery: a kick right after a commit, and a periodic sweep that
// picks up retries and anything a crashed process left behind.
import { db } from "../db";
import { drainOutbox } from "./outbox";
import { numberSetting } from "../settings";

let running: Promise<unknown> | null = null;
let again = false;

/** Starts a delivery pass soon, without making the caller wait for it. */
export function kickOutbox(): void {
  if (running) {
    again = true;
    return;
  }
  running = drainOutbox(db)
    .catch((error) => console.error("[outbox] delivery pass failed:", error))
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        kickOutbox();
      }
    });
}

const globalForWorker = globalThis as unknown as { outboxTimer?: NodeJS.Timeout };

export function startOutboxWorker(intervalMs = numberSetting("OUTBOX_POLL_MS", 5000, { min: 50 })): void {
  if (globalForWorker.outboxTimer) return;
  globalForWorker.outboxTimer = setInterval(kickOutbox, intervalMs);
  globalForWorker.outboxTimer.unref();
  kickOutbox();
}
