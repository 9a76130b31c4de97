// A write's answer is built inside the write's transaction, never by a read
// after commit that could fail on its own (a 5xx for a change that happened).
// A POST sent with an Idempotency-Key (as Stripe's API takes it) also stores
// that answer in the same transaction: it exists exactly when the change
// committed, so a client that lost the answer (a timeout, a 503 while the
// database restarted) retries with the same key and gets the first answer,
// without the work being done twice.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { db, type Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import { isDatabaseUnavailable } from "../database-unavailable";
import { ApiError, apiKeyIdOf, apiRoute, bearerSecret, toErrorResponse } from "./http";
import { readBody } from "./params";

export const IDEMPOTENCY_WINDOW_HOURS = 24;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
// A duplicate sent while the first is running waits for it (on the key's row) inside its transaction.
const TX_OPTIONS = { maxWaitMs: 5_000, timeoutMs: 15_000 };

/** Answers worth replaying: successes and deterministic refusals (not a conflict or a rate limit, which may pass). */
function storable(status: number): boolean {
  return (status >= 200 && status < 300) || (status >= 400 && status < 500 && status !== 409 && status !== 429);
}

class NotStored {
  constructor(readonly response: Response) {}
}

// A stored answer can hold what is shown only once (an invitation's link, whose token the
// database otherwise keeps only as a hash): it is sealed with a key derived from the secret
// key of the request, which is never stored, so only a retry with that secret key opens it.
function answerKey(request: Request): Buffer {
  const secret = bearerSecret(request) ?? "";
  return createHmac("sha256", secret).update("orgs idempotent answer v1").digest();
}

function seal(key: Buffer, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const sealed = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64")}`;
}

function open(key: Buffer, stored: string): string {
  const raw = Buffer.from(stored.slice("v1:".length), "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

function replay(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: {
      "content-type": "application/json",
      "cache-control": "no-store, no-transform",
      "content-length": String(Buffer.byteLength(body)),
      "idempotent-replayed": "true",
    },
  });
}

/**
 * Runs a REST API write and builds its answer in one transaction. `params` is
 * what the request asks (its parsed body): a key reused for another request
 * is refused.
 */
export async function writeAnswer(
  request: Request,
  params: unknown,
  work: (tx: Tx) => Promise<Response>,
): Promise<Response> {
  const key = request.method === "POST" ? request.headers.get("idempotency-key") : null;
  if (key === null) return db.transaction(work, TX_OPTIONS);
  if (!KEY_PATTERN.test(key)) {
    throw new ApiError(
      400,
      "idempotency_key_invalid",
      "The Idempotency-Key header must be 1 to 255 visible ASCII characters (a UUID, say).",
      {
        param_name: "Idempotency-Key",
      },
    );
  }
  const apiKeyId = apiKeyIdOf(request);
  const fingerprint = createHash("sha256")
    .update(`${request.method} ${new URL(request.url).pathname}\n${JSON.stringify(params ?? null)}`)
    .digest("hex");
  try {
    const answer = await db.transaction(async (tx) => {
      // Claims the key, or (once a concurrent holder has committed) finds its answer. An
      // expired row is taken over as if absent.
      const claimed = await tx.rows<{ claimed: boolean }>(Prisma.sql`
        INSERT INTO idempotency_keys (api_key_id, key, fingerprint, status, body, created_at)
        VALUES (${apiKeyId}, ${key}, ${fingerprint}, 0, '', now())
        ON CONFLICT (api_key_id, key) DO UPDATE
           SET fingerprint = EXCLUDED.fingerprint, status = 0, body = '', created_at = now()
         WHERE idempotency_keys.created_at <= now() - make_interval(hours => ${IDEMPOTENCY_WINDOW_HOURS}::int)
        RETURNING true AS claimed`);
      if (claimed.length === 0) {
        const stored = await tx.one<{ fingerprint: string; status: number; body: string }>(Prisma.sql`
          SELECT fingerprint, status, body FROM idempotency_keys WHERE api_key_id = ${apiKeyId} AND key = ${key}`);
        if (!stored)
          throw new ApiError(
            409,
            "idempotency_key_in_use",
            "A request with this Idempotency-Key is in progress; retry shortly.",
          );
        if (stored.fingerprint !== fingerprint) {
          throw new ApiError(
            400,
            "idempotency_key_reused",
            `This Idempotency-Key was used in the last ${IDEMPOTENCY_WINDOW_HOURS} hours for another request (a different path or parameters). Use a new key for a new request.`,
            { param_name: "Idempotency-Key" },
          );
        }
        return replay(stored.status, open(answerKey(request), stored.body));
      }
      await tx.execute(Prisma.sql`SAVEPOINT idempotent_work`);
      let response: Response;
      try {
        response = await work(tx);
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw error;
        response = toErrorResponse(error);
        if (!storable(response.status)) throw new NotStored(response);
        // The refusal is kept; whatever the work wrote before refusing is not.
        await tx.execute(Prisma.sql`ROLLBACK TO SAVEPOINT idempotent_work`);
      }
      if (!storable(response.status)) throw new NotStored(response);
      const body = seal(answerKey(request), await response.clone().text());
      await tx.execute(Prisma.sql`
        UPDATE idempotency_keys SET status = ${response.status}::int, body = ${body}
         WHERE api_key_id = ${apiKeyId} AND key = ${key}`);
      return response;
    }, TX_OPTIONS);
    pruneExpiredKeys();
    return answer;
  } catch (error) {
    if (error instanceof NotStored) return error.response;
    throw error;
  }
}

/**
 * A route that writes from a JSON object body: reads the body, then runs
 * `work` and builds its answer in one transaction (writeAnswer, the body being
 * the request an Idempotency-Key is checked against).
 */
export function writeRoute<P = Record<string, never>>(
  work: (tx: Tx, body: Record<string, unknown>, params: P) => Promise<Response>,
) {
  return apiRoute<P>(async (request, params) => {
    const body = await readBody(request);
    return writeAnswer(request, body, (tx) => work(tx, body, params));
  });
}

// Expired keys are deleted now and then, after a request, never in its way.
const PRUNE_EVERY_MS = 10 * 60 * 1000;
let lastPrune = 0;
function pruneExpiredKeys(): void {
  const now = Date.now();
  if (now - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = now;
  db.execute(
    Prisma.sql`DELETE FROM idempotency_keys WHERE created_at <= now() - make_interval(hours => ${IDEMPOTENCY_WINDOW_HOURS}::int)`,
  ).catch((error: unknown) =>
    console.warn("[api] pruning expired idempotency keys failed:", error instanceof Error ? error.message : error),
  );
}
