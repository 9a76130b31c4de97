// Sessions: one row per sign-in, named by the session cookie (its `sid`).
// Every request checks the row is still active in the same statement that
// loads the user (getSessionUser in ./users), so ending a row ends the
// session at once, whoever holds a copy of the cookie.
import type { AnyTx, Db, Tx } from "../db";
import { txRows } from "../db";
import { Prisma } from "../generated/prisma/client";
import { notFound } from "./errors";

/** As long as Auth.js keeps a session cookie valid (auth.config.ts session.maxAge). */
export const SESSION_MAX_AGE_DAYS = 30;
const MAX_AGE_MS = SESSION_MAX_AGE_DAYS * 24 * 60 * 60 * 1000;

/** last_seen_at moves at most this often: a page view costs no write. */
export const LAST_SEEN_EVERY_MS = 5 * 60 * 1000;

export type SessionDto = {
  id: string;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  /** The session the list was asked from. */
  current: boolean;
};

/** A single line of printable text, as much as a list needs. */
function cleanUserAgent(userAgent: string | null | undefined): string | null {
  // Control characters, including bidi overrides, never reach the page.
  const text = (userAgent ?? "")
    .replace(/[\p{Cc}\p{Cf}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
  return text || null;
}

/** Starts a session at sign-in; the token carries the returned id. Sessions long over are cleared on the way. */
export async function startSession(
  db: Db,
  userId: string,
  details: { userAgent?: string | null } = {},
): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const session = await tx.session.create({
      data: { userId, userAgent: cleanUserAgent(details.userAgent) },
      select: { id: true },
    });
    // Rows no token can name any more: ended, or unseen for longer than a token lives (plus the touch interval).
    await tx.session.deleteMany({
      where: {
        userId,
        OR: [
          { endedAt: { lt: new Date(Date.now() - MAX_AGE_MS) } },
          { lastSeenAt: { lt: new Date(Date.now() - MAX_AGE_MS - 24 * 60 * 60 * 1000) } },
        ],
      },
    });
    return session;
  });
}

/** Ends the session a token names (signing out); nothing happens for one already ended. */
export async function endSession(db: Db | Tx, userId: string, sessionId: string): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, userId, endedAt: null }, data: { endedAt: new Date() } });
}

/** Ends every session of the account, inside the caller's transaction (sign out everywhere, password change or reset). */
export async function endAllSessions(tx: AnyTx, userId: string): Promise<void> {
  await txRows(
    tx,
    Prisma.sql`UPDATE sessions SET ended_at = now() WHERE user_id = ${userId} AND ended_at IS NULL RETURNING id`,
  );
}

/** The account's sessions that a token may still name, most recently active first. */
export async function listSessions(db: Db, actorId: string, currentSessionId: string | null): Promise<SessionDto[]> {
  const rows = await db.session.findMany({
    where: {
      userId: actorId,
      endedAt: null,
      lastSeenAt: { gt: new Date(Date.now() - MAX_AGE_MS - LAST_SEEN_EVERY_MS) },
    },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    select: { id: true, userAgent: true, createdAt: true, lastSeenAt: true },
    take: 100,
  });
  return rows.map((row) => ({ ...row, current: row.id === currentSessionId }));
}

/**
 * Ends one of the actor's own sessions ("sign out this session"). Another
 * account's session, an unknown id and one already ended get the same
 * not-found answer.
 */
export async function revokeSession(db: Db, actorId: string, sessionId: unknown): Promise<{ id: string }> {
  if (typeof sessionId !== "string" || !/^sess_[0-9a-f]{32}$/.test(sessionId)) throw notFound("session");
  const ended = await db.session.updateMany({
    where: { id: sessionId, userId: actorId, endedAt: null },
    data: { endedAt: new Date() },
  });
  if (ended.count === 0) throw notFound("session");
  return { id: sessionId };
}
