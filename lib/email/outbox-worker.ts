// In-process email delivery (lib/delivery-loop.ts): a kick right after a commit,
// and a periodic sweep that picks up retries and anything a crashed process left behind.
import { db } from "../db";
import { drainOutbox, emailsQueuedInProcess } from "./outbox";
import { numberSetting } from "../settings";
import { eventsWrittenInProcess } from "../domain/events";
import { kickWebhooks } from "../webhooks/worker";
import { deliveryLoop } from "../delivery-loop";

const loop = deliveryLoop("outbox", () => drainOutbox(db));

/**
 * Starts a delivery pass soon, without making the caller wait for it. A
 * process started with OUTBOX_WORKER=off delivers nothing itself, not even
 * after its own commits: another process does (and the tests drive delivery).
 */
export const kickOutbox = loop.kick;

/** Resolves once no delivery pass of this process is running (tests; a clean shutdown). */
export const outboxSettled = loop.settled;

/**
 * Runs a request's work (whose transactions commit before it returns), then
 * kicks delivery if any email was queued (or event written) meanwhile, whether the work returned,
 * failed or redirected. Every server action and API route runs inside it, so
 * none has to remember the kick. The count is per process, not per request: a
 * concurrent request's email may cause a kick here too, which only delivers it
 * sooner; work that queued nothing costs nothing.
 */
export async function kickOutboxAfter<T>(work: () => Promise<T>): Promise<T> {
  const before = emailsQueuedInProcess();
  const eventsBefore = eventsWrittenInProcess();
  try {
    return await work();
  } finally {
    if (emailsQueuedInProcess() !== before) kickOutbox();
    // Events are an outbox too: their webhook deliveries go out right after the commit.
    if (eventsWrittenInProcess() !== eventsBefore) kickWebhooks();
  }
}

export function startOutboxWorker(intervalMs = numberSetting("OUTBOX_POLL_MS", 5000, { min: 50 })): void {
  loop.start(intervalMs);
}

export const stopOutboxWorker = loop.stop;
