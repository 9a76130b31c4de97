// The REST API's edge: secret-key authentication, Clerk's error envelope and
// the exact content type @clerk/backend parses. Handlers stay thin: they read
// parameters, call the domain, and serialize.
import { randomBytes } from "node:crypto";
import { db } from "../db";
import { authenticateApiKey } from "../domain/api-keys";
import { isDomainError, type DomainError } from "../domain/errors";
import { kickOutboxAfter } from "../email/outbox-worker";
import { withEventContext } from "../domain/events";
import { CLIENT_ADDRESS_HEADER } from "../server/client-address";
import { numberSetting } from "../settings";
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_MESSAGE,
  isDatabaseUnavailable,
  reportDatabaseUnavailable,
} from "../database-unavailable";

/** A parameter problem found at the edge, before the domain is called. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly meta: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function paramError(
  code: "form_param_missing" | "form_param_value_invalid" | "form_param_format_invalid",
  param: string,
  message: string,
): ApiError {
  return new ApiError(422, code, message, { param_name: param });
}

// @clerk/backend parses a body only when the content type is exactly this (no charset).
const JSON_HEADERS = { "content-type": "application/json", "cache-control": "no-store" };

// Below this size an answer goes out uncompressed: gzip would save a few kilobytes on a
// server-to-server call and cost a noticeable share of the server's throughput
// (measured with `npm run bench:api`: see the README's benchmarks).
const COMPRESS_FROM_BYTES = 32 * 1024;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  const length = Buffer.byteLength(text);
  // A known length also spares chunked encoding. "no-transform" is what keeps Next.js's
  // compression (and any proxy's) off an answer; larger answers stay compressible.
  return new Response(text, {
    status,
    headers: {
      ...JSON_HEADERS,
      ...(length < COMPRESS_FROM_BYTES ? { "cache-control": "no-store, no-transform" } : {}),
      "content-length": String(length),
      ...headers,
    },
  });
}

function traceId(): string {
  return randomBytes(12).toString("hex");
}

function errorResponse(
  status: number,
  code: string,
  message: string,
  longMessage: string,
  meta: Record<string, unknown>,
  headers: Record<string, string> = {},
): Response {
  const clerkTraceId = traceId();
  return json({ errors: [{ code, message, long_message: longMessage, meta }], clerk_trace_id: clerkTraceId }, status, {
    ...headers,
    "x-trace-id": clerkTraceId,
  });
}

const STATUS_BY_CODE: Record<string, number> = {
  resource_not_found: 404,
  missing_organization_permission: 403,
  organization_membership_quota_exceeded: 403,
  organizations_limit_exceeded: 403,
  email_address_not_verified: 403,
  organization_minimum_permissions_needed: 400,
  organization_role_assigned_members: 422,
  organization_missing_creator_role_permissions: 422,
  organization_system_permission_not_modifiable: 403,
  duplicate_record: 409,
  already_a_member_in_organization: 400,
  organization_invitation_not_unique: 400,
  organization_invitation_not_pending: 400,
  organization_invitation_already_accepted: 400,
  organization_invitation_revoked: 400,
  organization_invitation_expired: 400,
  form_identifier_exists: 422,
  form_param_format_invalid: 422,
  form_param_value_invalid: 422,
  form_param_missing: 422,
  form_param_unknown: 422,
  form_password_incorrect: 422,
  too_many_requests: 429,
  authentication_required: 401,
  organization_domain_common: 422,
  organization_domain_already_exists: 422,
  organization_domain_quota_exceeded: 403,
  organization_domain_already_verified: 400,
  organization_membership_request_not_pending: 400,
};

const SHORT_MESSAGE: Record<string, string> = {
  resource_not_found: "not found",
  missing_organization_permission: "missing permission",
  organization_minimum_permissions_needed: "minimum permissions needed",
  form_param_missing: "missing required parameter",
  form_param_value_invalid: "is invalid",
  form_param_format_invalid: "is invalid",
  too_many_requests: "Too many requests",
  request_body_too_large: "Request body too large",
};

/** The request's camelCase field names back to the snake_case parameters the caller sent. */
const PARAM_NAMES: Record<string, string> = { emails: "email_address", email: "email_address" };
function paramName(field: unknown): string | undefined {
  if (typeof field !== "string") return undefined;
  return PARAM_NAMES[field] ?? field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function fromDomainError(error: DomainError): Response {
  let code: string = error.code;
  const meta: Record<string, unknown> = {};
  const param = paramName(error.meta.paramName);
  if (param) meta.param_name = param;
  if (code === "form_param_format_invalid" && error.meta.issue === "value") code = "form_param_value_invalid";
  // Clerk reports a taken slug as a taken identifier on the slug parameter.
  if (code === "organization_slug_taken") code = "form_identifier_exists";
  const status = STATUS_BY_CODE[code] ?? 400;
  const headers: Record<string, string> = {};
  if (typeof error.meta.retryAfterSeconds === "number") headers["retry-after"] = String(error.meta.retryAfterSeconds);
  return errorResponse(status, code, SHORT_MESSAGE[code] ?? error.message, error.message, meta, headers);
}

export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError)
    return errorResponse(
      error.status,
      error.code,
      SHORT_MESSAGE[error.code] ?? error.message,
      error.message,
      error.meta,
      error.headers,
    );
  if (isDomainError(error)) return fromDomainError(error);
  // The request did nothing (or, for a write whose commit was cut off, its
  // Idempotency-Key tells on retry): the client should retry, not report a bug.
  if (isDatabaseUnavailable(error)) {
    reportDatabaseUnavailable("api", error);
    return errorResponse(
      503,
      "service_unavailable",
      "Service temporarily unavailable",
      DATABASE_UNAVAILABLE_MESSAGE,
      {},
      {
        "retry-after": String(DATABASE_RETRY_AFTER_SECONDS),
      },
    );
  }
  const id = traceId();
  // Never the request or its headers: they carry the secret key.
  console.error(`[api] unexpected error (trace ${id}):`, error instanceof Error ? error.stack : error);
  return json(
    {
      errors: [
        {
          code: "internal_clerk_error",
          message: "Something went wrong",
          long_message: "Something went wrong on our side. Try again; if it persists, report the trace id.",
          meta: {},
        },
      ],
      clerk_trace_id: id,
    },
    500,
  );
}

// The secret key each authenticated request was made with (Idempotency-Keys are scoped per key).
const keyOfRequest = new WeakMap<Request, string>();

/** The id of the secret key that authenticated this request (inside apiRoute). */
export function apiKeyIdOf(request: Request): string {
  const id = keyOfRequest.get(request);
  if (!id) throw new Error("apiKeyIdOf called outside apiRoute");
  return id;
}

/** The secret key of an `Authorization: Bearer <secret key>` header, or null when the header is absent or malformed. */
export function bearerSecret(request: Request): string | null {
  return request.headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
}

async function authenticate(request: Request): Promise<void> {
  const secret = bearerSecret(request);
  if (secret === null) {
    throw new ApiError(
      401,
      "authorization_header_format_invalid",
      'Invalid Authorization header format. Use "Authorization: Bearer <secret key>".',
    );
  }
  const key = await authenticateApiKey(db, secret);
  if (!key) {
    throw new ApiError(
      401,
      "clerk_key_invalid",
      "The secret key is invalid or was revoked. Make one with `npm run api-key -- create <name>`.",
    );
  }
  keyOfRequest.set(request, key.id);
}

/** For a method an endpoint does not have: Clerk's envelope, not an empty 405. */
export function methodNotAllowed(allowed: string[]) {
  return apiRoute<unknown>(async (request) => {
    throw new ApiError(
      405,
      "method_not_allowed",
      `${request.method} is not supported here; use ${allowed.join(" or ")}.`,
      {},
      { allow: allowed.join(", ") },
    );
  });
}

/** Bytes a request body may have (API_MAX_BODY_BYTES, default 1 MiB): no endpoint takes more than a few kilobytes. */
export const API_MAX_BODY_BYTES = numberSetting("API_MAX_BODY_BYTES", 1024 * 1024, { min: 1024 });

function bodyTooLarge(max = API_MAX_BODY_BYTES): ApiError {
  return new ApiError(
    413,
    "request_body_too_large",
    `The request body is larger than this API accepts (${max} bytes).`,
  );
}

/** A declared length over the cap is refused before anything else is done with the request. */
function refuseDeclaredOversize(request: Request, max = API_MAX_BODY_BYTES): void {
  const declared = request.headers.get("content-length");
  if (declared && Number(declared) > max) throw bodyTooLarge(max);
}

/**
 * The body as text, read no further than the cap: a chunked body (no length
 * declared, or a false one) is refused as soon as it passes it, never held whole.
 * The rest is left unread; Node discards it after the answer, keeping the connection.
 */
export async function readBodyText(request: Request): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request));
}

/** The body's bytes, read no further than `max` (readBodyText's rule; only an upload endpoint passes a larger cap). */
export async function readBodyBytes(request: Request, max = API_MAX_BODY_BYTES): Promise<Buffer> {
  refuseDeclaredOversize(request, max);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      reader.releaseLock();
      throw bodyTooLarge(max);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

type RouteContext<P> = { params: Promise<P> };

/**
 * Wraps a route handler: authenticates the secret key, runs the handler, kicks
 * delivery of any email it queued (invitations) once its transaction
 * committed, and maps any error to Clerk's envelope.
 */
export function apiRoute<P = Record<string, never>>(
  handler: (request: Request, params: P) => Promise<Response>,
  // An upload endpoint's larger cap (the logo's 10 MB); it must read its body with readBodyBytes(request, maxBodyBytes).
  { maxBodyBytes = API_MAX_BODY_BYTES }: { maxBodyBytes?: number } = {},
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      refuseDeclaredOversize(request, maxBodyBytes);
      await authenticate(request);
      const params = await context.params;
      // Events written by this call name the key that made it, and the request's address and client.
      return await withEventContext(
        {
          actor: { type: "api_key", id: apiKeyIdOf(request) },
          clientIp: request.headers.get(CLIENT_ADDRESS_HEADER)?.trim() || undefined,
          userAgent: request.headers.get("user-agent")?.slice(0, 300) || undefined,
        },
        () => kickOutboxAfter(() => handler(request, params)),
      );
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
