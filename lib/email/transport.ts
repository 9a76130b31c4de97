// sendEmail: the Resend SDK when RESEND_API_KEY is set (the SDK itself honours
// RESEND_BASE_URL), otherwise a local capture outside production: the message
// stays in the outbox table, readable at /dev/mailbox in development. With
// EMAIL_DELIVERY=off nothing is sent and the outbox records the email as
// undelivered; in production with no provider nothing is sent either, and the
// email waits (the server refuses to start that way, see emailDeliveryProblem).
import { randomUUID } from "node:crypto";
import { Resend } from "resend";
import { toSingleLine } from "../validation/text";
import { emailDelivery, emailDeliveryProblem } from "./config";

export type OutgoingEmail = { from: string; to: string; subject: string; html: string; text: string };
export type SendResult = { id: string; transport: "resend" | "local" } | { id: null; transport: "off" };

export class EmailSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "EmailSendError";
  }
}

let client: { key: string; resend: Resend } | undefined;

function resendClient(key: string): Resend {
  if (client?.key !== key) client = { key, resend: new Resend(key) };
  return client.resend;
}

export function emailTransport(): "resend" | "local" | "off" | null {
  return emailDelivery();
}

/**
 * Sends one email. idempotencyKey makes a retry after a lost response safe:
 * Resend delivers a given key once.
 */
export async function sendEmail(
  email: OutgoingEmail,
  { idempotencyKey }: { idempotencyKey?: string } = {},
): Promise<SendResult> {
  const delivery = emailDelivery();
  // Emails queued before delivery was turned off: the outbox records them as undelivered.
  if (delivery === "off") {
    console.warn(`[email] not delivered (EMAIL_DELIVERY=off) to ${email.to}: "${email.subject}"`);
    return { id: null, transport: "off" };
  }
  // Production without a provider: the email waits (retried) instead of passing for sent.
  if (delivery === null) throw new EmailSendError(emailDeliveryProblem() ?? "No email provider is configured.", true);
  const key = process.env.RESEND_API_KEY?.trim();
  if (delivery === "local" || !key) {
    if (process.env.NODE_ENV !== "test") {
      console.info(`[email] captured locally for ${email.to}: "${email.subject}" (open /dev/mailbox)`);
    }
    return { id: `local_${randomUUID()}`, transport: "local" };
  }
  const { data, error } = await resendClient(key).emails.send(
    // One line, also for a row queued before names were checked (renderEmail does the same when queuing).
    { from: email.from, to: email.to, subject: toSingleLine(email.subject), html: email.html, text: email.text },
    idempotencyKey ? { idempotencyKey } : undefined,
  );
  if (error || !data) {
    const statusCode = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
    // 4xx other than rate limiting means the message itself is bad: retrying will not help.
    const retryable = statusCode === null || statusCode === 429 || statusCode >= 500;
    throw new EmailSendError(`${error?.name ?? "error"}: ${error?.message ?? "no response"}`, retryable);
  }
  return { id: data.id, transport: "resend" };
}
