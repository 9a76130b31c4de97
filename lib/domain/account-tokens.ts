// Single-use links for account chores (email verification, password reset,
// email change). A token is 32 random bytes; only its SHA-256 hash is stored.
// A token is consumed by one conditional UPDATE inside the transaction that
// applies its change, so two clicks (or two tabs) cannot both use it.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { queueEmail } from "../email/outbox";
import type { RenderedEmail } from "../email/render";
import { DomainError } from "./errors";
import { hashToken } from "./tokens";

export type AccountTokenKind = "email_verification" | "password_reset" | "email_change";

const HOUR = 60 * 60 * 1000;

/** How long each kind of link works. */
export const TOKEN_LIFETIME_MS: Record<AccountTokenKind, number> = {
  email_verification: 24 * HOUR,
  password_reset: 1 * HOUR,
  email_change: 24 * HOUR,
};

export function tokenExpiry(kind: AccountTokenKind, now = Date.now()): Date {
  return new Date(now + TOKEN_LIFETIME_MS[kind]);
}

/**
 * Stores a token for a user, inside the caller's transaction. The user's
 * earlier unused links of the same kind stop working: only the newest email counts.
 */
export async function storeAccountToken(
  tx: Db,
  data: {
    userId: string;
    kind: AccountTokenKind;
    tokenHash: string;
    email: string;
    newEmail?: string;
    expiresAt: Date;
  },
): Promise<void> {
  await discardAccountTokens(tx, data.userId, [data.kind]);
  await tx.execute(Prisma.sql`
    INSERT INTO account_tokens (id, user_id, kind, token_hash, email, new_email, expires_at)
    VALUES (gen_random_uuid(), ${data.userId}, ${data.kind}::account_token_kind, ${data.tokenHash}, ${data.email},
            ${data.newEmail ?? null}, ${data.expiresAt})`);
}

/**
 * Sends a new link: stores its token (working for its kind's lifetime; the user's earlier
 * unused links of the kind stop working) and queues the email carrying it, to `to`, inside
 * the caller's transaction.
 */
export async function sendAccountLink(
  tx: Db,
  token: { userId: string; kind: AccountTokenKind; tokenHash: string; email: string; newEmail?: string },
  to: string,
  email: RenderedEmail,
): Promise<void> {
  await storeAccountToken(tx, { ...token, expiresAt: tokenExpiry(token.kind) });
  await queueEmail(tx, to, email);
}

/** Makes a user's unused links of these kinds stop working. */
export async function discardAccountTokens(tx: Db, userId: string, kinds: AccountTokenKind[]): Promise<void> {
  await tx.execute(Prisma.sql`
    DELETE FROM account_tokens WHERE user_id = ${userId} AND kind = ANY(${kinds}::account_token_kind[]) AND used_at IS NULL`);
}

export type ConsumedToken = { id: string; userId: string; email: string; newEmail: string | null };

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{40,50}$/;

/**
 * Marks the token used and returns it, or throws why it cannot be used. Atomic:
 * of concurrent calls with one token, exactly one gets the row.
 */
export async function consumeAccountToken(tx: Db, kind: AccountTokenKind, token: string): Promise<ConsumedToken> {
  if (TOKEN_SHAPE.test(token)) {
    // The account's row first, then its links: every account change takes locks in that order
    // (delete-account locks organizations, then the user), so two link uses cannot deadlock,
    // and what the link checks about the account holds until the change commits.
    await tx.execute(Prisma.sql`
      SELECT id FROM users WHERE id = (SELECT user_id FROM account_tokens WHERE token_hash = ${hashToken(token)}) FOR UPDATE`);
    const row = await tx.one<{ id: string; user_id: string; email: string; new_email: string | null }>(Prisma.sql`
      UPDATE account_tokens SET used_at = now()
       WHERE token_hash = ${hashToken(token)} AND kind = ${kind}::account_token_kind
         AND used_at IS NULL AND expires_at > now()
      RETURNING id::text, user_id, email, new_email`);
    if (row) return { id: row.id, userId: row.user_id, email: row.email, newEmail: row.new_email };
  }
  throw unusable(await inspectAccountToken(tx, kind, token), kind);
}

/**
 * The account a used link belongs to, while it still has the address the link
 * was sent to; a link to an address the account no longer has is refused.
 */
export async function accountOfLink(
  tx: Db,
  used: ConsumedToken,
  staleMessage: string,
): Promise<{ email: string; emailVerified: Date | null }> {
  const user = await tx.one<{ email: string; emailVerified: Date | null }>(
    Prisma.sql`SELECT email, email_verified AS "emailVerified" FROM users WHERE id = ${used.userId}`,
  );
  if (!user || user.email !== used.email)
    throw new DomainError("verification_failed", staleMessage, { reason: "stale" });
  return user;
}

export const NO_LONGER_ON_THE_ACCOUNT = "This link was sent to an address that is no longer on the account.";

export type TokenState =
  | { state: "valid"; email: string; newEmail: string | null; expiresAt: Date }
  | { state: "used" | "expired" | "invalid" };

/** What a link would do, without using it: the pages show this before asking for anything. */
export async function inspectAccountToken(db: Db, kind: AccountTokenKind, token: string): Promise<TokenState> {
  if (!TOKEN_SHAPE.test(token)) return { state: "invalid" };
  const row = await db.one<{
    kind: AccountTokenKind;
    email: string;
    newEmail: string | null;
    expiresAt: Date;
    usedAt: Date | null;
  }>(
    Prisma.sql`SELECT kind::text AS kind, email, new_email AS "newEmail", expires_at AS "expiresAt", used_at AS "usedAt"
                 FROM account_tokens WHERE token_hash = ${hashToken(token)}`,
  );
  if (!row || row.kind !== kind) return { state: "invalid" };
  if (row.usedAt) return { state: "used" };
  if (row.expiresAt <= new Date()) return { state: "expired" };
  return { state: "valid", email: row.email, newEmail: row.newEmail, expiresAt: row.expiresAt };
}

const AGAIN: Record<AccountTokenKind, string> = {
  email_verification: "Send a new verification email from your account page.",
  password_reset: "Ask for a new password reset email.",
  email_change: "Start the email change again from your account page.",
};

export function unusable(state: TokenState, kind: AccountTokenKind = "email_verification"): DomainError {
  switch (state.state) {
    case "used":
      return new DomainError("verification_failed", "This link has already been used.", { reason: "used" });
    case "expired":
      return new DomainError("verification_expired", `This link has expired. ${AGAIN[kind]}`, { reason: "expired" });
    default:
      return new DomainError("verification_failed", "This link is not valid. Check that you copied all of it.", {
        reason: "invalid",
      });
  }
}
