// Webhook endpoints, configured by the operator (the REST API with an instance
// key, or `npm run webhooks`): a URL, a whsec_ secret, the event types it
// wants (none named = all), enabled or not. And their deliveries: listed, and
// replayed one by one or all failed ones at once.
import { isIP } from "node:net";
import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";
import { newWebhookSecret } from "../webhooks/signing";
import { appUrl } from "../email/config";
import { DomainError, notFound } from "./errors";
import { EVENT_TYPES, isEventType, type EventType } from "./events";
import { isSingleLineText } from "../validation/text";

export const MAX_WEBHOOK_ENDPOINTS = 50;
const MAX_URL_LENGTH = 2048;
const MAX_DESCRIPTION_LENGTH = 500;

export type WebhookEndpointDto = {
  id: string;
  url: string;
  description: string;
  events: EventType[] | null;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  lastSuccessAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

const ENDPOINT_COLUMNS = Prisma.sql`id, url, description, events, enabled, disabled_reason AS "disabledReason",
  failing_since AS "failingSince", last_success_at AS "lastSuccessAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

function invalid(param: string, message: string, issue: "format" | "value" = "value"): DomainError {
  return new DomainError("form_param_format_invalid", message, {
    paramName: param,
    fieldErrors: { [param]: message },
    issue,
  });
}

/** Loopback, private, link-local, unique-local and unspecified addresses (IPv4 and IPv6). */
export function isPrivateAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) {
    const [a = 0, b = 0] = address.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (version === 6) {
    const lower = address.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped?.[1]) return isPrivateAddress(mapped[1]);
    return (
      lower === "::" || lower === "::1" || lower.startsWith("fc") || lower.startsWith("fd") || /^fe[89ab]/.test(lower)
    );
  }
  return false;
}

/** WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=false refuses receivers on loopback and private networks (allowed by default). */
export function privateAddressesAllowed(): boolean {
  return process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES?.trim().toLowerCase() !== "false";
}

/** A receiver's URL: http(s), no credentials, not this app, within the private-address policy. */
export function checkEndpointUrl(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw invalid("url", "Give the endpoint's URL.", "format");
  const url = value.trim();
  if (url.length > MAX_URL_LENGTH) throw invalid("url", `The URL is longer than ${MAX_URL_LENGTH} characters.`);
  if (!isSingleLineText(url) || /\s/.test(url))
    throw invalid("url", "The URL has spaces or control characters.", "format");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid("url", "That is not a URL (e.g. https://example.com/webhooks).", "format");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    throw invalid("url", "Webhook URLs start with https:// or http://.", "format");
  if (parsed.username || parsed.password) throw invalid("url", "Put no user name or password in the URL.");
  if (parsed.origin === new URL(appUrl()).origin)
    throw invalid("url", "A webhook cannot point at this application itself.");
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (!privateAddressesAllowed() && (host === "localhost" || host.endsWith(".localhost") || isPrivateAddress(host)))
    throw invalid(
      "url",
      "Receivers on loopback or private addresses are not allowed here (WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=false).",
    );
  return parsed.toString();
}

/** A list of event types, each one this app emits; undefined/null = every type. */
export function checkEventTypes(value: unknown): EventType[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw invalid("events", "events must be a list of event types.", "format");
  if (value.length === 0) throw invalid("events", "Name at least one event type, or leave events out for all of them.");
  const types = new Set<EventType>();
  for (const type of value) {
    if (typeof type !== "string" || !isEventType(type))
      throw invalid(
        "events",
        `${typeof type === "string" ? JSON.stringify(type.slice(0, 60)) : "That"} is not an event type. Known types: ${EVENT_TYPES.join(", ")}.`,
      );
    types.add(type);
  }
  return [...types].sort();
}

function checkDescription(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string" || !isSingleLineText(value))
    throw invalid("description", "The description must be one line of text.", "format");
  if (value.length > MAX_DESCRIPTION_LENGTH)
    throw invalid("description", `The description is longer than ${MAX_DESCRIPTION_LENGTH} characters.`);
  return value.trim();
}

function checkEnabled(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalid("enabled", "enabled must be true or false.", "format");
  return value;
}

function checkId(id: string): string {
  if (!/^whe_[0-9a-f]{32}$/.test(id)) throw notFound("webhook endpoint");
  return id;
}

function withoutTotal<T extends { total: number }>(row: T): Omit<T, "total"> {
  const copy: Partial<T> = { ...row };
  delete copy.total;
  return copy as Omit<T, "total">;
}

export type EndpointInput = { url?: unknown; events?: unknown; description?: unknown; enabled?: unknown };

/** Creates an endpoint; the answer carries its secret (shown again only by rotateWebhookSecret). */
export async function createWebhookEndpoint(
  db: Db,
  input: EndpointInput,
): Promise<WebhookEndpointDto & { secret: string }> {
  const url = checkEndpointUrl(input.url);
  const events = checkEventTypes(input.events);
  const description = checkDescription(input.description);
  const enabled = checkEnabled(input.enabled) ?? true;
  const secret = newWebhookSecret();
  return db.transaction(async (tx) => {
    // One at a time, so the cap holds under concurrent creations.
    await tx.rows(Prisma.sql`SELECT pg_advisory_xact_lock(hashtext('webhook_endpoints'))`);
    const [counted] = await tx.rows<{ count: number }>(
      Prisma.sql`SELECT count(*)::int AS count FROM webhook_endpoints`,
    );
    const count = counted?.count ?? 0;
    if (count >= MAX_WEBHOOK_ENDPOINTS)
      throw new DomainError(
        "form_param_value_invalid",
        `There are already ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints: remove one first.`,
      );
    const [row] = await tx.rows<WebhookEndpointDto>(Prisma.sql`
        INSERT INTO webhook_endpoints (url, description, secret, events, enabled)
        VALUES (${url}, ${description}, ${secret}, ${events}::text[], ${enabled})
        RETURNING ${ENDPOINT_COLUMNS}`);
    return { ...row!, secret };
  });
}

export async function listWebhookEndpoints(
  db: Db,
  { limit = 10, offset = 0 }: { limit?: number; offset?: number } = {},
): Promise<{ data: WebhookEndpointDto[]; totalCount: number }> {
  const rows = await db.rows<
    WebhookEndpointDto & { total: number }
  >(Prisma.sql`SELECT ${ENDPOINT_COLUMNS}, count(*) OVER ()::int AS total
                 FROM webhook_endpoints ORDER BY created_at, id LIMIT ${limit}::int OFFSET ${offset}::int`);
  const totalCount =
    rows[0]?.total ??
    (offset > 0
      ? ((await db.rows<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM webhook_endpoints`))[0]?.n ?? 0)
      : 0);
  return { data: rows.map(withoutTotal), totalCount };
}

export async function getWebhookEndpoint(db: Db, id: string): Promise<WebhookEndpointDto> {
  const [row] = await db.rows<WebhookEndpointDto>(
    Prisma.sql`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ${checkId(id)}`,
  );
  if (!row) throw notFound("webhook endpoint");
  return row;
}

/** Changes what was given; enabling clears the reason it was disabled and its failure streak. */
export async function updateWebhookEndpoint(db: Db, id: string, input: EndpointInput): Promise<WebhookEndpointDto> {
  checkId(id);
  const url = input.url === undefined ? undefined : checkEndpointUrl(input.url);
  const events = input.events === undefined ? undefined : checkEventTypes(input.events);
  const description = input.description === undefined ? undefined : checkDescription(input.description);
  const enabled = checkEnabled(input.enabled);
  const [row] = await db.transaction((tx) =>
    tx.rows<WebhookEndpointDto>(Prisma.sql`
        UPDATE webhook_endpoints SET
          url = COALESCE(${url ?? null}, url),
          events = CASE WHEN ${events !== undefined} THEN ${events ?? null}::text[] ELSE events END,
          description = COALESCE(${description ?? null}, description),
          enabled = COALESCE(${enabled ?? null}::boolean, enabled),
          disabled_reason = CASE WHEN ${enabled === true} THEN NULL ELSE disabled_reason END,
          failing_since = CASE WHEN ${enabled === true} THEN NULL ELSE failing_since END,
          updated_at = now()
        WHERE id = ${id}
        RETURNING ${ENDPOINT_COLUMNS}`),
  );
  if (!row) throw notFound("webhook endpoint");
  return row;
}

/** Removes an endpoint and its pending deliveries. */
export async function deleteWebhookEndpoint(db: Db, id: string): Promise<WebhookEndpointDto> {
  checkId(id);
  const [row] = await db.transaction((tx) =>
    tx.rows<WebhookEndpointDto>(
      Prisma.sql`DELETE FROM webhook_endpoints WHERE id = ${id} RETURNING ${ENDPOINT_COLUMNS}`,
    ),
  );
  if (!row) throw notFound("webhook endpoint");
  return row;
}

/** A new secret; deliveries from now on are signed with it. */
export async function rotateWebhookSecret(db: Db, id: string): Promise<WebhookEndpointDto & { secret: string }> {
  checkId(id);
  const secret = newWebhookSecret();
  const [row] = await db.transaction((tx) =>
    tx.rows<WebhookEndpointDto>(Prisma.sql`UPDATE webhook_endpoints SET secret = ${secret}, updated_at = now() WHERE id = ${id}
                 RETURNING ${ENDPOINT_COLUMNS}`),
  );
  if (!row) throw notFound("webhook endpoint");
  return { ...row, secret };
}

export type DeliveryStatus = "pending" | "delivering" | "delivered" | "failed";
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ["pending", "delivering", "delivered", "failed"];

export type WebhookDeliveryDto = {
  id: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  lastAttempt: {
    statusCode: number | null;
    latencyMs: number;
    responseExcerpt: string | null;
    attemptedAt: Date;
  } | null;
};

/** An endpoint's deliveries, newest first. */
export async function listWebhookDeliveries(
  db: Db,
  endpointId: string,
  { status, limit = 10, offset = 0 }: { status?: DeliveryStatus; limit?: number; offset?: number } = {},
): Promise<{ data: WebhookDeliveryDto[]; totalCount: number }> {
  await getWebhookEndpoint(db, endpointId);
  const rows = await db.rows<WebhookDeliveryDto & { total: number }>(Prisma.sql`
      SELECT d.id::text AS id, e.id AS "eventId", e.type AS "eventType", d.status, d.attempts,
             d.next_attempt_at AS "nextAttemptAt", d.last_status AS "lastStatus", d.last_error AS "lastError",
             d.created_at AS "createdAt", d.delivered_at AS "deliveredAt",
             (SELECT json_build_object('statusCode', a.status_code, 'latencyMs', a.latency_ms,
                                       'responseExcerpt', a.response_excerpt, 'attemptedAt', a.attempted_at)
                FROM webhook_attempts a WHERE a.delivery_id = d.id ORDER BY a.id DESC LIMIT 1) AS "lastAttempt",
             count(*) OVER ()::int AS total
        FROM webhook_deliveries d JOIN events e ON e.seq = d.event_seq
       WHERE d.endpoint_id = ${endpointId} AND (${status ?? null}::text IS NULL OR d.status = ${status ?? null})
       ORDER BY d.event_seq DESC
       LIMIT ${limit}::int OFFSET ${offset}::int`);
  return {
    data: rows.map(withoutTotal).map(({ lastAttempt, ...row }) => ({
      ...row,
      lastAttempt: lastAttempt ? { ...lastAttempt, attemptedAt: new Date(lastAttempt.attemptedAt) } : null,
    })),
    totalCount: rows[0]?.total ?? 0,
  };
}

/**
 * Sends deliveries again from now: one (by id), or every failed one of the
 * endpoint. Answers how many were queued. A delivery being sent right now is left alone.
 */
export async function replayWebhookDeliveries(
  db: Db,
  endpointId: string,
  { deliveryId }: { deliveryId?: string } = {},
): Promise<{ queued: number }> {
  await getWebhookEndpoint(db, endpointId);
  if (deliveryId !== undefined && !/^\d{1,18}$/.test(deliveryId)) throw notFound("webhook delivery");
  const rows = await db.transaction((tx) =>
    tx.rows<{ id: string }>(Prisma.sql`
        UPDATE webhook_deliveries
           SET status = 'pending', attempts = 0, next_attempt_at = now(), retrying_since = now(), locked_until = NULL
         WHERE endpoint_id = ${endpointId}
           AND ${
             deliveryId === undefined
               ? Prisma.sql`status = 'failed'`
               : Prisma.sql`id = ${deliveryId}::bigint AND status <> 'delivering'`
           }
        RETURNING id::text AS id`),
  );
  if (deliveryId !== undefined && rows.length === 0) throw notFound("webhook delivery");
  return { queued: rows.length };
}
