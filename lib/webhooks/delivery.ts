// Webhook delivery: at least once, never lost. Each (endpoint, event) is a row
// written in the change's transaction (lib/domain/events.ts); any process
// claims due rows under SKIP LOCKED with a lease, so two workers never send the
// same row at once and a worker that dies mid-delivery leaves a row another
// one retries when the lease ends. Retries back off quickly at first (1 s,
// 5 s, 30 s, then growing) for up to WEBHOOK_RETRY_HOURS on timeouts, network
// errors, 5xx, 408 and 429 (Retry-After honoured); other 4xx stop after a few
// tries. The delivery id receivers see is the event id, so they de-duplicate.
// Within one endpoint and organization, events go out in order where they can:
// a row waits while an earlier one of the same stream is being sent (a retry
// waiting for its turn does not hold the stream up).
import http from "node:http";
import https from "node:https";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { createHash } from "node:crypto";
import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";
import { numberSetting } from "../settings";
import { appUrl } from "../email/config";
import { isPrivateAddress, privateAddressesAllowed } from "../domain/webhook-endpoints";
import { signedHeaders } from "./signing";
import { drainPasses } from "../delivery-loop";

/** Seconds before retry n (1-based), before jitter; the last value repeats. */
export const RETRY_SCHEDULE_SECONDS = [1, 5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800, 43200];
/** Client errors (other than 408 and 429) are tried this many times, then the delivery fails. */
const CLIENT_ERROR_ATTEMPTS = 3;
const EXCERPT_BYTES = 1024;

export type DeliveryOptions = {
  limit?: number;
  timeoutMs?: number;
  leaseSeconds?: number;
  /** Seconds before retry n (tests shorten it). */
  schedule?: number[];
  retryHours?: number;
  disableAfterHours?: number;
  random?: () => number;
  /** Only these endpoints' deliveries (a test's own, while other processes and tests share the database). */
  endpointIds?: string[];
};

function settings(options: DeliveryOptions) {
  const timeoutMs = options.timeoutMs ?? numberSetting("WEBHOOK_TIMEOUT_MS", 10_000, { min: 100 });
  return {
    limit: options.limit ?? 50,
    timeoutMs,
    // Longer than a request can take, so a live worker's row is never taken from it.
    leaseSeconds: options.leaseSeconds ?? Math.ceil(timeoutMs / 1000) + 30,
    schedule: options.schedule ?? RETRY_SCHEDULE_SECONDS,
    retryHours: options.retryHours ?? numberSetting("WEBHOOK_RETRY_HOURS", 72, { min: 0 }),
    disableAfterHours: options.disableAfterHours ?? numberSetting("WEBHOOK_DISABLE_AFTER_HOURS", 72, { min: 0 }),
    random: options.random ?? Math.random,
    endpointIds: options.endpointIds ?? null,
  };
}

/** This installation's id in every payload (Clerk's instance_id): INSTANCE_ID, or one derived from APP_URL. */
export function instanceId(): string {
  const configured = process.env.INSTANCE_ID?.trim();
  if (configured) return configured;
  return "ins_" + createHash("sha256").update(appUrl()).digest("hex").slice(0, 24);
}

type Claimed = {
  id: string;
  attempts: number;
  retryingSince: Date;
  organizationId: string | null;
  endpointId: string;
  url: string;
  secret: string;
  eventId: string;
  eventType: string;
  occurredAt: Date;
  data: unknown;
  httpRequest: { client_ip: string; user_agent: string } | null;
};

async function claimDue(db: Db, limit: number, leaseSeconds: number, endpointIds: string[] | null): Promise<Claimed[]> {
  return db.rows<Claimed>(Prisma.sql`
      WITH claimed AS (
        UPDATE webhook_deliveries AS d
           SET status = 'delivering', attempts = d.attempts + 1,
               locked_until = now() + (${leaseSeconds}::int * interval '1 second')
         WHERE d.id IN (
           SELECT c.id FROM webhook_deliveries c
             JOIN webhook_endpoints w ON w.id = c.endpoint_id AND w.enabled
            WHERE ((c.status = 'pending' AND c.next_attempt_at <= now())
                   OR (c.status = 'delivering' AND c.locked_until < now()))
              AND (${endpointIds}::text[] IS NULL OR c.endpoint_id = ANY (${endpointIds}::text[]))
              AND NOT EXISTS (
                SELECT 1 FROM webhook_deliveries o
                 WHERE o.endpoint_id = c.endpoint_id
                   AND o.organization_id IS NOT DISTINCT FROM c.organization_id
                   AND o.status = 'delivering' AND o.locked_until >= now()
                   AND o.event_seq < c.event_seq)
            ORDER BY c.event_seq
            LIMIT ${limit}::int
            FOR UPDATE OF c SKIP LOCKED)
        RETURNING d.id, d.attempts, d.retrying_since, d.organization_id, d.endpoint_id, d.event_seq)
      SELECT c.id::text AS id, c.attempts, c.retrying_since AS "retryingSince", c.organization_id AS "organizationId",
             w.id AS "endpointId", w.url, w.secret, e.id AS "eventId", e.type AS "eventType",
             e.occurred_at AS "occurredAt", e.data, e.http_request AS "httpRequest"
        FROM claimed c
        JOIN webhook_endpoints w ON w.id = c.endpoint_id
        JOIN events e ON e.seq = c.event_seq
       ORDER BY c.event_seq`);
}

/** The body Clerk's webhooks carry: { data, object: "event", type, timestamp, instance_id, event_attributes }. */
export function eventPayload(row: Pick<Claimed, "eventType" | "occurredAt" | "data" | "httpRequest">): string {
  return JSON.stringify({
    data: row.data,
    object: "event",
    type: row.eventType,
    timestamp: row.occurredAt.getTime(),
    instance_id: instanceId(),
    event_attributes: { http_request: row.httpRequest ?? { client_ip: "", user_agent: "" } },
  });
}

export type AttemptResult = {
  statusCode: number | null;
  latencyMs: number;
  excerpt: string | null;
  error: string | null;
  retryAfterSeconds: number | null;
};

/** Retry-After as seconds (a number or an HTTP date), or null. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

// With WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=false the address is checked as the
// connection is made (a name that resolves to a private address later is caught too).
function guardedLookup(
  hostname: string,
  options: object,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    const blocked = list.find((entry) => isPrivateAddress(entry.address));
    if (blocked)
      return callback(
        Object.assign(
          new Error(`${hostname} resolves to a private address (${blocked.address}), which this server refuses`),
          {
            code: "EPRIVATE",
          },
        ),
        [],
      );
    if ((options as { all?: boolean }).all || !list[0]) return callback(null, list);
    callback(null, list[0].address, list[0].family);
  });
}

/** One POST with a deadline; never follows redirects (a 3xx is a failed attempt). */
export function postOnce(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<AttemptResult> {
  const started = performance.now();
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<AttemptResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: Math.round(performance.now() - started) });
    };
    const request = client.request(
      target,
      {
        method: "POST",
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "orgs-webhooks/1",
        },
        lookup: privateAddressesAllowed() ? undefined : (guardedLookup as never),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        const done = () =>
          finish({
            statusCode: response.statusCode ?? null,
            excerpt: Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8") || null,
            error: null,
            retryAfterSeconds: parseRetryAfter(response.headers["retry-after"]),
          });
        response.on("end", done);
        response.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish({ statusCode: null, excerpt: null, error: `timed out after ${timeoutMs} ms`, retryAfterSeconds: null });
    }, timeoutMs);
    request.on("error", (error) =>
      finish({ statusCode: null, excerpt: null, error: error.message.slice(0, 500), retryAfterSeconds: null }),
    );
    request.end(body);
  });
}

function isSuccess(result: AttemptResult): boolean {
  return result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
}

/** Timeouts, network errors, 5xx, 408 and 429 are worth retrying for the whole window; other answers only a few times. */
function isTransient(result: AttemptResult): boolean {
  const status = result.statusCode;
  return status === null || status >= 500 || status === 408 || status === 429;
}

/** Seconds before the next try after `attempts` tries, with ±20% jitter; Retry-After wins when longer. */
export function nextDelaySeconds(
  attempts: number,
  schedule: number[],
  random: () => number,
  retryAfterSeconds: number | null = null,
): number {
  const base = schedule[Math.min(Math.max(attempts, 1), schedule.length) - 1] ?? 1;
  const jittered = base * (0.8 + random() * 0.4);
  return Math.max(jittered, Math.min(retryAfterSeconds ?? 0, 24 * 3600));
}

function describe(result: AttemptResult): string {
  return result.statusCode !== null ? `HTTP ${result.statusCode}` : (result.error ?? "no answer");
}

export type WebhookReport = { claimed: number; delivered: number; retrying: number; failed: number };

async function settle(db: Db, row: Claimed, result: AttemptResult, config: ReturnType<typeof settings>) {
  const ok = isSuccess(result);
  const now = Date.now();
  let status: "delivered" | "pending" | "failed" = "delivered";
  let next = new Date(now);
  if (!ok) {
    const delay = nextDelaySeconds(row.attempts, config.schedule, config.random, result.retryAfterSeconds);
    next = new Date(now + delay * 1000);
    const windowEnd = row.retryingSince.getTime() + config.retryHours * 3600 * 1000;
    const giveUp = isTransient(result) ? next.getTime() > windowEnd : row.attempts >= CLIENT_ERROR_ATTEMPTS;
    status = giveUp ? "failed" : "pending";
  }
  const error = ok ? null : describe(result);
  const disableReason = `Disabled automatically: every delivery has failed for more than ${config.disableAfterHours} hours (last: ${error}).`;
  // The attempt, the delivery's new state and the endpoint's health, in one statement.
  await db.rows(Prisma.sql`
      WITH attempt AS (
        INSERT INTO webhook_attempts (delivery_id, status_code, latency_ms, response_excerpt, error)
        VALUES (${row.id}::bigint, ${result.statusCode}, ${result.latencyMs}, ${result.excerpt}, ${error})
      ), delivery AS (
        UPDATE webhook_deliveries
           SET status = ${status}, locked_until = NULL, last_status = ${result.statusCode},
               last_error = ${error}, next_attempt_at = ${next},
               delivered_at = CASE WHEN ${ok} THEN now() ELSE delivered_at END
         WHERE id = ${row.id}::bigint AND status = 'delivering'
      )
      UPDATE webhook_endpoints SET
        last_success_at = CASE WHEN ${ok} THEN now() ELSE last_success_at END,
        failing_since = CASE WHEN ${ok} THEN NULL ELSE COALESCE(failing_since, now()) END,
        enabled = CASE WHEN NOT ${ok} AND failing_since < now() - (${config.disableAfterHours}::float * interval '1 hour')
                       THEN false ELSE enabled END,
        disabled_reason = CASE WHEN NOT ${ok} AND failing_since < now() - (${config.disableAfterHours}::float * interval '1 hour')
                               THEN ${disableReason} ELSE disabled_reason END
       WHERE id = ${row.endpointId}
         AND (${!ok} OR failing_since IS NOT NULL OR last_success_at IS NULL OR last_success_at < now() - interval '1 minute')`);
  return status;
}

/** Delivers every due webhook once (one pass); returns what happened. */
export async function deliverDueWebhooks(db: Db, options: DeliveryOptions = {}): Promise<WebhookReport> {
  const config = settings(options);
  const rows = await claimDue(db, config.limit, config.leaseSeconds, config.endpointIds);
  const report: WebhookReport = { claimed: rows.length, delivered: 0, retrying: 0, failed: 0 };
  // One stream per endpoint and organization, sent in order; streams in parallel.
  const streams = new Map<string, Claimed[]>();
  for (const row of rows) {
    const key = `${row.endpointId}\u0000${row.organizationId ?? ""}`;
    streams.set(key, [...(streams.get(key) ?? []), row]);
  }
  await Promise.all(
    [...streams.values()].map(async (stream) => {
      for (const row of stream) {
        const body = eventPayload(row);
        const result = await postOnce(row.url, signedHeaders(row.secret, row.eventId, body), body, config.timeoutMs);
        const status = await settle(db, row, result, config);
        if (status === "delivered") report.delivered++;
        else if (status === "failed") report.failed++;
        else report.retrying++;
      }
    }),
  );
  return report;
}

/** Delivers until nothing is due right now. */
export async function drainWebhooks(db: Db, options: DeliveryOptions = {}): Promise<WebhookReport> {
  return drainPasses(() => deliverDueWebhooks(db, options));
}
