// Suggestions and membership requests. A person whose verified address is at
// a domain in automatic_suggestion mode sees "Acme uses your domain" and may
// ask to join (or dismiss it); the request waits for an admin, who accepts
// (a membership with the default role, within the member cap) or rejects it.
// Admins hear of requests by email, batched: at most one email per
// organization every MEMBERSHIP_REQUEST_EMAIL_MINUTES, naming those waiting.
import type { Db, Tx } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { rolePermissionKeysSql } from "../roles/sql";
import { membershipRequestsEmail } from "../../email/domain-emails";
import { queueEmails } from "../../email/outbox";
import { numberSetting } from "../../settings";
import { isLookupKey } from "../../validation/text";
import { assertRoomFor, lockAsMember, requirePermission } from "../access";
import { DomainError, notFound } from "../errors";
import { membershipEvent, membershipRequestEvent } from "../event-payloads";
import { assertAdminFirst } from "../memberships/admins";
import { insertMembershipSql } from "../memberships/sql";
import type { MyOrganizationDto } from "../organizations/sql";
import { defaultRoleForDomainJoins } from "./enrollment";
import {
  requestSql,
  REQUEST_COLUMNS,
  toRequest,
  type MembershipRequestDto,
  type RequestRow,
  type SuggestionDto,
} from "./sql";

export type { MembershipRequestDto, SuggestionDto } from "./sql";

/** The shortest time between two emails to an organization's admins about requests (default 60 minutes). */
export const MEMBERSHIP_REQUEST_EMAIL_MINUTES = numberSetting("MEMBERSHIP_REQUEST_EMAIL_MINUTES", 60, { min: 0 });
export const REQUESTS_PAGE_SIZE = 20;

/**
 * The suggestions the person can act on: pending ones, and those they acted
 * on whose request is still waiting. Only for a verified address still at a
 * domain that is verified and in suggestion mode.
 */
export async function listMySuggestions(db: Db, userId: string): Promise<SuggestionDto[]> {
  const rows = await db.rows<{
    id: string;
    status: "pending" | "accepted";
    domain_name: string | null;
    organization_id: string;
    organization_name: string;
    organization_slug: string;
    organization_logo_url: string | null;
    request_id: string | null;
    created_at: Date;
  }>(Prisma.sql`
    SELECT s.id, s.status::text AS status, d.name AS domain_name, o.id AS organization_id, o.name AS organization_name,
           o.slug AS organization_slug, o.logo_url AS organization_logo_url, r.id AS request_id, s.created_at
      FROM users u
      JOIN organization_suggestions s ON s.user_id = u.id AND s.status IN ('pending', 'accepted')
      JOIN organization_domains d ON d.id = s.domain_id AND d.verified_at IS NOT NULL
       AND d.enrollment_mode = 'automatic_suggestion' AND d.name = lower(split_part(u.email, '@', 2))
      JOIN organizations o ON o.id = s.organization_id
      LEFT JOIN organization_membership_requests r
             ON r.organization_id = s.organization_id AND r.user_id = u.id AND r.status = 'pending'
     WHERE u.id = ${userId} AND u.email_verified IS NOT NULL
       AND (s.status = 'pending' OR r.id IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM organization_memberships m WHERE m.organization_id = s.organization_id AND m.user_id = u.id)
     ORDER BY s.created_at DESC, s.id
     LIMIT 20`);
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    domainName: row.domain_name,
    organization: {
      id: row.organization_id,
      name: row.organization_name,
      slug: row.organization_slug,
      logoUrl: row.organization_logo_url,
    },
    requestId: row.request_id,
    createdAt: row.created_at,
  }));
}

/** The person's pending suggestion, its organization locked (the order every membership change takes). */
async function lockMySuggestion(tx: Tx, userId: string, suggestionId: string) {
  if (!isLookupKey(suggestionId) || !suggestionId.startsWith("orgsug_")) throw notFound("suggestion");
  const found = await tx.one<{ organization_id: string }>(
    Prisma.sql`SELECT organization_id FROM organization_suggestions WHERE id = ${suggestionId} AND user_id = ${userId}`,
  );
  if (!found) throw notFound("suggestion");
  await tx.rows(Prisma.sql`SELECT id FROM organizations WHERE id = ${found.organization_id} FOR UPDATE`);
  const row = await tx.one<{
    status: string;
    domain_id: string | null;
    organization_name: string;
    matches: boolean;
  }>(Prisma.sql`
    SELECT s.status::text AS status, s.domain_id, o.name AS organization_name,
           (u.email_verified IS NOT NULL AND d.verified_at IS NOT NULL AND d.enrollment_mode = 'automatic_suggestion'
            AND d.name = lower(split_part(u.email, '@', 2))) AS matches
      FROM organization_suggestions s
      JOIN organizations o ON o.id = s.organization_id
      JOIN users u ON u.id = s.user_id
      LEFT JOIN organization_domains d ON d.id = s.domain_id
     WHERE s.id = ${suggestionId}
       FOR UPDATE OF s`);
  if (!row) throw notFound("suggestion");
  return { ...row, organizationId: found.organization_id };
}

const noLongerSuggested = () =>
  new DomainError(
    "organization_invitation_not_pending",
    "This suggestion is no longer open: the organization changed how people from your domain join.",
  );

/**
 * The person asks to join the organization a suggestion names: a pending
 * request for its admins (who are emailed, batched). Asking twice is harmless.
 */
export async function requestToJoin(
  db: Db,
  userId: string,
  suggestionId: string,
): Promise<{ organizationName: string; request: MembershipRequestDto }> {
  return db.transaction(async (tx) => {
    const suggestion = await lockMySuggestion(tx, userId, suggestionId);
    const existing = await tx.one<RequestRow>(Prisma.sql`
      SELECT ${REQUEST_COLUMNS} FROM organization_membership_requests r JOIN users u ON u.id = r.user_id
        LEFT JOIN organization_domains d ON d.id = r.domain_id
       WHERE r.organization_id = ${suggestion.organizationId} AND r.user_id = ${userId} AND r.status = 'pending'`);
    if (existing) return { organizationName: suggestion.organization_name, request: toRequest(existing) };
    if (suggestion.status !== "pending" || !suggestion.matches) throw noLongerSuggested();
    const member = await tx.one(Prisma.sql`
      SELECT 1 FROM organization_memberships WHERE organization_id = ${suggestion.organizationId} AND user_id = ${userId}`);
    if (member) {
      throw new DomainError("already_a_member_in_organization", "You are already a member of this organization.");
    }
    const inserted = await tx.one<{ id: string }>(Prisma.sql`
      INSERT INTO organization_membership_requests (organization_id, user_id, domain_id, pending_key)
      VALUES (${suggestion.organizationId}, ${userId}, ${suggestion.domain_id}, ${`${suggestion.organizationId}:${userId}`})
      RETURNING id`);
    await tx.execute(Prisma.sql`
      UPDATE organization_suggestions SET status = 'accepted', pending_key = NULL, updated_at = now() WHERE id = ${suggestionId}`);
    await membershipRequestEvent(tx, userId, "organizationMembershipRequest.created", inserted!.id);
    await notifyAdmins(tx, suggestion.organizationId);
    const [row] = await tx.rows<RequestRow>(requestSql([inserted!.id]));
    return { organizationName: suggestion.organization_name, request: toRequest(row!) };
  });
}

/** The person dismisses a suggestion: it is not shown again (until the domain's mode is set anew). */
export async function dismissSuggestion(
  db: Db,
  userId: string,
  suggestionId: string,
): Promise<{ organizationName: string }> {
  return db.transaction(async (tx) => {
    const suggestion = await lockMySuggestion(tx, userId, suggestionId);
    if (suggestion.status === "pending") {
      await tx.execute(Prisma.sql`
        UPDATE organization_suggestions SET status = 'dismissed', pending_key = NULL, updated_at = now() WHERE id = ${suggestionId}`);
    }
    return { organizationName: suggestion.organization_name };
  });
}

/**
 * The periodic half of the batching (the sweep in lib/webhooks/expiry-sweep.ts
 * runs it every 30 s): organizations whose admins have requests they have not
 * heard of, and no email about requests for MEMBERSHIP_REQUEST_EMAIL_MINUTES,
 * get one now. Each under the organization's lock, so two sweeping processes
 * send one email. Answers how many organizations were emailed.
 */
export async function notifyWaitingRequests(db: Db, limit = 50): Promise<number> {
  const due = await db.rows<{ organization_id: string }>(Prisma.sql`
    SELECT r.organization_id FROM organization_membership_requests r
     WHERE r.status = 'pending' AND r.admins_notified_at IS NULL
     GROUP BY r.organization_id
    HAVING NOT EXISTS (
      SELECT 1 FROM organization_membership_requests n
       WHERE n.organization_id = r.organization_id
         AND n.admins_notified_at > now() - make_interval(mins => ${MEMBERSHIP_REQUEST_EMAIL_MINUTES}::int))
     LIMIT ${limit}::int`);
  let emailed = 0;
  for (const { organization_id: organizationId } of due) {
    const sent = await db.transaction(async (tx) => {
      await tx.rows(Prisma.sql`SELECT id FROM organizations WHERE id = ${organizationId} FOR UPDATE`);
      return notifyAdmins(tx, organizationId);
    });
    if (sent) emailed++;
  }
  return emailed;
}

/**
 * Emails the organization's admins about the requests they have not heard
 * of, unless an email went out less than MEMBERSHIP_REQUEST_EMAIL_MINUTES ago
 * (those requests then wait for the next one, sent by the next request or
 * the sweep: notifyWaitingRequests). Answers whether an email was queued.
 */
async function notifyAdmins(tx: Tx, organizationId: string): Promise<boolean> {
  const last = await tx.one<{ at: Date | null }>(Prisma.sql`
    SELECT max(admins_notified_at) AS at FROM organization_membership_requests WHERE organization_id = ${organizationId}`);
  if (last?.at && Date.now() - last.at.getTime() < MEMBERSHIP_REQUEST_EMAIL_MINUTES * 60 * 1000) return false;
  const waiting = await tx.rows<{ name: string }>(Prisma.sql`
    SELECT u.name FROM organization_membership_requests r JOIN users u ON u.id = r.user_id
     WHERE r.organization_id = ${organizationId} AND r.status = 'pending' AND r.admins_notified_at IS NULL
     ORDER BY r.created_at LIMIT 1000`);
  if (waiting.length === 0) return false;
  const organization = await tx.one<{ name: string; slug: string }>(
    Prisma.sql`SELECT name, slug FROM organizations WHERE id = ${organizationId}`,
  );
  const admins = await tx.rows<{ email: string }>(Prisma.sql`
    SELECT u.email FROM organization_memberships m JOIN users u ON u.id = m.user_id
     WHERE m.organization_id = ${organizationId} AND u.email_verified IS NOT NULL
       AND 'org:sys_domains:manage' = ANY (${rolePermissionKeysSql("m.role")})
     ORDER BY m.created_at LIMIT 50`);
  const email = await membershipRequestsEmail(
    organization!.name,
    organization!.slug,
    waiting.length,
    waiting.slice(0, 5).map((row) => row.name),
  );
  await queueEmails(
    tx,
    admins.map((admin) => ({ to: admin.email, email })),
  );
  await tx.execute(Prisma.sql`/* no event */
    UPDATE organization_membership_requests SET admins_notified_at = now()
     WHERE organization_id = ${organizationId} AND status = 'pending' AND admins_notified_at IS NULL`);
  return true;
}

/** How many requests wait for the organization's admins (the Members tab's count). */
export async function countPendingRequests(db: Db, organization: MyOrganizationDto): Promise<number> {
  requirePermission(organization.role, "org:sys_domains:read");
  const row = await db.one<{ n: number }>(Prisma.sql`
    SELECT count(*)::int AS n FROM organization_membership_requests
     WHERE organization_id = ${organization.id} AND status = 'pending'`);
  return row?.n ?? 0;
}

/** The pending requests, oldest first (those waiting longest), a page at a time. */
export async function listPendingRequests(
  db: Db,
  organization: MyOrganizationDto,
  page = 1,
): Promise<{ data: MembershipRequestDto[]; totalCount: number; page: number; pageSize: number }> {
  requirePermission(organization.role, "org:sys_domains:read");
  const current = Number.isInteger(page) && page > 0 ? page : 1;
  const rows = await db.rows<RequestRow & { total: number }>(Prisma.sql`
    SELECT ${REQUEST_COLUMNS}, count(*) OVER ()::int AS total
      FROM organization_membership_requests r JOIN users u ON u.id = r.user_id
      LEFT JOIN organization_domains d ON d.id = r.domain_id
     WHERE r.organization_id = ${organization.id} AND r.status = 'pending'
     ORDER BY r.created_at, r.id
     LIMIT ${REQUESTS_PAGE_SIZE}::int OFFSET ${(current - 1) * REQUESTS_PAGE_SIZE}::int`);
  return { data: rows.map(toRequest), totalCount: rows[0]?.total ?? 0, page: current, pageSize: REQUESTS_PAGE_SIZE };
}

async function lockRequest(tx: Tx, organizationId: string, requestId: string): Promise<MembershipRequestDto> {
  if (!isLookupKey(requestId) || !requestId.startsWith("orgmemreq_")) throw notFound("request");
  const locked = await tx.one<{ id: string }>(Prisma.sql`
    SELECT id FROM organization_membership_requests WHERE id = ${requestId} AND organization_id = ${organizationId} FOR UPDATE`);
  if (!locked) throw notFound("request");
  const [row] = await tx.rows<RequestRow>(requestSql([requestId]));
  return toRequest(row!);
}

function notPendingRequest(request: MembershipRequestDto): DomainError {
  const what = request.status === "accepted" ? "accepted" : "rejected";
  return new DomainError(
    "organization_membership_request_not_pending",
    `${request.user.name}'s request was already ${what}.`,
    { status: request.status },
  );
}

/** The actor (who may manage domains) and the organization's request, locked, refused unless still pending. */
async function lockPendingRequest(tx: Tx, actorId: string, ref: string, requestId: string) {
  const actor = await lockAsMember(tx, actorId, ref);
  requirePermission(actor.role, "org:sys_domains:manage");
  const request = await lockRequest(tx, actor.organizationId, requestId);
  if (request.status !== "pending") throw notPendingRequest(request);
  return { actor, request };
}

/** Records an admin's decision on a request. */
function decideRequestSql(requestId: string, status: "accepted" | "revoked", actorId: string): Prisma.Sql {
  return Prisma.sql`
    UPDATE organization_membership_requests
       SET status = ${status}::membership_request_status, pending_key = NULL, decided_by_id = ${actorId}, decided_at = now(), updated_at = now()
     WHERE id = ${requestId}`;
}

/**
 * Makes the person a member with the default role (within the member cap) unless they already
 * are one; answers whether it did. Under the organization's lock, so parallel accepts of one
 * request make one membership.
 */
async function admit(tx: Tx, organizationId: string, userId: string): Promise<boolean> {
  const member = await tx.one(Prisma.sql`
    SELECT 1 FROM organization_memberships WHERE organization_id = ${organizationId} AND user_id = ${userId}`);
  if (member) return false;
  const role = await defaultRoleForDomainJoins(tx);
  await assertRoomFor(tx, organizationId, 1);
  await assertAdminFirst(tx, organizationId, role, "join");
  await tx.execute(insertMembershipSql(organizationId, userId, role));
  return true;
}

const DECISION_EVENTS = {
  accepted: "organizationMembershipRequest.accepted",
  revoked: "organizationMembershipRequest.rejected",
} as const;

/** An admin's decision on a pending request, under the organization's lock; accepting admits the person. */
async function decideRequest(
  db: Db,
  actorId: string,
  ref: string,
  requestId: string,
  decision: "accepted" | "revoked",
): Promise<MembershipRequestDto> {
  return db.transaction(async (tx) => {
    const { actor, request } = await lockPendingRequest(tx, actorId, ref, requestId);
    const joined = decision === "accepted" && (await admit(tx, actor.organizationId, request.user.id));
    await tx.execute(decideRequestSql(request.id, decision, actorId));
    await membershipRequestEvent(tx, actorId, DECISION_EVENTS[decision], request.id);
    if (joined)
      await membershipEvent(tx, actorId, "organizationMembership.created", actor.organizationId, request.user.id);
    const [row] = await tx.rows<RequestRow>(requestSql([request.id]));
    return toRequest(row!);
  });
}

/** An admin accepts a request: the person becomes a member with the default role, within the member cap. */
export async function acceptMembershipRequest(db: Db, actorId: string, ref: string, requestId: string) {
  return decideRequest(db, actorId, ref, requestId, "accepted");
}

/** An admin rejects a request (Clerk's status "revoked"); the person may not ask again until suggested anew. */
export async function rejectMembershipRequest(db: Db, actorId: string, ref: string, requestId: string) {
  return decideRequest(db, actorId, ref, requestId, "revoked");
}
