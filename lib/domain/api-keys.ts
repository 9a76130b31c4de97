// Instance secret keys for the REST API. A key is shown once, when made; only
// its SHA-256 hash is stored (a key is 256 random bits, so a fast hash is
// enough: there is nothing to guess). Revoked keys stop working within a second.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { DomainError } from "./errors";
import { hashToken, randomToken } from "./tokens";

export const API_KEY_PREFIX = "sk_live_";

export type ApiKeyDto = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** ApiKeyDto's columns (named as its fields): the api_keys table's one column list. */
const API_KEY_COLUMNS = Prisma.raw(
  `id, name, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`,
);

/** Makes a key; the returned `key` is the only time it is ever seen. */
export async function createApiKey(db: Db, name: string): Promise<ApiKeyDto & { key: string }> {
  const label = name.trim();
  if (!label || label.length > 100) {
    throw new DomainError(
      "form_param_format_invalid",
      "Name the key (1 to 100 characters), e.g. after the server that uses it.",
      {
        paramName: "name",
      },
    );
  }
  const key = `${API_KEY_PREFIX}${randomToken()}`;
  const created = await db.one<ApiKeyDto>(Prisma.sql`
    INSERT INTO api_keys (name, prefix, key_hash) VALUES (${label}, ${key.slice(0, API_KEY_PREFIX.length + 6)}, ${hashToken(key)})
    RETURNING ${API_KEY_COLUMNS}`);
  return { ...created!, key };
}

export function listApiKeys(db: Db): Promise<ApiKeyDto[]> {
  return db.rows<ApiKeyDto>(Prisma.sql`SELECT ${API_KEY_COLUMNS} FROM api_keys ORDER BY created_at ASC`);
}

/** Revokes by id; revoking twice is harmless. Servers stop accepting the key within KEY_RECHECK_MS. */
export async function revokeApiKey(db: Db, id: string): Promise<ApiKeyDto> {
  const revoked = await db.one<ApiKeyDto>(Prisma.sql`
    UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ${new Date()}) WHERE id = ${id} RETURNING ${API_KEY_COLUMNS}`);
  if (!revoked) throw new DomainError("resource_not_found", `No API key has the id ${id}.`);
  return revoked;
}

// "Last used" is written at most once a minute per key, not on every request.
const lastUseWritten = new Map<string, number>();

// A key found valid is trusted for one second without asking the database
// again: a busy API server then looks a key up about once a second, and a
// revocation (made by another process, the operator's command) holds within
// that second.
export const KEY_RECHECK_MS = 1000;
const recentlyValid = new Map<string, { id: string; until: number }>();

/** The key's id when the key is known and not revoked; null otherwise. */
export async function authenticateApiKey(db: Db, key: string): Promise<{ id: string } | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  const keyHash = hashToken(key);
  const now = Date.now();
  const cached = recentlyValid.get(keyHash);
  if (cached && cached.until > now) return { id: cached.id };
  const found = await db.one<{ id: string; revoked: boolean }>(
    Prisma.sql`SELECT id, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE key_hash = ${keyHash}`,
  );
  if (!found || found.revoked) {
    recentlyValid.delete(keyHash);
    return null;
  }
  if (recentlyValid.size > 1000) recentlyValid.clear();
  recentlyValid.set(keyHash, { id: found.id, until: now + KEY_RECHECK_MS });
  if (now - (lastUseWritten.get(found.id) ?? 0) > 60_000) {
    lastUseWritten.set(found.id, now);
    await db.execute(Prisma.sql`UPDATE api_keys SET last_used_at = ${new Date(now)} WHERE id = ${found.id}`);
  }
  return { id: found.id };
}
