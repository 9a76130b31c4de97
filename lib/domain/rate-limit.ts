// Request limits for the account emails (password reset, verification, email
// change): each request counts against one or more keys of the throttle table,
// in atomic upserts, so parallel requests cannot slip past a limit. A refused
// request says when to try again and nothing else.
import type { Db } from "../db";
import { blockedError, countAttempt, type ThrottlePolicy } from "./throttle";
import { numberSetting } from "../settings";

const HOUR = 60 * 60;

function perHour(variable: string, fallback: number): ThrottlePolicy {
  return { maxFailures: numberSetting(variable, fallback, { min: 1 }), windowSeconds: HOUR, blockSeconds: HOUR };
}

/** Password-reset requests per email address and per client address, per hour (defaults 5 / 20). */
export const RESET_PER_ADDRESS = perHour("PASSWORD_RESETS_PER_EMAIL", 5);
export const RESET_PER_CLIENT = perHour("PASSWORD_RESETS_PER_CLIENT", 20);
/** Sign-ups (each costs a password hash and an email) per client address and per email address, per hour (defaults 10 / 5). */
export const SIGN_UPS_PER_CLIENT = perHour("SIGN_UPS_PER_CLIENT", 10);
export const SIGN_UPS_PER_EMAIL = perHour("SIGN_UPS_PER_EMAIL", 5);
/** Verification and email-change emails one account may ask for per hour (default 5 each). */
export const ACCOUNT_EMAILS_PER_USER = perHour("ACCOUNT_EMAILS_PER_HOUR", 5);

/**
 * Counts this request against every key and throws too_many_requests when any
 * is over its limit. The request that reaches a limit is still allowed; the
 * next one is refused until the block ends.
 */
export async function limitRequests(db: Db, keys: Array<[string, ThrottlePolicy]>, lead: string): Promise<void> {
  let until: Date | null = null;
  for (const [key, policy] of keys) {
    const { count, blockedUntil } = await countAttempt(db, key, policy);
    if (count > policy.maxFailures && blockedUntil && (!until || blockedUntil > until)) until = blockedUntil;
  }
  if (until) throw blockedError(lead, until);
}
