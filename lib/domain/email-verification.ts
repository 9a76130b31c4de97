// Email verification: the sign-up email carries the first link; a signed-in,
// unverified person can ask for another (rate-limited). A link verifies the
// address it was sent to, and only while that is still the account's address.
import type { Db } from "../db";
import { userEvent, userPayload } from "./event-payloads";
import { Prisma } from "../generated/prisma/client";
import { verificationEmail } from "../email/account-emails";
import { accountOfLink, consumeAccountToken, NO_LONGER_ON_THE_ACCOUNT, sendAccountLink } from "./account-tokens";
import { newToken } from "./tokens";
import { notFound } from "./errors";
import { ACCOUNT_EMAILS_PER_USER, limitRequests } from "./rate-limit";
import { enrollVerifiedAddress } from "./domains/enrollment";

export const verifyKey = (userId: string) => `verify:${userId}`;

/** Queues a new verification email (older links stop working); the caller kicks delivery after commit. */
export async function requestEmailVerification(
  db: Db,
  userId: string,
): Promise<{ email: string; alreadyVerified: boolean }> {
  const user = await db.one<{ name: string; email: string; emailVerified: Date | null }>(
    Prisma.sql`SELECT name, email, email_verified AS "emailVerified" FROM users WHERE id = ${userId}`,
  );
  if (!user) throw notFound("account");
  if (user.emailVerified) return { email: user.email, alreadyVerified: true };
  await limitRequests(db, [[verifyKey(userId), ACCOUNT_EMAILS_PER_USER]], "Too many verification emails were sent.");
  const { token, tokenHash } = newToken();
  const email = await verificationEmail(user.name, token);
  await db.transaction((tx) =>
    sendAccountLink(tx, { userId, kind: "email_verification", tokenHash, email: user.email }, user.email, email),
  );
  return { email: user.email, alreadyVerified: false };
}

/** Uses a verification link: the address it was sent to becomes verified. */
export async function verifyEmail(db: Db, token: string): Promise<{ email: string }> {
  return db.transaction(async (tx) => {
    const used = await consumeAccountToken(tx, "email_verification", token);
    const user = await accountOfLink(tx, used, NO_LONGER_ON_THE_ACCOUNT);
    if (!user.emailVerified) {
      const before = await userPayload(tx, used.userId);
      await tx.execute(
        Prisma.sql`UPDATE users SET email_verified = ${new Date()}, updated_at = now() WHERE id = ${used.userId}`,
      );
      await userEvent(tx, used.userId, "user.updated", used.userId, before);
      // A verified domain's automatic invitation or suggestion, now that the address is proven.
      await enrollVerifiedAddress(tx, used.userId);
    }
    return { email: user.email };
  });
}
