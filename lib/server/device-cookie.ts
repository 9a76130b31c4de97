// The trusted-device cookie: set at a successful sign-in, it holds a random
// device id and a signature (AUTH_SECRET) over that id and the account's
// email, which it does not contain: it proves "this browser signed in to this
// account before" only to someone who names the account. A sign-in for that
// account from a browser that holds it counts only against that device's own
// failures, so strangers failing from elsewhere cannot lock the owner out
// (lib/domain/throttle.ts). It grants nothing else: without the
// password it is worth no more than its own few attempts.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { TrustedDevice } from "../domain/throttle";
import { normalizeEmail } from "../validation/auth";

export const DEVICE_COOKIE = "orgs.device";
export const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

function signingKey(): Buffer | null {
  const secret = process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (!secret) return null;
  // A key of its own, so this signature can never be replayed as any other of AUTH_SECRET's uses.
  return createHmac("sha256", secret).update("orgs trusted-device cookie v1").digest();
}

function sign(key: Buffer, id: string, email: string): string {
  return createHmac("sha256", key).update(`${id}\n${email}`).digest("base64url");
}

/**
 * The device a Cookie header proves for the account `email` names, or null
 * when there is no cookie, or it was made for another account, or its
 * signature does not hold.
 */
export function readTrustedDevice(cookieHeader: string | null | undefined, email: unknown): TrustedDevice | null {
  const key = signingKey();
  if (!key || !cookieHeader || typeof email !== "string") return null;
  const raw = cookieHeader
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${DEVICE_COOKIE}=`))
    ?.slice(DEVICE_COOKIE.length + 1);
  const [id, signature, extra] = (raw ?? "").split(".");
  if (!id || !signature || extra !== undefined || !/^[A-Za-z0-9_-]{22}$/.test(id)) return null;
  const account = normalizeEmail(email);
  const expected = Buffer.from(sign(key, id, account));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { email: account, id };
}

/**
 * The cookie value for a device that just signed in to `email`: the same
 * device id when the browser already proved one for this account, else a new
 * one. Null without a secret.
 */
export function deviceCookieValue(email: string, current: TrustedDevice | null): string | null {
  const key = signingKey();
  if (!key) return null;
  const id = current && current.email === email ? current.id : randomBytes(16).toString("base64url");
  return `${id}.${sign(key, id, email)}`;
}
