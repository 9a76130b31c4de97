// The maintenance sweep, every EXPIRY_SWEEP_MS (30 s) in the worker and, unless
// OUTBOX_WORKER=off, in the web server: invitations past their expiry get their
// organizationInvitation.expired event; deleted accounts' personal data is
// erased from the events; with EVENTS_RETENTION_DAYS set, older events are
// pruned; admins get their batched emails about requests to join that waited
// out their interval. Each step works in short batches (each its own transaction, claimed
// under SKIP LOCKED, so any number of processes sweep side by side), at most
// MAX_BATCHES per step and sweep: a backlog is worked off over a few sweeps.
import { db } from "../db";
import { numberSetting } from "../settings";
import { recordExpiredInvitations } from "../domain/invitations/expiry";
import { notifyWaitingRequests } from "../domain/domains/requests";
import { kickOutbox } from "../email/outbox-worker";
import { eraseDeletedPeopleFromEvents, eventsRetentionDays, pruneEvents } from "../domain/event-retention";
import { kickWebhooks } from "./worker";

const MAX_BATCHES = 100;

const globalForSweep = globalThis as unknown as { expiryTimer?: NodeJS.Timeout; expiryRunning?: boolean };

/** Runs `batch` until it reports nothing done (or MAX_BATCHES); the total it reported. */
async function repeat(step: string, batch: () => Promise<number>): Promise<number> {
  let total = 0;
  try {
    for (let i = 0; i < MAX_BATCHES; i++) {
      const done = await batch();
      if (done === 0) break;
      total += done;
    }
  } catch (error) {
    console.error(`[sweep] ${step} failed:`, error);
  }
  return total;
}

export type SweepReport = { expired: number; erased: number; pruned: number };

/** One sweep: expiry events, erasure, retention (exported for tests and scripts). */
export async function sweepOnce(): Promise<SweepReport> {
  const expired = await repeat("invitation expiry", () => recordExpiredInvitations(db));
  if (expired > 0) kickWebhooks();
  const erased = await repeat("erasure", () => eraseDeletedPeopleFromEvents(db));
  let pruned = 0;
  try {
    const days = eventsRetentionDays();
    if (days !== null) pruned = await repeat("retention", () => pruneEvents(db, days));
  } catch (error) {
    console.error("[sweep] retention failed:", error);
  }
  // Requests to join that waited out the admins' email interval (lib/domain/domains/requests.ts).
  const notified = await repeat("request emails", () => notifyWaitingRequests(db));
  if (notified > 0) kickOutbox();
  return { expired, erased, pruned };
}

async function sweep(): Promise<void> {
  if (globalForSweep.expiryRunning) return;
  globalForSweep.expiryRunning = true;
  try {
    await sweepOnce();
  } finally {
    globalForSweep.expiryRunning = false;
  }
}

export function startExpirySweep(intervalMs = numberSetting("EXPIRY_SWEEP_MS", 30_000, { min: 100 })): void {
  if (process.env.OUTBOX_WORKER === "off" || globalForSweep.expiryTimer) return;
  // A bad setting is reported as the process starts, not at the first sweep.
  eventsRetentionDays();
  globalForSweep.expiryTimer = setInterval(() => void sweep(), intervalMs);
  globalForSweep.expiryTimer.unref();
  void sweep();
}

export function stopExpirySweep(): void {
  clearInterval(globalForSweep.expiryTimer);
  globalForSweep.expiryTimer = undefined;
}
