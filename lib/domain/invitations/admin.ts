// Invitations, the admin's side: invite addresses (the pages' form and the
// REST API), resend, revoke. Only a hash of each token is stored; every change
// happens under the organization's lock, and the email is queued in the same
// transaction (its rendering lives in lib/email/invitation-emails.ts).
import type { z } from "zod";
import type { Db, Tx } from "../../db";
import { invitationEmail, invitationTemplate, invitationUrl, withLink } from "../../email/invitation-emails";
import { queueEmail, queueEmails } from "../../email/outbox";
import type { RenderedEmail } from "../../email/render";
import { numberSetting } from "../../settings";
import { createInvitationsSchema, invitationItemsSchema, splitEmails } from "../../validation/invitations";
import { isLookupKey } from "../../validation/text";
import { assertRoomFor, INSTANCE, lockAsMember, requirePermission, whereRef } from "../access";
import { DomainError, invalidInput, isUniqueViolation, notFound } from "../errors";
import { assertAdminFirst } from "../memberships/admins";
import { newToken } from "../tokens";
import {
  invitationSelect,
  toDto,
  type InvitationDto,
  type InvitationRow,
  type IssuedInvitation,
  type LinkDelivery,
} from "./sql";

export type { InvitationDto, InvitationPage, IssuedInvitation, LinkDelivery } from "./sql";

export const INVITATION_EXPIRY_DAYS = numberSetting("INVITATION_EXPIRY_DAYS", 30, { min: 1 });
export const INVITATIONS_PER_HOUR = numberSetting("INVITATIONS_PER_HOUR", 250, { min: 1 });
/** Invitation emails (new and resent) one person may send per hour, across all their organizations. */
export const INVITATIONS_PER_INVITER_PER_HOUR = numberSetting("INVITATIONS_PER_INVITER_PER_HOUR", 100, { min: 1 });

/** Marks this organization's pending invitations that ran out as expired, freeing their addresses. */
async function expireStale(tx: Tx | Db, organizationId: string): Promise<void> {
  await tx.invitation.updateMany({
    where: { organizationId, status: "pending", expiresAt: { lte: new Date() } },
    data: { status: "expired", pendingKey: null },
  });
}

function rateLimited(oldest: Date): DomainError {
  const retryAt = new Date(oldest.getTime() + 60 * 60 * 1000);
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 60_000));
  return new DomainError(
    "too_many_requests",
    `This organization has sent ${INVITATIONS_PER_HOUR} invitations in the last hour. More can be sent in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`,
    { retryAfterSeconds: minutes * 60, retryAt: retryAt.toISOString() },
  );
}

export const UNVERIFIED_INVITER_MESSAGE =
  "Verify your email address before inviting people: open the link in the verification email we sent you, or send a new one.";

/**
 * A person (not the instance's secret key) sends invitation emails only from a
 * verified address, and at most INVITATIONS_PER_INVITER_PER_HOUR an hour across
 * every organization, so a throwaway account cannot turn the app into a spam
 * relay. The inviter's row is locked (after the organization's, the order
 * account deletion uses too), so concurrent invitations are counted one after
 * another; each sending is recorded in invitation_sends.
 */
async function chargeInviter(tx: Tx, inviterId: string, sending: number): Promise<void> {
  if (inviterId === INSTANCE) return;
  const [inviter] = await tx.$queryRaw<Array<{ email_verified: Date | null }>>`
    SELECT email_verified FROM users WHERE id = ${inviterId} FOR NO KEY UPDATE`;
  if (!inviter) throw notFound("user");
  if (!inviter.email_verified) {
    throw new DomainError("email_address_not_verified", UNVERIFIED_INVITER_MESSAGE, { paramName: "inviter_user_id" });
  }
  const windowStart = new Date(Date.now() - 60 * 60 * 1000);
  await tx.$executeRaw`DELETE FROM invitation_sends WHERE inviter_id = ${inviterId} AND sent_at <= ${windowStart}`;
  const recent = await tx.$queryRaw<Array<{ emails: number; sent_at: Date }>>`
    SELECT emails, sent_at FROM invitation_sends WHERE inviter_id = ${inviterId} ORDER BY sent_at`;
  const sent = recent.reduce((sum, row) => sum + row.emails, 0);
  if (sent + sending > INVITATIONS_PER_INVITER_PER_HOUR) {
    // More can be sent once enough of the hour's sendings have aged out.
    let freed = 0;
    const needed = sent + sending - INVITATIONS_PER_INVITER_PER_HOUR;
    const freeing = recent.find((row) => (freed += row.emails) >= needed) ?? recent.at(-1);
    const retryAt = new Date((freeing?.sent_at ?? new Date()).getTime() + 60 * 60 * 1000);
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 60_000));
    throw new DomainError(
      "too_many_requests",
      `You have sent ${sent} invitations in the last hour (at most ${INVITATIONS_PER_INVITER_PER_HOUR}, across all your organizations). More can be sent in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`,
      { retryAfterSeconds: minutes * 60, retryAt: retryAt.toISOString() },
    );
  }
  await tx.$executeRaw`INSERT INTO invitation_sends (inviter_id, emails) VALUES (${inviterId}, ${sending}::int)`;
}

// ---------------------------------------------------------------------------
// Admin operations

/** A refused address is named in the message (“bob@”: Enter a valid email address...), so a list of ten says which. */
function namingTheAddress<T extends { path: PropertyKey[]; message: string }>(issue: T, typed: string[]): T {
  const [field, index] = issue.path;
  if (field !== "emails" || typeof index !== "number" || typed[index] === undefined) return issue;
  const shown = typed[index].length > 80 ? `${typed[index].slice(0, 80)}…` : typed[index];
  return { ...issue, message: `“${shown}”: ${issue.message}` };
}

/** Invites up to 10 addresses with one role; all or nothing. The emails are queued in the same transaction. */
export async function createInvitations(
  db: Db,
  actorId: string,
  ref: string,
  input: { emails: unknown; role?: unknown; expiresInDays?: unknown },
  delivery: LinkDelivery = {},
): Promise<IssuedInvitation[]> {
  const typed = splitEmails(input.emails);
  const parsed = createInvitationsSchema.safeParse({ ...input, emails: typed });
  if (!parsed.success)
    throw invalidInput({ issues: parsed.error.issues.map((issue) => namingTheAddress(issue, typed)) });
  const { emails, role, expiresInDays } = parsed.data;
  return issueInvitations(
    db,
    actorId,
    ref,
    emails.map((email) => ({ email, role, expiresInDays })),
    delivery,
  );
}

/**
 * The REST API's invitations (one, or a bulk of at most 10), each with its
 * own role, expiry, metadata and redirect URL; all or nothing, by the same
 * rules as the pages' invitations.
 */
export async function createInvitationItems(
  db: Db,
  actorId: string,
  ref: string,
  input: unknown,
  delivery: LinkDelivery = {},
): Promise<IssuedInvitation[]> {
  const parsed = invitationItemsSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  return issueInvitations(db, actorId, ref, parsed.data, delivery);
}

type InvitationItem = z.output<typeof invitationItemsSchema>[number];

async function issueInvitations(
  db: Db,
  actorId: string,
  ref: string,
  items: InvitationItem[],
  delivery: LinkDelivery,
): Promise<IssuedInvitation[]> {
  const disclosed = !delivery.emailOnly;
  const now = Date.now();
  const expiryOf = (item: InvitationItem) =>
    new Date(now + (item.expiresInDays ?? INVITATION_EXPIRY_DAYS) * 24 * 60 * 60 * 1000);

  // Rendered before any lock is taken, once per role and expiry; each invitation's link is put in afterwards.
  const [organization, inviter] = await Promise.all([
    db.organization.findFirst({ where: whereRef(ref), select: { name: true } }),
    actorId === INSTANCE ? null : db.user.findUnique({ where: { id: actorId }, select: { name: true } }),
  ]);
  const inviterName = actorId === INSTANCE ? `The ${organization?.name ?? ""} team` : inviter?.name;
  const templates = new Map<string, RenderedEmail>();
  if (organization && inviterName) {
    for (const item of items) {
      const key = `${item.role}:${expiryOf(item).getTime()}`;
      if (!templates.has(key))
        templates.set(key, await invitationTemplate(organization.name, inviterName, item.role, expiryOf(item)));
    }
  }
  const emails = items.map((item) => item.email);

  return db.$transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:invitations:manage");
    const organizationId = actor.organizationId;
    if (templates.size === 0) throw notFound();
    await chargeInviter(tx, actorId, emails.length);
    if (items.some((item) => item.role !== "admin")) {
      await assertAdminFirst(tx, organizationId, "basic_member", "invite");
    }

    // Under the organization lock, so concurrent invites cannot overshoot the hourly limit.
    const windowStart = new Date(Date.now() - 60 * 60 * 1000);
    const recent = await tx.invitation.count({ where: { organizationId, createdAt: { gt: windowStart } } });
    if (recent + emails.length > INVITATIONS_PER_HOUR) {
      // More can be sent when enough of the hour's invitations have aged out.
      const freeing = await tx.invitation.findFirst({
        where: { organizationId, createdAt: { gt: windowStart } },
        orderBy: { createdAt: "asc" },
        skip: Math.min(recent - 1, recent + emails.length - INVITATIONS_PER_HOUR - 1),
        select: { createdAt: true },
      });
      throw rateLimited(freeing?.createdAt ?? new Date());
    }

    const members = await tx.membership.findMany({
      where: { organizationId, user: { email: { in: emails } } },
      select: { user: { select: { email: true } } },
    });
    if (members.length > 0) {
      const email = members[0]!.user.email;
      throw new DomainError("already_a_member_in_organization", `${email} is already a member of this organization.`, {
        paramName: "emails",
        email,
        fieldErrors: { emails: `${email} is already a member of this organization.` },
      });
    }

    await expireStale(tx, organizationId);
    // Names the address in the usual case; the unique index still decides when requests race.
    const pending = await tx.invitation.findFirst({
      where: { pendingKey: { in: emails.map((email) => `${organizationId}:${email}`) } },
      select: { email: true },
    });
    if (pending) throw alreadyInvited(pending.email);
    await assertRoomFor(tx, organizationId, items.length);
    const tokens = items.map(() => newToken());
    let rows: InvitationRow[];
    try {
      // One statement for all: a unique violation (an address already invited) aborts the whole call.
      rows = await tx.invitation.createManyAndReturn({
        data: items.map((item, i) => ({
          organizationId,
          email: item.email,
          role: item.role,
          tokenHash: tokens[i]!.tokenHash,
          pendingKey: `${organizationId}:${item.email}`,
          inviterId: actorId === INSTANCE ? null : actorId,
          createdAt: new Date(now),
          expiresAt: expiryOf(item),
          publicMetadata: item.publicMetadata,
          privateMetadata: item.privateMetadata,
          redirectUrl: item.redirectUrl,
          linkDisclosed: disclosed,
        })),
        select: invitationSelect,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyInvited(emails.length === 1 ? emails[0]! : "One of these addresses");
      throw error;
    }
    const urlOf = new Map(emails.map((email, i) => [email, invitationUrl(tokens[i]!.token)]));
    await queueEmails(
      tx,
      rows.map((row) => ({
        to: row.email,
        email: withLink(templates.get(`${row.role}:${row.expiresAt.getTime()}`)!, urlOf.get(row.email)!),
      })),
    );
    return rows.map((row) => ({ ...toDto(row), url: disclosed ? urlOf.get(row.email)! : null }));
  });
}

function alreadyInvited(email: string): DomainError {
  const message = `${email} already has a pending invitation. Resend it instead.`;
  return new DomainError("organization_invitation_not_unique", message, {
    paramName: "emails",
    email,
    fieldErrors: { emails: message },
  });
}

async function lockInvitation(tx: Tx, organizationId: string, invitationId: string): Promise<InvitationRow> {
  if (!isLookupKey(invitationId)) throw notFound("invitation");
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM organization_invitations WHERE id = ${invitationId} AND organization_id = ${organizationId} FOR UPDATE`;
  if (locked.length === 0) throw notFound("invitation");
  return tx.invitation.findUniqueOrThrow({ where: { id: invitationId }, select: invitationSelect });
}

export function notPending(invitation: InvitationDto): DomainError {
  return new DomainError(
    "organization_invitation_not_pending",
    `This invitation is ${invitation.status}, not pending.`,
    {
      status: invitation.status,
    },
  );
}

export async function revokeInvitation(
  db: Db,
  actorId: string,
  ref: string,
  invitationId: string,
): Promise<InvitationDto> {
  return db.$transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:invitations:manage");
    const invitation = toDto(await lockInvitation(tx, actor.organizationId, invitationId));
    if (invitation.status !== "pending") throw notPending(invitation);
    const row = await tx.invitation.update({
      where: { id: invitationId },
      data: { status: "revoked", revokedAt: new Date(), pendingKey: null },
      select: invitationSelect,
    });
    return toDto(row);
  });
}

/**
 * A fresh token and expiry for a pending (or lapsed) invitation: the old link
 * stops working, and whether the new one was disclosed is recorded afresh.
 */
export async function resendInvitation(
  db: Db,
  actorId: string,
  ref: string,
  invitationId: string,
  delivery: LinkDelivery = {},
): Promise<IssuedInvitation> {
  return db.$transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:invitations:manage");
    const current = toDto(await lockInvitation(tx, actor.organizationId, invitationId));
    if (current.status !== "pending" && current.status !== "expired") throw notPending(current);
    await chargeInviter(tx, actorId, 1);
    const { token, tokenHash } = newToken();
    const expiresAt = new Date(Date.now() + INVITATION_EXPIRY_DAYS * 24 * 60 * 60 * 1000);
    let row: InvitationRow;
    try {
      row = await tx.invitation.update({
        where: { id: invitationId },
        data: {
          tokenHash,
          expiresAt,
          status: "pending",
          pendingKey: `${actor.organizationId}:${current.email}`,
          inviterId: actorId === INSTANCE ? null : actorId,
          linkDisclosed: !delivery.emailOnly,
        },
        select: invitationSelect,
      });
    } catch (error) {
      // A lapsed invitation whose address was invited again meanwhile.
      if (isUniqueViolation(error)) throw alreadyInvited(current.email);
      throw error;
    }
    const organization = await tx.organization.findUniqueOrThrow({
      where: { id: actor.organizationId },
      select: { name: true },
    });
    const inviterName = row.inviter?.name ?? `The ${organization.name} team`;
    await queueEmail(
      tx,
      current.email,
      await invitationEmail(organization.name, inviterName, row.role, token, expiresAt),
    );
    return { ...toDto(row), url: delivery.emailOnly ? null : invitationUrl(token) };
  });
}
