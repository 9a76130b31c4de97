// Sessions: one row per sign-in, named by the session cookie (its `sid`).
// Every request checks the row is still active in the same statement that
// loads the user (getSessionUser in ./users), so ending a row ends the
// session at once, whoever holds a copy of the cookie.
import type { Db, Tx } from "../db";
import { sessionEvent } from "./event-payloads";
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

type SessionEventRow = { id: string; userId: string; createdAt: Date; lastSeenAt: Date; endedAt: Date | null };
const SESSION_EVENT_COLUMNS = Prisma.sql`id, user_id AS "userId", created_at AS "createdAt", last_seen_at AS "lastSeenAt", ended_at AS "endedAt"`;

/** A session as its events describe it: it lasts as long as a token does from its last use. */
function withExpiry(row: SessionEventRow) {
  return { ...row, expiresAt: new Date(row.lastSeenAt.getTime() + MAX_AGE_MS) };
}

/** Starts a session at sign-in; the token carries the returned id. Sessions long over are cleared on the way. */
export async function startSession(
  db: Db,
  userId: string,
  details: { userAgent?: string | null } = {},
): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const session = await tx.one<SessionEventRow>(Prisma.sql`
      INSERT INTO sessions (user_id, user_agent) VALUES (${userId}, ${cleanUserAgent(details.userAgent)})
      RETURNING ${SESSION_EVENT_COLUMNS}`);
    await sessionEvent(tx, userId, "session.created", withExpiry(session!));
    // Rows no token can name any more: ended, or unseen for longer than a token lives (plus the touch interval).
    await tx.execute(Prisma.sql`
      DELETE FROM sessions
       WHERE user_id = ${userId}
         AND (ended_at < ${new Date(Date.now() - MAX_AGE_MS)} OR last_seen_at < ${new Date(Date.now() - MAX_AGE_MS - 24 * 60 * 60 * 1000)})`);
    return { id: session!.id };
  });
}

/** Ends the session a token names (signing out); nothing happens for one already ended. */
export async function endSession(db: Db, userId: string, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const ended = await tx.one<SessionEventRow>(Prisma.sql`
      UPDATE sessions SET ended_at = ${new Date()} WHERE id = ${sessionId} AND user_id = ${userId} AND ended_at IS NULL
      RETURNING ${SESSION_EVENT_COLUMNS}`);
    if (ended) await sessionEvent(tx, userId, "session.ended", withExpiry(ended));
  });
}

/** Moves a session's last_seen_at on, unless it moved within LAST_SEEN_EVERY_MS (getSessionUser, not awaited). */
export async function touchSession(db: Db, sessionId: string): Promise<void> {
  await db.execute(Prisma.sql`
    UPDATE sessions SET last_seen_at = ${new Date()}
     WHERE id = ${sessionId} AND ended_at IS NULL AND last_seen_at < ${new Date(Date.now() - LAST_SEEN_EVERY_MS)}`);
}

/** Ends every session of the account, inside the caller's transaction (sign out everywhere, password change or reset). */
export async function endAllSessions(tx: Tx, userId: string): Promise<void> {
  const ended = await tx.rows<SessionEventRow>(Prisma.sql`
    UPDATE sessions SET ended_at = now() WHERE user_id = ${userId} AND ended_at IS NULL
    RETURNING ${SESSION_EVENT_COLUMNS}`);
  for (const session of ended) await sessionEvent(tx, userId, "session.revoked", withExpiry(session));
}

/** The account's sessions that a token may still name, most recently active first. */
export async function listSessions(db: Db, actorId: string, currentSessionId: string | null): Promise<SessionDto[]> {
  const rows = await db.rows<Omit<SessionDto, "current">>(Prisma.sql`
    SELECT id, user_agent AS "userAgent", created_at AS "createdAt", last_seen_at AS "lastSeenAt"
      FROM sessions
     WHERE user_id = ${actorId} AND ended_at IS NULL
       AND last_seen_at > ${new Date(Date.now() - MAX_AGE_MS - LAST_SEEN_EVERY_MS)}
     ORDER BY last_seen_at DESC, created_at DESC
     LIMIT 100`);
  return rows.map((row) => ({ ...row, current: row.id === currentSessionId }));
}

/**
 * Ends one of the actor's own sessions ("sign out this session"). Another
 * account's session, an unknown id and one already ended get the same
 * not-found answer.
 */
export async function revokeSession(db: Db, actorId: string, sessionId: unknown): Promise<{ id: string }> {
  if (typeof sessionId !== "string" || !/^sess_[0-9a-f]{32}$/.test(sessionId)) throw notFound("session");
  return db.transaction(async (tx) => {
    const ended = await tx.one<SessionEventRow>(Prisma.sql`
      UPDATE sessions SET ended_at = ${new Date()} WHERE id = ${sessionId} AND user_id = ${actorId} AND ended_at IS NULL
      RETURNING ${SESSION_EVENT_COLUMNS}`);
    if (!ended) throw notFound("session");
    await sessionEvent(tx, actorId, "session.revoked", withExpiry(ended));
    return { id: sessionId };
  });
}
