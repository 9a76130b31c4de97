// Secrets handed out once (invitation and account links, API keys): 256
// random bits, of which only a SHA-256 hash is stored. With that much
// randomness there is nothing to guess, so a fast hash is enough.
import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps of a token or key. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A fresh token (for the link) and its hash (for the database). */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomToken();
  return { token, tokenHash: hashToken(token) };
}
