// Auth.js session tokens as the pages read them (lib/server/session.ts), apart from
// Next.js so that tests can call it.
import { decode } from "next-auth/jwt";

/** sessionId is null for tokens issued before sessions were kept: those are signed out. */
export type SessionClaims = { userId: string; sessionVersion: number; sessionId: string | null };

/**
 * Tokens this process has decrypted, with their claims and expiry. Decrypting
 * costs CPU on every request (a key derivation and AES-CBC + HMAC through
 * WebCrypto) and a browser sends the same token with every request until
 * Auth.js renews it, so a page skips that work after the first request. A
 * token decrypts to the same claims every time under the same secret and
 * cookie name; the expiry is checked on every hit; revocation does not depend
 * on this (the session row and version are checked in the database on every
 * request). Only tokens that decrypted are kept, at most DECODED_MAX of them,
 * the oldest going first.
 */
const decoded = new Map<string, { secret: string; claims: SessionClaims; expiresAt: number }>();
const DECODED_MAX = 5_000;

export async function decodeSessionToken(token: string, secret: string, salt: string): Promise<SessionClaims | null> {
  const key = `${salt}:${token}`;
  const hit = decoded.get(key);
  if (hit && hit.secret === secret && hit.expiresAt > Date.now()) return hit.claims;
  if (hit) decoded.delete(key);
  try {
    const payload = await decode({ token, secret, salt });
    if (typeof payload?.sub !== "string" || payload.sub === "") return null;
    const claims = {
      userId: payload.sub,
      sessionVersion: typeof payload.sv === "number" ? payload.sv : 0,
      sessionId: typeof payload.sid === "string" ? payload.sid : null,
    };
    if (typeof payload.exp === "number" && token.length <= 4096) {
      if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
      decoded.set(key, { secret, claims, expiresAt: payload.exp * 1000 });
    }
    return claims;
  } catch {
    return null; // tampered, expired, or made with another secret: signed out
  }
}
