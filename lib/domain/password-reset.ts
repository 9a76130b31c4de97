// Password reset. Asking for a reset answers the same way, and costs about the
// same, whether or not the address has an account: either way one email is
// rendered and queued (a reset link, or a note that there is no account).
// Requests are limited per address and per client. Using the link sets the
// password and ends every session of the account.
import type { Db } from "../db";
import { userEvent } from "./event-payloads";
import { Prisma } from "../generated/prisma/client";
import { passwordChangedNotice, passwordResetEmail, passwordResetNoAccountEmail } from "../email/account-emails";
import { queueEmail } from "../email/outbox";
import { emailSchema, passwordSchema } from "../validation/auth";
import {
  accountOfLink,
  consumeAccountToken,
  discardAccountTokens,
  NO_LONGER_ON_THE_ACCOUNT,
  sendAccountLink,
} from "./account-tokens";
import { newToken } from "./tokens";
import { invalidParam } from "./errors";
import { hashPassword } from "./passwords";
import { limitRequests, RESET_PER_ADDRESS, RESET_PER_CLIENT } from "./rate-limit";
import { accountThrottleSql, type ThrottlePolicy } from "./throttle";
import { endAllSessions } from "./sessions";
import { enrollVerifiedAddress } from "./domains/enrollment";

export const resetAddressKey = (email: string) => `reset:email:${email}`;
export const resetClientKey = (address: string) => `reset:ip:${address}`;

/** The one answer to every accepted request, whether or not the address has an account. */
export function resetRequestedMessage(email: string): string {
  return `Check your inbox at ${email}: we sent an email with the next step. A reset link in it works for 1 hour. If nothing arrives within a few minutes, check your spam folder.`;
}

/**
 * Queues the reset email for an address; the caller kicks delivery after
 * commit. Returns the same thing for known and unknown addresses.
 */
export async function requestPasswordReset(
  db: Db,
  input: { email?: unknown },
  clientAddress: string | null,
): Promise<{ email: string; message: string }> {
  const parsed = emailSchema.safeParse(input.email);
  if (!parsed.success) throw invalidParam("email", parsed.error.issues[0]?.message ?? "Enter a valid email address.");
  const email = parsed.data;

  const keys: Array<[string, ThrottlePolicy]> = [[resetAddressKey(email), RESET_PER_ADDRESS]];
  if (clientAddress) keys.push([resetClientKey(clientAddress), RESET_PER_CLIENT]);
  await limitRequests(db, keys, "Too many password reset requests.");

  const user = await db.one<{ id: string; name: string }>(
    Prisma.sql`SELECT id, name FROM users WHERE email = ${email}`,
  );
  // Both branches make a token and render one email, so known and unknown addresses take the same time.
  const { token, tokenHash } = newToken();
  const rendered = user ? await passwordResetEmail(user.name, token) : await passwordResetNoAccountEmail(email);
  await db.transaction(async (tx) => {
    if (user) {
      await sendAccountLink(tx, { userId: user.id, kind: "password_reset", tokenHash, email }, email, rendered);
    } else {
      // The statement storing a token starts with, matching nothing: the same round trips either way.
      await discardAccountTokens(tx, "", ["password_reset"]);
      await queueEmail(tx, email, rendered);
    }
  });
  return { email, message: resetRequestedMessage(email) };
}

/**
 * Uses a reset link: sets the new password, ends every session (the session
 * version moves on), marks the address verified (the link proved it) and
 * lifts a sign-in block on the account.
 */
export async function resetPassword(db: Db, token: string, input: { password?: unknown }): Promise<{ email: string }> {
  const parsed = passwordSchema.safeParse(input.password);
  if (!parsed.success) throw invalidParam("password", parsed.error.issues[0]?.message ?? "Enter a new password.");
  const passwordHash = await hashPassword(parsed.data);
  const notice = await passwordChangedNotice();
  return db.transaction(async (tx) => {
    const used = await consumeAccountToken(tx, "password_reset", token);
    const user = await accountOfLink(tx, used, NO_LONGER_ON_THE_ACCOUNT);
    await tx.execute(Prisma.sql`
      UPDATE users SET password_hash = ${passwordHash}, session_version = session_version + 1,
             email_verified = ${user.emailVerified ?? new Date()}, updated_at = now()
       WHERE id = ${used.userId}`);
    await userEvent(tx, used.userId, "user.updated", used.userId);
    if (!user.emailVerified) await enrollVerifiedAddress(tx, used.userId);
    await endAllSessions(tx, used.userId);
    // A pending email change started by whoever knew the old password dies with it.
    await discardAccountTokens(tx, used.userId, ["password_reset", "email_change"]);
    await tx.execute(Prisma.sql`DELETE FROM sign_in_throttles WHERE ${accountThrottleSql(user.email)}`);
    await queueEmail(tx, user.email, notice);
    return { email: user.email };
  });
}
