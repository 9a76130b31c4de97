import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { safeCallbackUrl } from "./callback-url";
import { db } from "../db";
import { getSessionUser, type UserDto } from "../domain/users";
import { decodeSessionToken, type SessionClaims } from "./session-token";

export { safeCallbackUrl };

/**
 * The signed-in user, loaded from the database once per request; null when
 * signed out, deleted, when the session was ended (signed out, or from the
 * account page) or when its version is behind the account's (signed out
 * everywhere, password changed or reset).
 */
export const getCurrentUser = cache(async (): Promise<UserDto | null> => {
  const session = await getSessionClaims();
  return session ? getSessionUser(db, session.userId, session.sessionVersion, session.sessionId) : null;
});

/**
 * Who the session cookie names, before the database confirms it: only for
 * starting reads alongside getCurrentUser(), whose answer decides whether
 * they are shown.
 */
export const getSessionClaims = cache(readSessionCookie);

// Auth.js's session cookie: "__Secure-" prefixed when the site runs on https.
const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

/**
 * The session cookie, decrypted and checked (expiry included) as Auth.js's
 * `auth()` does, without the internal request/response round trip `auth()`
 * makes: that costs a page several milliseconds, and a page cannot re-issue
 * the cookie anyway. The secret is the one next-auth uses: AUTH_SECRET
 * (or NEXTAUTH_SECRET).
 */
async function readSessionCookie(): Promise<SessionClaims | null> {
  const jar = await cookies();
  for (const name of SESSION_COOKIES) {
    // Auth.js splits a cookie over 4 KB into name.0, name.1, ...; ours stay far below that.
    const token = jar.get(name)?.value ?? joinChunks(jar.getAll(), name);
    if (!token) continue;
    const secret = process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
    if (!secret) return null;
    return decodeSessionToken(token, secret, name);
  }
  return null;
}

function joinChunks(all: Array<{ name: string; value: string }>, name: string): string | undefined {
  const chunks = all
    .filter((cookie) => cookie.name.startsWith(`${name}.`) && /^\d+$/.test(cookie.name.slice(name.length + 1)))
    .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
  return chunks.length > 0 ? chunks.map((cookie) => cookie.value).join("") : undefined;
}

export async function requireUser(returnTo: string): Promise<UserDto> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(safeCallbackUrl(returnTo))}`);
  return user;
}
