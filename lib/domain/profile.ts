// The signed-in person's own account: name, password, email address, and
// ending every session. A password change and "sign out everywhere" move the
// session version on, which ends every session issued before.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { emailChangedNotice, emailChangeEmail, passwordChangedNotice } from "../email/account-emails";
import { queueEmail } from "../email/outbox";
import { changeEmailSchema, changePasswordSchema, updateNameSchema } from "../validation/account";
import { accountOfLink, consumeAccountToken, discardAccountTokens, sendAccountLink } from "./account-tokens";
import { newToken } from "./tokens";
import { DomainError, invalidParam, isUniqueViolation, notFound, parseInput } from "./errors";
import { hashPassword, verifyPassword } from "./passwords";
import { ACCOUNT_EMAILS_PER_USER, limitRequests } from "./rate-limit";
import { endAllSessions } from "./sessions";
import { userEvent, userPayload } from "./event-payloads";
import { assertNotThrottled, forgiveAttempt, registerAttempt, tooManyAttempts } from "./throttle";
import { USER_DTO_COLUMNS, type UserDto } from "./users-sql";
import { enrollVerifiedAddress } from "./domains/enrollment";

export const emailChangeKey = (userId: string) => `email-change:${userId}`;

export async function updateName(db: Db, userId: string, input: unknown): Promise<UserDto> {
  const { name } = parseInput(updateNameSchema, input);
  // A first and last name given through the REST API no longer describe the new name: the API derives them from it.
  return db.transaction(async (tx) => {
    const before = await userPayload(tx, userId).catch(() => null);
    if (!before) throw notFound("account");
    const updated = await tx.one<UserDto>(Prisma.sql`
      UPDATE users u SET name = ${name}, first_name = NULL, last_name = NULL, updated_at = now()
       WHERE u.id = ${userId}
      RETURNING ${USER_DTO_COLUMNS}`);
    if (!updated) throw notFound("account");
    await userEvent(tx, userId, "user.updated", userId, before);
    return updated;
  });
}

/**
 * Checks the person's current password for a sensitive change. Failures count
 * against the same per-account limit as sign-in, so a session left open on a
 * shared computer cannot be used to guess the password.
 */
async function checkPassword(
  db: Db,
  email: string,
  passwordHash: string | null,
  password: string,
  field: string,
): Promise<void> {
  await assertNotThrottled(db, email, null);
  const attempt = await registerAttempt(db, email, null);
  if (attempt.refuse) throw tooManyAttempts(attempt.refuse);
  if (!(await verifyPassword(passwordHash, password))) {
    if (attempt.lastAllowed) throw tooManyAttempts(attempt.lastAllowed);
    throw new DomainError("form_password_incorrect", "That is not your current password.", {
      paramName: field,
      fieldErrors: { [field]: "That is not your current password." },
    });
  }
  await forgiveAttempt(db, email, null);
}

/**
 * Changes the password after checking the current one, and ends every other
 * session: the caller re-issues the acting browser's session under the
 * returned version.
 */
export async function changePassword(
  db: Db,
  userId: string,
  input: unknown,
): Promise<{ email: string; sessionVersion: number }> {
  const { currentPassword, newPassword } = parseInput(changePasswordSchema, input);
  const user = await db.one<{ email: string; passwordHash: string | null }>(
    Prisma.sql`SELECT email, password_hash AS "passwordHash" FROM users WHERE id = ${userId}`,
  );
  if (!user) throw notFound("account");
  await checkPassword(db, user.email, user.passwordHash, currentPassword, "currentPassword");
  if (newPassword === currentPassword)
    throw invalidParam("newPassword", "Choose a password different from your current one.");
  const passwordHash = await hashPassword(newPassword);
  const notice = await passwordChangedNotice();
  return db.transaction(async (tx) => {
    const row = await tx.one<{ email: string; sessionVersion: number }>(Prisma.sql`
      UPDATE users SET password_hash = ${passwordHash}, session_version = session_version + 1, updated_at = now()
       WHERE id = ${userId}
      RETURNING email, session_version AS "sessionVersion"`);
    if (!row) throw notFound("account");
    const updated = row;
    await userEvent(tx, userId, "user.updated", userId);
    await endAllSessions(tx, userId);
    await discardAccountTokens(tx, userId, ["password_reset", "email_change"]);
    await queueEmail(tx, updated.email, notice);
    return updated;
  });
}

/** Ends every session of the account, this one included. */
export async function signOutEverywhere(db: Db, userId: string): Promise<{ sessionVersion: number }> {
  return db.transaction(async (tx) => {
    // No user.updated: what changes is the sessions, each ended with its session.revoked event.
    const updated = await tx.one<{ sessionVersion: number }>(Prisma.sql`
      UPDATE /* no event */ users SET session_version = session_version + 1, updated_at = now()
       WHERE id = ${userId}
      RETURNING session_version AS "sessionVersion"`);
    if (!updated) throw notFound("account");
    await endAllSessions(tx, userId);
    // Links asked for from a session that is ending stop working too.
    await discardAccountTokens(tx, userId, ["password_reset", "email_change"]);
    return updated;
  });
}

function emailTaken(): DomainError {
  const message = "Another account already uses this email address.";
  return new DomainError("form_identifier_exists", message, {
    paramName: "newEmail",
    fieldErrors: { newEmail: message },
  });
}

/**
 * Sends a confirmation link to the new address; nothing changes until it is
 * used. Needs the current password; refused when the address is taken.
 */
export async function requestEmailChange(db: Db, userId: string, input: unknown): Promise<{ newEmail: string }> {
  const { newEmail, password } = parseInput(changeEmailSchema, input);
  const user = await db.one<{ name: string; email: string; passwordHash: string | null }>(
    Prisma.sql`SELECT name, email, password_hash AS "passwordHash" FROM users WHERE id = ${userId}`,
  );
  if (!user) throw notFound("account");
  if (newEmail === user.email) throw invalidParam("newEmail", "That is already your email address.");
  await checkPassword(db, user.email, user.passwordHash, password, "password");
  await limitRequests(db, [[emailChangeKey(userId), ACCOUNT_EMAILS_PER_USER]], "Too many email change requests.");
  if (await db.one(Prisma.sql`SELECT id FROM users WHERE email = ${newEmail}`)) throw emailTaken();

  const { token, tokenHash } = newToken();
  const email = await emailChangeEmail(user.name, newEmail, token);
  await db.transaction((tx) =>
    sendAccountLink(tx, { userId, kind: "email_change", tokenHash, email: user.email, newEmail }, newEmail, email),
  );
  return { newEmail };
}

/**
 * Uses an email-change link: the account's address becomes the new one (and
 * verified), if the account still has the address the change started from
 * and nobody took the new one meanwhile. The old address gets a notice.
 */
export async function confirmEmailChange(db: Db, token: string): Promise<{ email: string; previousEmail: string }> {
  try {
    return await db.transaction(async (tx) => {
      const used = await consumeAccountToken(tx, "email_change", token);
      const stale = "This link belongs to an earlier email change on the account.";
      const user = await accountOfLink(tx, used, stale);
      if (!used.newEmail) throw new DomainError("verification_failed", stale, { reason: "stale" });
      if (await tx.one(Prisma.sql`SELECT id FROM users WHERE email = ${used.newEmail}`)) throw emailTaken();
      const before = await userPayload(tx, used.userId);
      // The unique index decides if another account takes the address in the meantime (mapped below).
      await tx.execute(Prisma.sql`
        UPDATE users SET email = ${used.newEmail}, email_verified = ${new Date()}, updated_at = now() WHERE id = ${used.userId}`);
      await userEvent(tx, used.userId, "user.updated", used.userId, before);
      await enrollVerifiedAddress(tx, used.userId);
      await discardAccountTokens(tx, used.userId, ["email_verification", "email_change", "password_reset"]);
      await queueEmail(tx, user.email, await emailChangedNotice(user.email, used.newEmail));
      return { email: used.newEmail, previousEmail: user.email };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

/** The address an unconfirmed email change would switch to, while its link still works. */
export async function getPendingEmailChange(
  db: Db,
  userId: string,
): Promise<{ newEmail: string; expiresAt: Date } | null> {
  const row = await db.one<{ newEmail: string | null; expiresAt: Date }>(Prisma.sql`
    SELECT new_email AS "newEmail", expires_at AS "expiresAt" FROM account_tokens
     WHERE user_id = ${userId} AND kind = 'email_change' AND used_at IS NULL AND expires_at > ${new Date()}
     ORDER BY created_at DESC LIMIT 1`);
  return row?.newEmail ? { newEmail: row.newEmail, expiresAt: row.expiresAt } : null;
}
