// Invitations: admins invite addresses; the emailed link lets the invitee
// accept (signed in) or sign up and join in one step. Only a hash of each
// token is stored; every state change happens under a row lock.
import { createHash, randomBytes } from "node:crypto";
import type { z } from "zod";
import { createElement } from "react";
import { readRows, type Db, type Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import { ROLE_LABELS, type Role } from "../authz";
import { appUrl } from "../email/config";
import { queueEmail, queueEmails } from "../email/outbox";
import { renderEmail, type RenderedEmail } from "../email/render";
import { InvitationEmail } from "../email/templates/invitation-email";
import { signUpSchema } from "../validation/auth";
import {
  createInvitationsSchema,
  invitationItemsSchema,
  listInvitationsSchema,
  splitEmails,
  type InvitationStatusValue,
} from "../validation/invitations";
import { isLookupKey } from "../validation/text";
import { DomainError, invalidInput, isUniqueViolation, notFound } from "./errors";
import { assertAdminFirst, assertRoomFor, getMembershipRole, INSTANCE, lockAsMember, requirePermission, whereRef } from "./organizations";
import { hashPassword } from "./passwords";
import { welcomeEmail } from "../email/account-emails";
import { newAccountToken, storeAccountToken, tokenExpiry } from "./account-tokens";
import { userDtoSelect, type UserDto } from "./users";
import { numberSetting } from "../settings";

export const INVITATION_EXPIRY_DAYS = numberSetting("INVITATION_EXPIRY_DAYS", 30, { min: 1 });
export const INVITATIONS_PER_HOUR = numberSetting("INVITATIONS_PER_HOUR", 250, { min: 1 });
/** Invitation emails (new and resent) one person may send per hour, across all their organizations. */
export const INVITATIONS_PER_INVITER_PER_HOUR = numberSetting("INVITATIONS_PER_INVITER_PER_HOUR", 100, { min: 1 });

export type InvitationDto = {
  id: string;
  organizationId: string;
  email: string;
  role: Role;
  status: InvitationStatusValue;
  inviterName: string | null;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
};

/**
 * An invitation as created or resent, with its link when the caller shows it
 * (the link is never stored); null when it went only to the invited mailbox.
 */
export type IssuedInvitation = InvitationDto & { url: string | null };

/**
 * How a caller hands out the links it issues. By default the link is
 * returned (the API's `url`, the pages' links box) and so counts as
 * disclosed: an account created from it starts unverified. With emailOnly the
 * link reaches nobody but the mailbox, and signing up from it proves the address.
 */
export type LinkDelivery = { emailOnly?: boolean };

export function invitationUrl(token: string): string {
  return `${appUrl()}/invitations/${token}`;
}

function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url"); // 256 bits
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const invitationSelect = {
  id: true,
  organizationId: true,
  email: true,
  role: true,
  status: true,
  expiresAt: true,
  createdAt: true,
  acceptedAt: true,
  revokedAt: true,
  inviter: { select: { name: true } },
} as const;

type InvitationRow = {
  id: string;
  organizationId: string;
  email: string;
  role: Role;
  status: InvitationStatusValue;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  inviter: { name: string } | null;
};

function toDto(row: InvitationRow, now = new Date()): InvitationDto {
  const { inviter, ...rest } = row;
  const status = row.status === "pending" && row.expiresAt <= now ? "expired" : row.status;
  return { ...rest, status, inviterName: inviter?.name ?? null };
}

/** Marks this organization's pending invitations that ran out as expired, freeing their addresses. */
async function expireStale(tx: Tx | Db, organizationId: string): Promise<void> {
  await tx.invitation.updateMany({
    where: { organizationId, status: "pending", expiresAt: { lte: new Date() } },
    data: { status: "expired", pendingKey: null },
  });
}

// Rendering an email costs more than the rest of an invitation; an admin
// inviting people one after another gets the same email but for its link, so
// rendered templates (with a placeholder link) are kept, a bounded number.
const renderedTemplates = new Map<string, Promise<RenderedEmail>>();
const MAX_RENDERED_TEMPLATES = 200;

function invitationTemplate(organizationName: string, inviterName: string, role: Role, expiresAt: Date): Promise<RenderedEmail> {
  const key = JSON.stringify([organizationName, inviterName, role, expiresAt.toISOString().slice(0, 10), appUrl()]);
  let rendered = renderedTemplates.get(key);
  if (!rendered) {
    rendered = renderEmail(
      `${inviterName} invited you to join ${organizationName}`,
      createElement(InvitationEmail, {
        organizationName,
        inviterName,
        roleLabel: ROLE_LABELS[role],
        url: invitationUrl(TOKEN_PLACEHOLDER),
        expiresAt,
      }),
    );
    rendered.catch(() => renderedTemplates.delete(key));
    if (renderedTemplates.size >= MAX_RENDERED_TEMPLATES) renderedTemplates.delete(renderedTemplates.keys().next().value!);
    renderedTemplates.set(key, rendered);
  }
  return rendered;
}

async function invitationEmail(organizationName: string, inviterName: string, role: Role, token: string, expiresAt: Date) {
  return withLink(await invitationTemplate(organizationName, inviterName, role, expiresAt), invitationUrl(token));
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

/** Invites up to 10 addresses with one role; all or nothing. The emails are queued in the same transaction. */
export async function createInvitations(db: Db, actorId: string, ref: string, input: { emails: unknown; role?: unknown; expiresInDays?: unknown }, delivery: LinkDelivery = {}): Promise<IssuedInvitation[]> {
  const parsed = createInvitationsSchema.safeParse({ ...input, emails: splitEmails(input.emails) });
  if (!parsed.success) throw invalidInput(parsed.error);
  const { emails, role, expiresInDays } = parsed.data;
  return issueInvitations(db, actorId, ref, emails.map((email) => ({ email, role, expiresInDays })), delivery);
}

/**
 * The REST API's invitations (one, or a bulk of at most 10), each with its
 * own role, expiry, metadata and redirect URL; all or nothing, by the same
 * rules as the pages' invitations.
 */
export async function createInvitationItems(db: Db, actorId: string, ref: string, input: unknown, delivery: LinkDelivery = {}): Promise<IssuedInvitation[]> {
  const parsed = invitationItemsSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  return issueInvitations(db, actorId, ref, parsed.data, delivery);
}

type InvitationItem = z.output<typeof invitationItemsSchema>[number];

async function issueInvitations(db: Db, actorId: string, ref: string, items: InvitationItem[], delivery: LinkDelivery): Promise<IssuedInvitation[]> {
  const disclosed = !delivery.emailOnly;
  const now = Date.now();
  const expiryOf = (item: InvitationItem) => new Date(now + (item.expiresInDays ?? INVITATION_EXPIRY_DAYS) * 24 * 60 * 60 * 1000);

  // Rendered before any lock is taken, once per role and expiry; each invitation's link is put in afterwards.
  const [named, inviter] = await Promise.all([
    db.organization.findFirst({ where: whereRef(ref), select: { name: true } }),
    actorId === INSTANCE ? null : db.user.findUnique({ where: { id: actorId }, select: { name: true } }),
  ]);
  const inviterName = actorId === INSTANCE ? `The ${named?.name ?? ""} team` : inviter?.name;
  const templates = new Map<string, RenderedEmail>();
  if (named && inviterName) {
    for (const item of items) {
      const key = `${item.role}:${expiryOf(item).getTime()}`;
      if (!templates.has(key)) templates.set(key, await invitationTemplate(named.name, inviterName, item.role, expiryOf(item)));
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
      await assertAdminFirst(tx, organizationId, "basic_member", "This organization has no admin yet: invite its first member as an admin (role org:admin).");
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

const TOKEN_PLACEHOLDER = "INVITATION-LINK-TOKEN";

function withLink(template: RenderedEmail, url: string): RenderedEmail {
  const placeholder = invitationUrl(TOKEN_PLACEHOLDER);
  return {
    subject: template.subject,
    html: template.html.replaceAll(placeholder, url),
    text: template.text.replaceAll(placeholder, url),
  };
}

function alreadyInvited(email: string): DomainError {
  const message = `${email} already has a pending invitation. Resend it instead.`;
  return new DomainError("organization_invitation_not_unique", message, { paramName: "emails", email, fieldErrors: { emails: message } });
}

export type InvitationPage = { data: InvitationDto[]; totalCount: number; page: number; pageSize: number };

export async function listInvitations(db: Db, actorId: string, ref: string, input: { status?: unknown; page?: unknown; pageSize?: unknown } = {}): Promise<InvitationPage> {
  const membership = await getMembershipRole(db, actorId, ref);
  requirePermission(membership.role, "org:invitations:manage");
  return listInvitationsOf(db, membership.organizationId, input);
}

/**
 * Invitations of an organization by status, newest first. A pending
 * invitation past its expiry counts as expired, without a write.
 * The caller has checked that the actor may manage invitations.
 */
export async function listInvitationsOf(db: Db, organizationId: string, input: { status?: unknown; page?: unknown; pageSize?: unknown } = {}): Promise<InvitationPage> {
  const { status, page, pageSize } = listInvitationsSchema.parse({
    ...input,
    status: input.status === undefined ? undefined : Array.isArray(input.status) ? input.status : [input.status],
  });
  const now = new Date();
  const wanted = new Set(status);
  // One statement: the page, its inviters' names and the total (a window count).
  const rows = await readRows<{
    id: string;
    organization_id: string;
    email: string;
    role: Role;
    status: InvitationStatusValue;
    expires_at: Date;
    created_at: Date;
    accepted_at: Date | null;
    revoked_at: Date | null;
    inviter_name: string | null;
    total: number;
  }>(db, Prisma.sql`
    SELECT i.id, i.organization_id, i.email, i.role::text AS role, i.status::text AS status, i.expires_at, i.created_at,
           i.accepted_at, i.revoked_at, u.name AS inviter_name, count(*) OVER ()::int AS total
      FROM organization_invitations i
      LEFT JOIN users u ON u.id = i.inviter_id
     WHERE i.organization_id = ${organizationId}
       AND ${statusFilter(wanted, now)}
     ORDER BY i.created_at DESC, i.id
     LIMIT ${pageSize}::int OFFSET ${(page - 1) * pageSize}::int`);
  const data = rows.map((row) =>
    toDto(
      {
        id: row.id,
        organizationId: row.organization_id,
        email: row.email,
        role: row.role,
        status: row.status,
        expiresAt: row.expires_at,
        createdAt: row.created_at,
        acceptedAt: row.accepted_at,
        revokedAt: row.revoked_at,
        inviter: row.inviter_name === null ? null : { name: row.inviter_name },
      },
      now,
    ),
  );
  // Past the last page the window count is absent: count separately only then.
  const totalCount = rows[0]?.total ?? (page > 1 ? await countInvitations(db, organizationId, wanted, now) : 0);
  return { data, totalCount, page, pageSize };
}

/** Statuses as the user sees them: a pending invitation past its expiry is expired. */
function statusFilter(wanted: Set<InvitationStatusValue>, now: Date): Prisma.Sql {
  return Prisma.sql`(   (${wanted.has("pending")} AND i.status = 'pending' AND i.expires_at > ${now})
                     OR (${wanted.has("expired")} AND (i.status = 'expired' OR (i.status = 'pending' AND i.expires_at <= ${now})))
                     OR (${wanted.has("accepted")} AND i.status = 'accepted')
                     OR (${wanted.has("revoked")} AND i.status = 'revoked'))`;
}

async function countInvitations(db: Db, organizationId: string, wanted: Set<InvitationStatusValue>, now: Date): Promise<number> {
  const [row] = await readRows<{ n: number }>(db, Prisma.sql`
    SELECT count(*)::int AS n FROM organization_invitations i
     WHERE i.organization_id = ${organizationId}
       AND ${statusFilter(wanted, now)}`);
  return row?.n ?? 0;
}

async function lockInvitation(tx: Tx, organizationId: string, invitationId: string): Promise<InvitationRow> {
  if (!isLookupKey(invitationId)) throw notFound("invitation");
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM organization_invitations WHERE id = ${invitationId} AND organization_id = ${organizationId} FOR UPDATE`;
  if (locked.length === 0) throw notFound("invitation");
  return tx.invitation.findUniqueOrThrow({ where: { id: invitationId }, select: invitationSelect });
}

function notPending(invitation: InvitationDto): DomainError {
  return new DomainError("organization_invitation_not_pending", `This invitation is ${invitation.status}, not pending.`, {
    status: invitation.status,
  });
}

export async function revokeInvitation(db: Db, actorId: string, ref: string, invitationId: string): Promise<InvitationDto> {
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
export async function resendInvitation(db: Db, actorId: string, ref: string, invitationId: string, delivery: LinkDelivery = {}): Promise<IssuedInvitation> {
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
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: { name: true } });
    const inviterName = row.inviter?.name ?? `The ${organization.name} team`;
    await queueEmail(tx, current.email, await invitationEmail(organization.name, inviterName, row.role, token, expiresAt));
    return { ...toDto(row), url: delivery.emailOnly ? null : invitationUrl(token) };
  });
}

// ---------------------------------------------------------------------------
// The invitee's side

export type InvitationView = {
  invitation: InvitationDto;
  organization: { id: string; name: string; slug: string };
  /** Whether an account with the invited address exists (the link's holder knows the address). */
  accountExists: boolean;
};

/** What the link shows; null for a token that matches nothing. */
export async function viewInvitation(db: Db, token: string): Promise<InvitationView | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { ...invitationSelect, organization: { select: { id: true, name: true, slug: true } } },
  });
  if (!row) return null;
  const { organization, ...invitation } = row;
  const account = await db.user.findUnique({ where: { email: row.email }, select: { id: true } });
  return { invitation: toDto(invitation), organization, accountExists: Boolean(account) };
}

function refusalFor(invitation: InvitationDto): DomainError {
  switch (invitation.status) {
    case "accepted":
      return new DomainError("organization_invitation_already_accepted", "This invitation has already been used.");
    case "revoked":
      return new DomainError("organization_invitation_revoked", "This invitation was revoked. Ask an admin of the organization for a new one.");
    case "expired":
      return new DomainError("organization_invitation_expired", "This invitation has expired. Ask an admin of the organization to resend it.");
    default:
      return notPending(invitation);
  }
}

/**
 * Locks the invitation's organization, then the invitation: the same order as
 * the admin operations (which lock the organization first), so an accept and a
 * revoke of one invitation queue up instead of deadlocking.
 */
async function lockByToken(tx: Tx, token: string) {
  const found = await tx.invitation.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, organizationId: true } });
  if (!found) throw notFound("invitation");
  await tx.$queryRaw`SELECT id FROM organizations WHERE id = ${found.organizationId} FOR UPDATE`;
  // Re-checked under the lock: a resend may have replaced the token meanwhile.
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM organization_invitations WHERE id = ${found.id} AND token_hash = ${hashToken(token)} FOR UPDATE`;
  if (locked.length === 0) throw notFound("invitation");
  return tx.invitation.findUniqueOrThrow({
    where: { id: found.id },
    select: { ...invitationSelect, redirectUrl: true, linkDisclosed: true, organization: { select: { id: true, slug: true } } },
  });
}

async function join(tx: Tx, invitation: { id: string; organizationId: string; role: Role }, userId: string): Promise<void> {
  await assertAdminFirst(
    tx,
    invitation.organizationId,
    invitation.role,
    "This organization has no admin yet, so it cannot take members. Ask whoever invited you to invite you as an admin.",
  );
  await tx.membership.createMany({
    data: [{ organizationId: invitation.organizationId, userId, role: invitation.role }],
    skipDuplicates: true,
  });
  await tx.invitation.update({
    where: { id: invitation.id },
    data: { status: "accepted", acceptedAt: new Date(), pendingKey: null },
  });
}

/** The signed-in invitee accepts: the membership and the accepted status commit together. */
export async function acceptInvitation(db: Db, actorId: string, token: string): Promise<{ slug: string; redirectUrl: string | null }> {
  return db.$transaction(async (tx) => {
    const row = await lockByToken(tx, token);
    const actor = await tx.user.findUnique({ where: { id: actorId }, select: { email: true } });
    if (!actor) throw notFound("user");
    if (actor.email !== row.email) {
      throw new DomainError(
        "organization_invitation_wrong_account",
        `This invitation is for ${row.email}, but you are signed in as ${actor.email}.`,
        { invitedEmail: row.email },
      );
    }
    const invitation = toDto(row);
    if (invitation.status === "accepted") {
      // A second click (or a parallel request) by the same person: already done.
      const member = await tx.membership.findUnique({
        where: { organizationId_userId: { organizationId: row.organizationId, userId: actorId } },
        select: { id: true },
      });
      if (member) return { slug: row.organization.slug, redirectUrl: row.redirectUrl };
    }
    if (invitation.status !== "pending") throw refusalFor(invitation);
    await assertRoomFor(tx, row.organizationId, 0);
    await join(tx, row, actorId);
    return { slug: row.organization.slug, redirectUrl: row.redirectUrl };
  });
}

export async function declineInvitation(db: Db, actorId: string, token: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await lockByToken(tx, token);
    const actor = await tx.user.findUnique({ where: { id: actorId }, select: { email: true } });
    if (!actor || actor.email !== row.email) {
      throw new DomainError("organization_invitation_wrong_account", `This invitation is for ${row.email}.`, { invitedEmail: row.email });
    }
    const invitation = toDto(row);
    if (invitation.status !== "pending") throw refusalFor(invitation);
    await tx.invitation.update({ where: { id: row.id }, data: { status: "revoked", revokedAt: new Date(), pendingKey: null } });
  });
}

/**
 * A new person signs up from the link: the account (with the invited
 * address), the membership and the accepted invitation are created in one
 * transaction. The invitation verifies the address only when its link reached
 * nobody but that mailbox; from a link that was shown to the inviter or
 * returned by the API, the account starts unverified and its welcome email,
 * queued in the same transaction, carries the verification link (the caller
 * kicks delivery after commit).
 */
export async function signUpWithInvitation(
  db: Db,
  token: string,
  input: { name?: unknown; password?: unknown },
): Promise<{ user: UserDto; slug: string; redirectUrl: string | null }> {
  // The same rules as sign-up; the invitation supplies the email.
  const parsed = signUpSchema.pick({ name: true, password: true }).safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { name, password } = parsed.data;
  // A link that opens nothing costs no password hash (an argon2 hash is the
  // expensive part of a sign-up): checked again under the lock below.
  const known = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true } });
  if (!known) throw notFound("invitation");
  const passwordHash = await hashPassword(password);
  const verification = newAccountToken();
  const welcome = await welcomeEmail(name, verification.token);
  try {
    return await db.$transaction(async (tx) => {
      const row = await lockByToken(tx, token);
      const invitation = toDto(row);
      if (invitation.status !== "pending") throw refusalFor(invitation);
      await assertRoomFor(tx, row.organizationId, 0);
      const user = await tx.user.create({
        data: { name, email: row.email, passwordHash, emailVerified: row.linkDisclosed ? null : new Date() },
        select: userDtoSelect,
      });
      if (row.linkDisclosed) {
        await storeAccountToken(tx, {
          userId: user.id,
          kind: "email_verification",
          tokenHash: verification.tokenHash,
          email: row.email,
          expiresAt: tokenExpiry("email_verification"),
        });
        await queueEmail(tx, row.email, welcome);
      }
      await join(tx, row, user.id);
      return { user, slug: row.organization.slug, redirectUrl: row.redirectUrl };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("form_identifier_exists", "An account with this email already exists. Sign in to accept the invitation.", {
        paramName: "email",
      });
    }
    throw error;
  }
}
