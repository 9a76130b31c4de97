// The throttle table (sign_in_throttles): counters under keys, each updated in
// one atomic upsert (countAttempt), so parallel attempts cannot slip past a
// limit between a read and a write. It throttles failed sign-ins (below) and
// is the engine of the hourly request limits (./rate-limit.ts: sign-ups,
// password resets, verification and email-change emails).
//
// Sign-in keys, so that strangers cannot lock an owner out:
// - account + client address: a low limit; guessing from one client slows that client.
// - account: a much higher limit, against guessing spread over many clients.
// - client address: failures across all accounts (password spraying).
// - account + trusted device: a browser that once signed in to this account
//   (signed device cookie) counts only its own failures, so the owner signs in
//   even while strangers have used up the account's limit.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { DomainError } from "./errors";
import { numberSetting } from "../settings";

export type ThrottlePolicy = { maxFailures: number; windowSeconds: number; blockSeconds: number };

/** A device the caller has proved (signed cookie) once signed in to `email`. */
export type TrustedDevice = { email: string; id: string };

export const CLIENT_POLICY: ThrottlePolicy = {
  maxFailures: numberSetting("SIGN_IN_MAX_FAILURES_PER_CLIENT", 5, { min: 1 }),
  windowSeconds: 15 * 60,
  blockSeconds: 15 * 60,
};
export const ACCOUNT_POLICY: ThrottlePolicy = {
  maxFailures: numberSetting("SIGN_IN_MAX_FAILURES_PER_ACCOUNT", 100, { min: 1 }),
  windowSeconds: 15 * 60,
  blockSeconds: 15 * 60,
};
export const ADDRESS_POLICY: ThrottlePolicy = {
  maxFailures: numberSetting("SIGN_IN_MAX_FAILURES_PER_ADDRESS", 30, { min: 1 }),
  windowSeconds: 15 * 60,
  blockSeconds: 15 * 60,
};

export function accountKey(email: string): string {
  return `email:${email}`;
}
export function addressKey(address: string): string {
  return `ip:${address}`;
}
/** Without a known address (server started without the preload) all clients of an account share one key. */
export function accountClientKey(email: string, address: string | null): string {
  return `email-client:${email}|${address ?? "unknown"}`;
}
export function accountDeviceKey(email: string, deviceId: string): string {
  return `email-device:${email}|${deviceId}`;
}
/** Sign-ups asking for this email address (lib/domain/rate-limit.ts SIGN_UPS_PER_EMAIL). */
export function signUpEmailKey(email: string): string {
  return `signup-email:${email}`;
}
export function signUpClientKey(address: string): string {
  return `signup-ip:${address}`;
}
/** Every sign-in key that names this account: to unblock it (password reset) or forget it (account deleted). */
export function accountThrottleSql(email: string): Prisma.Sql {
  return Prisma.sql`(key = ${accountKey(email)} OR key = ${signUpEmailKey(email)}
                     OR starts_with(key, ${`email-client:${email}|`}) OR starts_with(key, ${`email-device:${email}|`}))`;
}

function keysFor(
  email: string,
  clientAddress: string | null,
  device: TrustedDevice | null,
): Array<[string, ThrottlePolicy]> {
  // The device counts only when it names this very account.
  if (device && device.email === email) return [[accountDeviceKey(email, device.id), CLIENT_POLICY]];
  const keys: Array<[string, ThrottlePolicy]> = [
    [accountClientKey(email, clientAddress), CLIENT_POLICY],
    [accountKey(email), ACCOUNT_POLICY],
  ];
  if (clientAddress) keys.push([addressKey(clientAddress), ADDRESS_POLICY]);
  return keys;
}

/** Refuses with "<lead> Try again in N minutes." and the wait in meta, for any limit that blocks until a time. */
export function blockedError(lead: string, blockedUntil: Date, now = new Date()): DomainError {
  const seconds = Math.max(1, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  const wait = seconds < 60 ? `${seconds} seconds` : minutes === 1 ? "1 minute" : `${minutes} minutes`;
  return new DomainError("too_many_requests", `${lead} Try again in ${wait}.`, {
    retryAfterSeconds: seconds,
    retryAt: blockedUntil.toISOString(),
  });
}

export function tooManyAttempts(blockedUntil: Date, now = new Date()): DomainError {
  return blockedError("Too many failed sign-in attempts.", blockedUntil, now);
}

/** Throws too_many_requests while any key of this attempt (see keysFor) is blocked. */
export async function assertNotThrottled(
  db: Db,
  email: string,
  clientAddress: string | null,
  device: TrustedDevice | null = null,
): Promise<void> {
  const rows = await db.rows<{ blocked_until: Date | null }>(Prisma.sql`
    SELECT blocked_until FROM sign_in_throttles
     WHERE key = ANY(${keysFor(email, clientAddress, device).map(([key]) => key)}::text[]) AND blocked_until > ${new Date()}`);
  const until = rows.reduce<Date | null>(
    (latest, row) => (row.blocked_until ? later(latest, row.blocked_until) : latest),
    null,
  );
  if (until) throw tooManyAttempts(until);
}

function later(a: Date | null, b: Date): Date {
  return a && a > b ? a : b;
}

/**
 * Counts one attempt against a key in one atomic upsert and returns the count
 * in the current window, and the end of the block once the count reached the
 * policy's maximum. Also the engine of the account-email rate limits.
 */
export async function countAttempt(
  db: Db,
  key: string,
  policy: ThrottlePolicy,
): Promise<{ count: number; blockedUntil: Date | null }> {
  // A key starts afresh when its window has passed or its block has ended.
  const fresh = Prisma.sql`(t.window_start < now() - (${policy.windowSeconds}::int * interval '1 second')
                            OR (t.blocked_until IS NOT NULL AND t.blocked_until <= now()))`;
  const row = await db.one<{ failures: number; blocked_until: Date | null }>(Prisma.sql`
    INSERT INTO sign_in_throttles AS t (key, failures, window_start, blocked_until, updated_at)
    VALUES (${key}, 1, now(),
            CASE WHEN 1 >= ${policy.maxFailures}::int THEN now() + (${policy.blockSeconds}::int * interval '1 second') END,
            now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN ${fresh} THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN ${fresh} THEN now() ELSE t.window_start END,
      blocked_until = CASE
        WHEN (CASE WHEN ${fresh} THEN 1 ELSE t.failures + 1 END) = ${policy.maxFailures}::int
          THEN now() + (${policy.blockSeconds}::int * interval '1 second')
        WHEN ${fresh} THEN NULL
        ELSE t.blocked_until END,
      updated_at = now()
    RETURNING failures, blocked_until`);
  return { count: row?.failures ?? 1, blockedUntil: row?.blocked_until ?? null };
}

/**
 * Counts an attempt against each key before the password is checked, so
 * parallel guesses cannot all slip past the limit while one is being verified.
 * Returns a block when this attempt is over the limit (refuse it unverified)
 * or when it is the last one allowed (verify it; a failure then says when to
 * try again).
 */
export async function registerAttempt(
  db: Db,
  email: string,
  clientAddress: string | null,
  device: TrustedDevice | null = null,
): Promise<{ refuse: Date | null; lastAllowed: Date | null }> {
  let refuse: Date | null = null;
  let lastAllowed: Date | null = null;
  for (const [key, policy] of keysFor(email, clientAddress, device)) {
    const row = await countAttempt(db, key, policy);
    if (!row.blockedUntil) continue;
    if (row.count > policy.maxFailures) refuse = later(refuse, row.blockedUntil);
    else if (row.count === policy.maxFailures) lastAllowed = later(lastAllowed, row.blockedUntil);
  }
  return { refuse, lastAllowed };
}

/**
 * After a successful sign-in: this client (or device) of the account starts
 * afresh, and the address gets its attempt back. The account's own count is
 * left to expire: the owner signing in must not reset strangers' failures.
 */
export async function forgiveAttempt(
  db: Db,
  email: string,
  clientAddress: string | null,
  device: TrustedDevice | null = null,
): Promise<void> {
  const own =
    device && device.email === email ? accountDeviceKey(email, device.id) : accountClientKey(email, clientAddress);
  await db.execute(Prisma.sql`DELETE FROM sign_in_throttles WHERE key = ${own}`);
  if (clientAddress && !(device && device.email === email)) {
    await db.execute(Prisma.sql`UPDATE sign_in_throttles SET failures = greatest(failures - 1, 0), updated_at = now()
                                 WHERE key = ${addressKey(clientAddress)} AND (blocked_until IS NULL OR blocked_until <= now())`);
  }
}
