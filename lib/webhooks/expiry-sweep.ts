// Runs the invitation expiry sweep every EXPIRY_SWEEP_MS (30 s) in the worker
// and, unless OUTBOX_WORKER=off, in the web server; the same tick sends the
// admins' batched emails about requests to join that waited out their interval.
import { db } from "../db";
import { numberSetting } from "../settings";
import { recordExpiredInvitations } from "../domain/invitations/expiry";
import { notifyWaitingRequests } from "../domain/domains/requests";
import { kickOutbox } from "../email/outbox-worker";
import { kickWebhooks } from "./worker";

const globalForSweep = globalThis as unknown as { expiryTimer?: NodeJS.Timeout; expiryRunning?: boolean };

async function sweep(): Promise<void> {
  if (globalForSweep.expiryRunning) return;
  globalForSweep.expiryRunning = true;
  try {
    let total = 0;
    for (let batch = await recordExpiredInvitations(db); batch > 0; batch = await recordExpiredInvitations(db))
      total += batch;
    if (total > 0) kickWebhooks();
    // Requests to join that waited out the admins' email interval (lib/domain/domains/requests.ts).
    if ((await notifyWaitingRequests(db)) > 0) kickOutbox();
  } catch (error) {
    console.error("[expiry] sweep failed:", error);
  } finally {
    globalForSweep.expiryRunning = false;
  }
}

export function startExpirySweep(intervalMs = numberSetting("EXPIRY_SWEEP_MS", 30_000, { min: 100 })): void {
  if (process.env.OUTBOX_WORKER === "off" || globalForSweep.expiryTimer) return;
  globalForSweep.expiryTimer = setInterval(() => void sweep(), intervalMs);
  globalForSweep.expiryTimer.unref();
  void sweep();
}

export function stopExpirySweep(): void {
  clearInterval(globalForSweep.expiryTimer);
  globalForSweep.expiryTimer = undefined;
}
