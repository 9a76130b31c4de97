// Throttles failed sign-ins per account and per client address. Counters are
// updated with one atomic upsert each, so parallel attempts cannot slip past
// the limit between a read and a write.
import type { Db } from "../db";
import { DomainError } from "./errors";

export type ThrottlePolicy = { maxFailures: number; windowSeconds: number; blockSeconds: number };

export const ACCOUNT_POLICY: ThrottlePolicy = {
  maxFailures: Number(process.env.SIGN_IN_MAX_FAILURES_PER_ACCOUNT ?? 5),
  windowSeconds: 15 * 60,
  blockSeconds: 15 * 60,
};
export const ADDRESS_POLICY: ThrottlePolicy = {
  maxFailures: Number(process.env.SIGN_IN_MAX_FAILURES_PER_ADDRESS ?? 30),
  windowSeconds: 15 * 60,
  blockSeconds: 15 * 60,
};

export function accountKey(email: string): string {
  return `email:${email}`;
}
export function addressKey(address: string): string {
  return `ip:${address}`;
}

function keysFor(email: string, clientAddress: string | null): Array<[string, ThrottlePolicy]> {
  const keys: Array<[string, ThrottlePolicy]> = [[accountKey(email), ACCOUNT_POLICY]];
  if (clientAddress) keys.push([addressKey(clientAddress), ADDRESS_POLICY]);
  return keys;
}

export function tooManyAttempts(blockedUntil: Date, now = new Date()): DomainError {
  const seconds = Math.max(1, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  const wait = seconds < 60 ? `${seconds} seconds` : minutes === 1 ? "1 minute" : `${minutes} minutes`;
  return new DomainError(
    "too_many_requests",
    `Too many failed sign-in attempts. Try again in ${wait}.`,
    { retryAfterSeconds: seconds, retryAt: blockedUntil.toISOString() },
  );
}

/** Throws too_many_requests while the account or the address is blocked. */
export async function assertNotThrottled(db: Db, email: string, clientAddress: string | null): Promise<void> {
  const rows = await db.signInThrottle.findMany({
    where: { key: { in: keysFor(email, clientAddress).map(([key]) => key) }, blockedUntil: { gt: new Date() } },
    select: { blockedUntil: true },
  });
  const until = rows.reduce<Date | null>(
    (latest, row) => (row.blockedUntil && (!latest || row.blockedUntil > latest) ? row.blockedUntil : latest),
    null,
  );
  if (until) throw tooManyAttempts(until);
}

/** Counts a failure against each key; returns the moment a block ends if one started now. */
export async function recordFailure(db: Db, email: string, clientAddress: string | null): Promise<Date | null> {
  let blockedUntil: Date | null = null;
  for (const [key, policy] of keysFor(email, clientAddress)) {
    // Block duration is at least the window, so a block always outlives the failures that caused it.
    const rows = await db.$queryRaw<Array<{ blocked_until: Date | null }>>`
      INSERT INTO sign_in_throttles AS t (key, failures, window_start, blocked_until, updated_at)
      VALUES (${key}, 1, now(),
              CASE WHEN 1 >= ${policy.maxFailures}::int THEN now() + (${policy.blockSeconds}::int * interval '1 second') END,
              now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.window_start < now() - (${policy.windowSeconds}::int * interval '1 second')
                        THEN 1 ELSE t.failures + 1 END,
        window_start = CASE WHEN t.window_start < now() - (${policy.windowSeconds}::int * interval '1 second')
                            THEN now() ELSE t.window_start END,
        blocked_until = CASE
          WHEN (CASE WHEN t.window_start < now() - (${policy.windowSeconds}::int * interval '1 second')
                     THEN 1 ELSE t.failures + 1 END) >= ${policy.maxFailures}::int
          THEN now() + (${policy.blockSeconds}::int * interval '1 second')
          ELSE t.blocked_until END,
        updated_at = now()
      RETURNING CASE WHEN failures >= ${policy.maxFailures}::int THEN blocked_until END AS blocked_until`;
    const until = rows[0]?.blocked_until ?? null;
    if (until && (!blockedUntil || until > blockedUntil)) blockedUntil = until;
  }
  return blockedUntil;
}

export async function clearAccountFailures(db: Db, email: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: accountKey(email) } });
}
