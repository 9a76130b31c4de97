// The trusted-device cookie: set at a successful sign-in, it names the account
// and a random device id, signed with AUTH_SECRET. A sign-in for that account
// from a browser that holds it counts only against that device's own failures,
// so strangers failing from elsewhere cannot lock the owner out
// (lib/domain/sign-in-throttle.ts). It grants nothing else: without the
// password it is worth no more than its own few attempts.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { TrustedDevice } from "./domain/sign-in-throttle";

export const DEVICE_COOKIE = "orgs.device";
export const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

function signingKey(): Buffer | null {
  const secret = process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (!secret) return null;
  // A key of its own, so this signature can never be replayed as any other of AUTH_SECRET's uses.
  return createHmac("sha256", secret).update("orgs trusted-device cookie v1").digest();
}

function sign(key: Buffer, payload: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url");
}

/** The device a Cookie header proves, or null when there is none or its signature does not hold. */
export function readTrustedDevice(cookieHeader: string | null | undefined): TrustedDevice | null {
  const key = signingKey();
  if (!key || !cookieHeader) return null;
  const raw = cookieHeader
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${DEVICE_COOKIE}=`))
    ?.slice(DEVICE_COOKIE.length + 1);
  const [emailPart, id, signature, extra] = (raw ?? "").split(".");
  if (!emailPart || !id || !signature || extra !== undefined || !/^[A-Za-z0-9_-]{22}$/.test(id)) return null;
  const expected = Buffer.from(sign(key, `${emailPart}.${id}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { email: Buffer.from(emailPart, "base64url").toString("utf8"), id };
}

/**
 * The cookie value for a device that just signed in to `email`: the same
 * device id when the browser already held one for this account, else a new one.
 * Null without a secret.
 */
export function deviceCookieValue(email: string, current: TrustedDevice | null): string | null {
  const key = signingKey();
  if (!key) return null;
  const id = current && current.email === email ? current.id : randomBytes(16).toString("base64url");
  const payload = `${Buffer.from(email, "utf8").toString("base64url")}.${id}`;
  return `${payload}.${sign(key, payload)}`;
}
