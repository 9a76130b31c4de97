// The email outbox. An email is a row written in the same transaction as the
// change that causes it; delivery happens after commit, from any process, with
// rows claimed under SKIP LOCKED so two workers never send the same row at once.
// A row is marked sent only after the provider accepted it (undelivered when the
// operator turned delivery off: EMAIL_DELIVERY=off); a process that dies
// mid-delivery leaves a "sending" row whose lease expires and is retried with
// the same idempotency key, so the provider drops the duplicate.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { RenderedEmail } from "./render";
import { emailDelivery, emailFrom } from "./config";
import { EmailSendError, sendEmail, type OutgoingEmail, type SendResult } from "./transport";
import { numberSetting } from "../settings";
import { drainPasses } from "../delivery-loop";

export const MAX_ATTEMPTS = numberSetting("EMAIL_MAX_ATTEMPTS", 8, { min: 1 });
const LEASE_SECONDS = 60;

export type Sender = (email: OutgoingEmail, options: { idempotencyKey: string }) => Promise<SendResult>;

export const DELIVERY_OFF_NOTE = "Not delivered: email delivery is off (EMAIL_DELIVERY=off).";

/**
 * With EMAIL_DELIVERY=off an email is written as undelivered at once (no
 * worker, whatever its own settings, ever sends it) and the log says so.
 */
function undeliveredFields(emails: Array<{ to: string; subject: string }>): {
  status: "pending" | "undelivered";
  lastError: string | null;
} {
  if (emailDelivery() !== "off") return { status: "pending", lastError: null };
  for (const { to, subject } of emails)
    console.warn(`[email] not delivered (EMAIL_DELIVERY=off) to ${to}: "${subject}"`);
  return { status: "undelivered", lastError: DELIVERY_OFF_NOTE };
}

// Emails this process has written to the outbox (committed or not): the request
// wrappers compare it before and after their work to know whether to kick delivery.
// On globalThis: Next.js bundles this module into several server chunks.
const queued = ((globalThis as unknown as { orgsEmailsQueued?: { count: number } }).orgsEmailsQueued ??= { count: 0 });

/** How many emails this process has queued so far (see kickOutboxAfter in ./outbox-worker). */
export function emailsQueuedInProcess(): number {
  return queued.count;
}

/** Writes an email to the outbox inside the caller's transaction. */
export async function queueEmail(tx: Db, to: string, email: RenderedEmail): Promise<{ id: string }> {
  queued.count++;
  const { status, lastError } = undeliveredFields([{ to, subject: email.subject }]);
  const row = await tx.one<{ id: string }>(Prisma.sql`
    INSERT INTO outbox_emails (id, "to", "from", subject, html, text, status, last_error, updated_at)
    VALUES (gen_random_uuid(), ${to}, ${emailFrom()}, ${email.subject}, ${email.html}, ${email.text},
            ${status}::email_status, ${lastError}, now())
    RETURNING id::text`);
  return row!;
}

/** Writes several emails to the outbox in one statement, inside the caller's transaction. */
export async function queueEmails(tx: Db, emails: Array<{ to: string; email: RenderedEmail }>): Promise<void> {
  const { status, lastError } = undeliveredFields(emails.map(({ to, email }) => ({ to, subject: email.subject })));
  queued.count += emails.length;
  await tx.execute(Prisma.sql`
    INSERT INTO outbox_emails (id, "to", "from", subject, html, text, status, last_error, updated_at)
    SELECT gen_random_uuid(), e.to, ${emailFrom()}::text, e.subject, e.html, e.text, ${status}::email_status, ${lastError}::text, now()
      FROM unnest(${emails.map((e) => e.to)}::text[], ${emails.map((e) => e.email.subject)}::text[],
                  ${emails.map((e) => e.email.html)}::text[], ${emails.map((e) => e.email.text)}::text[])
           AS e("to", subject, html, text)`);
}

/** Seconds to wait before attempt number `attempts + 1`: 2, 4, 8 ... capped at an hour, with jitter. */
export function backoffSeconds(attempts: number, random = Math.random): number {
  const base = Math.min(3600, 2 ** Math.max(1, attempts));
  return Math.round(base * (0.75 + random() * 0.5));
}

type ClaimedRow = {
  id: string;
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  attempts: number;
};

async function claimDue(db: Db, limit: number): Promise<ClaimedRow[]> {
  return db.rows<ClaimedRow>(Prisma.sql`
    UPDATE outbox_emails AS o
       SET status = 'sending', attempts = o.attempts + 1,
           locked_until = now() + (${LEASE_SECONDS}::int * interval '1 second'), updated_at = now()
     WHERE o.id IN (
       SELECT id FROM outbox_emails
        WHERE (status = 'pending' AND next_attempt_at <= now())
           OR (status = 'sending' AND locked_until < now())
        ORDER BY next_attempt_at
        LIMIT ${limit}::int
        FOR UPDATE SKIP LOCKED)
    RETURNING o.id::text, o."to", o."from", o.subject, o.html, o.text, o.attempts`);
}

export type DeliveryReport = { claimed: number; sent: number; retrying: number; failed: number; undelivered: number };

/** Delivers every due email once (one pass); returns what happened. */
export async function deliverDueEmails(
  db: Db,
  { limit = 50, send = sendEmail as Sender }: { limit?: number; send?: Sender } = {},
): Promise<DeliveryReport> {
  const rows = await claimDue(db, limit);
  const report: DeliveryReport = { claimed: rows.length, sent: 0, retrying: 0, failed: 0, undelivered: 0 };
  await Promise.all(
    rows.map(async (row) => {
      try {
        const result = await send(
          { from: row.from, to: row.to, subject: row.subject, html: row.html, text: row.text },
          { idempotencyKey: `outbox-${row.id}` },
        );
        if (result.transport === "off") {
          await db.execute(Prisma.sql`
            UPDATE outbox_emails SET status = 'undelivered', locked_until = NULL, last_error = ${DELIVERY_OFF_NOTE}, updated_at = now()
             WHERE id = ${row.id}::uuid AND status = 'sending'`);
          report.undelivered++;
          return;
        }
        await db.execute(Prisma.sql`
          UPDATE outbox_emails SET status = 'sent', sent_at = ${new Date()}, provider_id = ${result.id ?? null},
                 locked_until = NULL, last_error = NULL, updated_at = now()
           WHERE id = ${row.id}::uuid AND status = 'sending'`);
        report.sent++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const retryable = !(error instanceof EmailSendError) || error.retryable;
        const giveUp = !retryable || row.attempts >= MAX_ATTEMPTS;
        // Given up: failed, due time as it was; else pending again after a backoff.
        const nextAttemptAt = giveUp ? null : new Date(Date.now() + backoffSeconds(row.attempts) * 1000);
        await db.execute(Prisma.sql`
          UPDATE outbox_emails SET status = ${giveUp ? "failed" : "pending"}::email_status, last_error = ${message.slice(0, 1000)},
                 locked_until = NULL, next_attempt_at = COALESCE(${nextAttemptAt}::timestamptz, next_attempt_at), updated_at = now()
           WHERE id = ${row.id}::uuid AND status = 'sending'`);
        if (giveUp) report.failed++;
        else report.retrying++;
      }
    }),
  );
  return report;
}

/** Delivers until nothing is due right now. */
export async function drainOutbox(db: Db, options: { send?: Sender } = {}): Promise<DeliveryReport> {
  return drainPasses(() => deliverDueEmails(db, options));
}
