// What each change writes to the event stream: the object after the change in
// the REST API's shape (Clerk's webhook payloads), read inside the change's
// transaction, with the fields an update changed and their previous values.
// Mutations in lib/domain call these; lib/db's transaction refuses to commit a
// change to an audited table that recorded no event (see AUDITED_TABLES).
import {
  domainJson,
  invitationJson,
  membershipJson,
  membershipRequestJson,
  organizationJson,
  userJson,
} from "../api/serialize";
import {
  domainSql,
  requestSql,
  toDomain,
  toRequest,
  type DomainDto,
  type DomainRow,
  type RequestRow,
} from "./domains/sql";
import type { Db, Tx } from "../db";
import { INSTANCE } from "./access";
import { changedFields, currentEventContext, recordEvent, type EventActor, type EventType } from "./events";
import {
  getInvitationRecords,
  getMembershipWithOrganization,
  getOrganizationRecord,
  getUserRecord,
  type MembershipRecord,
  type OrganizationRecord,
} from "./instance-reads";

/** The domain's actor (a user id, or INSTANCE for the REST API) as the event names it: the API key when known. */
export function eventActor(actorId: string | null | undefined): EventActor {
  if (!actorId) return { type: "system" };
  if (actorId === INSTANCE) {
    const { actor } = currentEventContext();
    return actor?.type === "api_key" ? actor : { type: "system" };
  }
  return { type: "user", id: actorId };
}

type Json = Record<string, unknown>;

/** The organization as the API shows it now. */
export async function organizationPayload(tx: Db, organizationId: string): Promise<Json> {
  return organizationJson(await getOrganizationRecord(tx, organizationId));
}

export async function organizationEvent(
  tx: Tx,
  actorId: string | null,
  type: "organization.created" | "organization.updated",
  organizationId: string,
  before?: Json,
): Promise<void> {
  const data = await organizationPayload(tx, organizationId);
  // An update that changed nothing visible is still an update (Clerk sends it too): previous is then null.
  const previous =
    type === "organization.updated" && before ? changedFields(withoutTimes(before), withoutTimes(data)) : null;
  await recordEvent(tx, { type, actor: eventActor(actorId), organizationId, data, previous });
}

/** Clerk's payload for a deleted organization. */
export async function organizationDeletedEvent(
  tx: Tx,
  actorId: string | null,
  organization: { id: string; slug: string },
): Promise<void> {
  await recordEvent(tx, {
    type: "organization.deleted",
    actor: eventActor(actorId),
    organizationId: organization.id,
    data: { object: "organization", id: organization.id, slug: organization.slug, deleted: true },
  });
}

/** The membership (with its organization and user) as the API shows it now. */
export async function membershipPayload(tx: Db, organizationId: string, userId: string): Promise<Json> {
  const { membership, organization } = await getMembershipWithOrganization(tx, organizationId, userId);
  return membershipJson(membership, organization);
}

export async function membershipEvent(
  tx: Tx,
  actorId: string | null,
  type: "organizationMembership.created" | "organizationMembership.updated",
  organizationId: string,
  userId: string,
  previous?: Json | null,
  /** The membership as it is now, when the change's own statement read it (saves reading it again). */
  current?: { membership: MembershipRecord; organization: OrganizationRecord },
): Promise<void> {
  const data = current
    ? membershipJson(current.membership, current.organization)
    : await membershipPayload(tx, organizationId, userId);
  await recordEvent(tx, {
    type,
    actor: eventActor(actorId),
    organizationId,
    subjectUserId: userId,
    data,
    previous: previous ?? null,
  });
}

/** A removed membership: the payload is the membership as it was (read before the delete). */
export async function membershipDeletedEvent(
  tx: Tx,
  actorId: string | null,
  organizationId: string,
  userId: string,
  before: Json,
): Promise<void> {
  await recordEvent(tx, {
    type: "organizationMembership.deleted",
    actor: eventActor(actorId),
    organizationId,
    subjectUserId: userId,
    data: before,
  });
}

export type InvitationEventType =
  | "organizationInvitation.created"
  | "organizationInvitation.accepted"
  | "organizationInvitation.revoked"
  | "organizationInvitation.declined"
  | "organizationInvitation.resent"
  | "organizationInvitation.expired";

/** One event per invitation, as the API shows each now; `subjectUserId` names the invitee's account when known. */
export async function invitationEvents(
  tx: Tx,
  actorId: string | null,
  type: InvitationEventType,
  organizationId: string,
  invitationIds: string[],
  subjectUserId: string | null = null,
  extra: Json = {},
): Promise<void> {
  if (invitationIds.length === 0) return;
  const [organization, invitations] = await Promise.all([
    getOrganizationRecord(tx, organizationId),
    getInvitationRecords(tx, invitationIds),
  ]);
  for (const invitation of invitations)
    await recordEvent(tx, {
      type,
      actor: eventActor(actorId),
      organizationId,
      subjectUserId,
      subjectEmail: invitation.email,
      data: { ...invitationJson(invitation, organization), ...extra },
    });
}

export async function userEvent(
  tx: Tx,
  actorId: string | null,
  type: "user.created" | "user.updated",
  userId: string,
  before?: Json,
): Promise<void> {
  const data = userJson(await getUserRecord(tx, userId)) as Json;
  const previous = type === "user.updated" && before ? changedFields(withoutTimes(before), withoutTimes(data)) : null;
  await recordEvent(tx, { type, actor: eventActor(actorId), subjectUserId: userId, data, previous });
}

export async function userPayload(tx: Db, userId: string): Promise<Json> {
  return userJson(await getUserRecord(tx, userId)) as Json;
}

export async function userDeletedEvent(tx: Tx, actorId: string | null, userId: string): Promise<void> {
  await recordEvent(tx, {
    type: "user.deleted",
    actor: eventActor(actorId),
    subjectUserId: userId,
    data: { object: "user", id: userId, deleted: true },
  });
}

export type SessionEventType = "session.created" | "session.ended" | "session.revoked";

/** Clerk's session payload (SessionWebhookEventJSON), from our session row. */
export async function sessionEvent(
  tx: Tx,
  actorId: string | null,
  type: SessionEventType,
  session: { id: string; userId: string; createdAt: Date; lastSeenAt: Date; endedAt: Date | null; expiresAt: Date },
): Promise<void> {
  const status = type === "session.created" ? "active" : type === "session.revoked" ? "revoked" : "ended";
  const user = await userPayload(tx, session.userId).catch(() => null);
  await recordEvent(tx, {
    type,
    actor: eventActor(actorId),
    subjectUserId: session.userId,
    data: {
      object: "session",
      id: session.id,
      user_id: session.userId,
      client_id: "",
      status,
      actor: null,
      last_active_at: session.lastSeenAt.getTime(),
      expire_at: session.expiresAt.getTime(),
      abandon_at: session.expiresAt.getTime(),
      created_at: session.createdAt.getTime(),
      updated_at: (session.endedAt ?? session.lastSeenAt).getTime(),
      user,
    },
  });
}

/** A verified domain as the API shows it now; an update's `previous` from the domain before it. */
export async function domainEvent(
  tx: Tx,
  actorId: string | null,
  type: "organizationDomain.created" | "organizationDomain.updated",
  organizationId: string,
  domainId: string,
  before?: DomainDto,
): Promise<void> {
  const row = await tx.one<DomainRow>(domainSql(organizationId, domainId));
  const data = domainJson(toDomain(row!));
  const previous =
    type === "organizationDomain.updated" && before
      ? changedFields(withoutTimes(domainJson(before)), withoutTimes(data))
      : null;
  await recordEvent(tx, { type, actor: eventActor(actorId), organizationId, data, previous });
}

/** A deleted domain: Clerk's deleted object, with the name (for the audit log's words). */
export async function domainDeletedEvent(tx: Tx, actorId: string | null, domain: DomainDto): Promise<void> {
  await recordEvent(tx, {
    type: "organizationDomain.deleted",
    actor: eventActor(actorId),
    organizationId: domain.organizationId,
    data: { object: "organization_domain", id: domain.id, name: domain.name, deleted: true },
  });
}

export type MembershipRequestEventType =
  | "organizationMembershipRequest.created"
  | "organizationMembershipRequest.accepted"
  | "organizationMembershipRequest.rejected";

/** A membership request as the API would show it now (Clerk's organization_membership_request). */
export async function membershipRequestEvent(
  tx: Tx,
  actorId: string | null,
  type: MembershipRequestEventType,
  requestId: string,
): Promise<void> {
  const row = await tx.one<RequestRow>(requestSql([requestId]));
  const request = toRequest(row!);
  await recordEvent(tx, {
    type,
    actor: eventActor(actorId),
    organizationId: request.organizationId,
    subjectUserId: request.user.id,
    data: membershipRequestJson(request),
  });
}

function withoutTimes(json: Json): Json {
  const copy = { ...json };
  delete copy.updated_at;
  return copy;
}

export type { EventType };
