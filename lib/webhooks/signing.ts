// Signatures as the Standard Webhooks specification and Svix (which Clerk's
// webhooks go through) make them, so Clerk's `verifyWebhook` and the
// `standardwebhooks` package both accept our deliveries:
// - the secret is "whsec_" + standard base64 (not base64url) of random bytes;
// - the signature is "v1," + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)),
//   the timestamp in whole seconds;
// - the three values travel as svix-* headers (read by @clerk/backend) and as
//   webhook-* headers (read by standardwebhooks).
import { createHmac, randomBytes } from "node:crypto";

const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;

/** A new endpoint secret. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
}

/** The `v1,<base64>` signature of one delivery. */
export function signPayload(secret: string, id: string, timestampSeconds: number, body: string): string {
  const digest = createHmac("sha256", keyOf(secret)).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${digest}`;
}

/** The headers of one signed delivery, under both names. */
export function signedHeaders(
  secret: string,
  id: string,
  body: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = signPayload(secret, id, timestampSeconds, body);
  const timestamp = String(timestampSeconds);
  return {
    "svix-id": id,
    "svix-timestamp": timestamp,
    "svix-signature": signature,
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": signature,
  };
}
