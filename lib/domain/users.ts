// Accounts: sign-up and credential checks. Only UserDto leaves this module;
// the password hash never does.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { welcomeEmail } from "../email/account-emails";
import { signInSchema, signUpSchema } from "../validation/auth";
import { sendAccountLink } from "./account-tokens";
import { newToken } from "./tokens";
import { DomainError, isUniqueViolation, parseInput } from "./errors";
import { hashPassword, verifyPassword } from "./passwords";
import { LAST_SEEN_EVERY_MS, touchSession } from "./sessions";
import { limitRequests, SIGN_UPS_PER_CLIENT, SIGN_UPS_PER_EMAIL } from "./rate-limit";
import {
  assertNotThrottled,
  blockedError,
  forgiveAttempt,
  registerAttempt,
  signUpClientKey,
  signUpEmailKey,
  tooManyAttempts,
  type ThrottlePolicy,
  type TrustedDevice,
} from "./throttle";

import { insertUserSql, toUserDto, USER_DTO_COLUMNS, type UserDto, type UserDtoRow } from "./users-sql";
import { userEvent } from "./event-payloads";

export { userDtoSelect, type UserDto } from "./users-sql";

/**
 * Creates an account and queues its welcome email, which carries the link that
 * verifies the address, in the same transaction; the caller kicks delivery after commit.
 * Sign-ups are limited per client address and per email address, counted
 * before the password is hashed. "An account with this email already exists"
 * counts as a failed sign-in of that account from this client, so probing
 * addresses through sign-up is throttled like guessing through sign-in.
 */
export async function signUp(db: Db, input: unknown, clientAddress: string | null = null): Promise<UserDto> {
  const { name, email, password } = parseInput(signUpSchema, input);

  const keys: Array<[string, ThrottlePolicy]> = [[signUpEmailKey(email), SIGN_UPS_PER_EMAIL]];
  if (clientAddress) keys.push([signUpClientKey(clientAddress), SIGN_UPS_PER_CLIENT]);
  await limitRequests(db, keys, "Too many sign-up attempts.");

  const passwordHash = await hashPassword(password);
  const { token, tokenHash } = newToken();
  const welcome = await welcomeEmail(name, token);
  try {
    return await db.transaction(async (tx) => {
      const user = toUserDto(
        (await tx.one<UserDtoRow>(insertUserSql({ name, email, passwordHash, emailVerified: null })))!,
      );
      await userEvent(tx, user.id, "user.created", user.id);
      await sendAccountLink(tx, { userId: user.id, kind: "email_verification", tokenHash, email }, email, welcome);
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const attempt = await registerAttempt(db, email, clientAddress);
      const until = attempt.refuse ?? attempt.lastAllowed;
      if (until) throw blockedError("Too many sign-up attempts.", until);
      throw new DomainError("form_identifier_exists", "An account with this email already exists. Sign in instead.", {
        fieldErrors: { email: "An account with this email already exists. Sign in instead." },
        paramName: "email",
      });
    }
    throw error;
  }
}

export const WRONG_CREDENTIALS = "Wrong email or password.";

/**
 * Checks an email and password, counting failures per account + client, per
 * account and per client address, or only per device when `device` is a
 * trusted device of this account (see throttle.ts). Unknown emails and
 * wrong passwords get the same error and cost the same time.
 */
export async function verifyCredentials(
  db: Db,
  input: unknown,
  clientAddress: string | null,
  device: TrustedDevice | null = null,
): Promise<UserDto & { sessionVersion: number }> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw new DomainError("form_password_incorrect", WRONG_CREDENTIALS);
  const { email, password } = parsed.data;

  await assertNotThrottled(db, email, clientAddress, device);
  const attempt = await registerAttempt(db, email, clientAddress, device);
  if (attempt.refuse) throw tooManyAttempts(attempt.refuse);
  const user = await db.one<UserDtoRow & { passwordHash: string | null; sessionVersion: number }>(Prisma.sql`
    SELECT ${USER_DTO_COLUMNS}, u.password_hash AS "passwordHash", u.session_version AS "sessionVersion"
      FROM users u WHERE u.email = ${email}`);
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok) {
    if (attempt.lastAllowed) throw tooManyAttempts(attempt.lastAllowed);
    throw new DomainError("form_password_incorrect", WRONG_CREDENTIALS);
  }
  await forgiveAttempt(db, email, clientAddress, device);
  const { passwordHash: _omitted, ...dto } = user;
  void _omitted;
  return dto;
}

export async function getUser(db: Db, id: string): Promise<UserDto | null> {
  if (!/^user_[0-9a-f]{32}$/.test(id)) return null;
  const row = await db.one<UserDtoRow>(Prisma.sql`SELECT ${USER_DTO_COLUMNS} FROM users u WHERE u.id = ${id}`);
  return row ? toUserDto(row) : null;
}

/**
 * The user a session belongs to, or null when the account is gone, the
 * session ended (signed out, or ended from the account page), or it was
 * issued under an earlier session version (signed out everywhere, password
 * changed or reset). Tokens without a session id (from before sessions were
 * kept) are signed out.
 */
export async function getSessionUser(
  db: Db,
  id: string,
  sessionVersion: number,
  sessionId: string | null,
): Promise<UserDto | null> {
  if (!/^user_[0-9a-f]{32}$/.test(id) || !Number.isInteger(sessionVersion)) return null;
  if (!sessionId || !/^sess_[0-9a-f]{32}$/.test(sessionId)) return null;
  // Every page asks this: one prepared statement on the pool, the session's row checked in it.
  const row = await db.one<UserDto & { lastSeenAt: Date }>(
    Prisma.sql`SELECT ${USER_DTO_COLUMNS}, s.last_seen_at AS "lastSeenAt"
                 FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.id = ${sessionId} AND s.user_id = ${id} AND s.ended_at IS NULL AND u.session_version = ${sessionVersion}::int`,
  );
  if (!row) return null;
  const { lastSeenAt, ...user } = row;
  // At most one write every few minutes per session, not awaited: the page never waits for it.
  if (Date.now() - lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
    touchSession(db, sessionId).catch((error: unknown) => console.error("[sessions] last-seen update failed:", error));
  }
  return user;
}
