// Invitations, the admin's side: invite addresses (the pages' form and the
// REST API), resend, revoke. Only a hash of each token is stored; every change
// happens under the organization's lock, and the email is queued in the same
// transaction (its rendering lives in lib/email/invitation-emails.ts).
import type { z } from "zod";
import type { Db, Tx } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { invitationEmail, invitationTemplate, invitationUrl, withLink } from "../../email/invitation-emails";
import { queueEmail, queueEmails } from "../../email/outbox";
import type { RenderedEmail } from "../../email/render";
import { numberSetting } from "../../settings";
import { createInvitationsSchema, invitationItemsSchema, splitEmails } from "../../validation/invitations";
import { isLookupKey } from "../../validation/text";
import { assertRoomFor, INSTANCE, lockAsMember, requirePermission, sqlWhereRef } from "../access";
import { DomainError, invalidInput, isUniqueViolation, notFound, parseInput } from "../errors";
import { assertAdminFirst } from "../memberships/admins";
import { MEMBER_ROLE, roleLabel } from "../../authz";
import { newToken } from "../tokens";
import { invitationEvents } from "../event-payloads";
import {
  expireStaleInvitationsSql,
  INVITATION_COLUMNS,
  insertInvitationsSql,
  reissueInvitationSql,
  revokeInvitationSql,
  toDto,
  toInvitationRow,
  unreportedExpirySql,
  type InvitationDto,
  type InvitationRow,
  type InvitationSqlRow,
  type IssuedInvitation,
  type LinkDelivery,
} from "./sql";

export type { InvitationDto, InvitationPage, IssuedInvitation, LinkDelivery } from "./sql";

export const INVITATION_EXPIRY_DAYS = numberSetting("INVITATION_EXPIRY_DAYS", 30, { min: 1 });
export const INVITATIONS_PER_HOUR = numberSetting("INVITATIONS_PER_HOUR", 250, { min: 1 });
/** Invitation emails (new and resent) one person may send per hour, across all their organizations. */
export const INVITATIONS_PER_INVITER_PER_HOUR = numberSetting("INVITATIONS_PER_INVITER_PER_HOUR", 100, { min: 1 });

/** Marks this organization's pending invitations that ran out as expired, freeing their addresses. */
async function expireStale(tx: Tx, organizationId: string): Promise<void> {
  const now = new Date();
  // Those whose expiry no sweep has reported yet get their expired event here, once.
  const unreported = await tx.rows<{ id: string }>(Prisma.sql`
    SELECT id FROM organization_invitations WHERE organization_id = ${organizationId} AND ${unreportedExpirySql(now)}`);
  await tx.execute(expireStaleInvitationsSql(organizationId, now));
  await invitationEvents(
    tx,
    null,
    "organizationInvitation.expired",
    organizationId,
    unreported.map((row) => row.id),
  );
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
async function chargeInviter(tx: Db, inviterId: string, sending: number): Promise<void> {
  if (inviterId === INSTANCE) return;
  const inviter = await tx.one<{ email_verified: Date | null }>(Prisma.sql`
    SELECT email_verified FROM users WHERE id = ${inviterId} FOR NO KEY UPDATE`);
  if (!inviter) throw notFound("user");
  if (!inviter.email_verified) {
    throw new DomainError("email_address_not_verified", UNVERIFIED_INVITER_MESSAGE, { paramName: "inviter_user_id" });
  }
  const windowStart = new Date(Date.now() - 60 * 60 * 1000);
  await tx.execute(
    Prisma.sql`DELETE FROM invitation_sends WHERE inviter_id = ${inviterId} AND sent_at <= ${windowStart}`,
  );
  const recent = await tx.rows<{ emails: number; sent_at: Date }>(Prisma.sql`
    SELECT emails, sent_at FROM invitation_sends WHERE inviter_id = ${inviterId} ORDER BY sent_at`);
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
  await tx.execute(
    Prisma.sql`INSERT INTO invitation_sends (inviter_id, emails) VALUES (${inviterId}, ${sending}::int)`,
  );
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
  return issueInvitations(db, actorId, ref, parseInput(invitationItemsSchema, input), delivery);
}

type InvitationItem = Omit<z.output<typeof invitationItemsSchema>[number], "role"> & { role?: string };

async function issueInvitations(
  db: Db,
  actorId: string,
  ref: string,
  requested: InvitationItem[],
  delivery: LinkDelivery,
): Promise<IssuedInvitation[]> {
  const disclosed = !delivery.emailOnly;
  const now = Date.now();
  const expiryOf = (item: InvitationItem) =>
    new Date(now + (item.expiresInDays ?? INVITATION_EXPIRY_DAYS) * 24 * 60 * 60 * 1000);

  // Rendered before any lock is taken, once per role and expiry; each invitation's link is put in afterwards.
  // The organization's name, the instance's default role (for items without one) and the role names.
  const [organization, inviter] = await Promise.all([
    db.one<{ name: string; default_role: string; role_names: Record<string, string> | null }>(
      Prisma.sql`SELECT o.name, s.default_role, (SELECT json_object_agg(r.key, r.name) FROM organization_roles r) AS role_names
                   FROM organizations o, organization_role_settings s WHERE ${sqlWhereRef(ref)} AND s.id`,
    ),
    actorId === INSTANCE ? null : db.one<{ name: string }>(Prisma.sql`SELECT name FROM users WHERE id = ${actorId}`),
  ]);
  const items = requested.map((item) => ({ ...item, role: item.role ?? organization?.default_role ?? MEMBER_ROLE }));
  const roleNames = organization?.role_names ?? {};
  const inviterName = actorId === INSTANCE ? `The ${organization?.name ?? ""} team` : inviter?.name;
  const templates = new Map<string, RenderedEmail>();
  if (organization && inviterName) {
    for (const item of items) {
      const key = `${item.role}:${expiryOf(item).getTime()}`;
      const roleName = roleNames[item.role] ?? roleLabel(item.role);
      if (!templates.has(key))
        templates.set(key, await invitationTemplate(organization.name, inviterName, roleName, expiryOf(item)));
    }
  }
  const emails = items.map((item) => item.email);

  return db.transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:invitations:manage");
    const organizationId = actor.organizationId;
    if (templates.size === 0) throw notFound();
    await chargeInviter(tx, actorId, emails.length);
    // Each role exists (checked with the rule), and an organization without a manager gets one first.
    for (const role of new Set(items.map((item) => item.role)))
      await assertAdminFirst(tx, organizationId, role, "invite");

    // Under the organization lock, so concurrent invites cannot overshoot the hourly limit.
    const windowStart = new Date(Date.now() - 60 * 60 * 1000);
    const counted = await tx.one<{ n: number }>(Prisma.sql`
      SELECT count(*)::int AS n FROM organization_invitations
       WHERE organization_id = ${organizationId} AND created_at > ${windowStart} AND domain_id IS NULL`);
    const recent = counted?.n ?? 0;
    if (recent + emails.length > INVITATIONS_PER_HOUR) {
      // More can be sent when enough of the hour's invitations have aged out.
      const freeing = await tx.one<{ created_at: Date }>(Prisma.sql`
        SELECT created_at FROM organization_invitations
         WHERE organization_id = ${organizationId} AND created_at > ${windowStart} AND domain_id IS NULL
         ORDER BY created_at ASC
         OFFSET ${Math.max(0, Math.min(recent - 1, recent + emails.length - INVITATIONS_PER_HOUR - 1))}::int LIMIT 1`);
      throw rateLimited(freeing?.created_at ?? new Date());
    }

    const member = await tx.one<{ email: string }>(Prisma.sql`
      SELECT u.email FROM organization_memberships m JOIN users u ON u.id = m.user_id
       WHERE m.organization_id = ${organizationId} AND u.email = ANY(${emails}::text[])
       LIMIT 1`);
    if (member) {
      const email = member.email;
      throw new DomainError("already_a_member_in_organization", `${email} is already a member of this organization.`, {
        paramName: "emails",
        email,
        fieldErrors: { emails: `${email} is already a member of this organization.` },
      });
    }

    await expireStale(tx, organizationId);
    // Names the address in the usual case; the unique index still decides when requests race.
    const pending = await tx.one<{ email: string }>(Prisma.sql`
      SELECT email FROM organization_invitations
       WHERE pending_key = ANY(${emails.map((email) => `${organizationId}:${email}`)}::text[]) LIMIT 1`);
    if (pending) throw alreadyInvited(pending.email);
    await assertRoomFor(tx, organizationId, items.length);
    const tokens = items.map(() => newToken());
    let rows: InvitationRow[];
    try {
      // One statement for all: a unique violation (an address already invited) aborts the whole call.
      const inserted = await tx.rows<InvitationSqlRow>(
        insertInvitationsSql(
          organizationId,
          actorId === INSTANCE ? null : actorId,
          new Date(now),
          disclosed,
          items.map((item, i) => ({ ...item, tokenHash: tokens[i]!.tokenHash, expiresAt: expiryOf(item) })),
        ),
      );
      // In the order asked.
      const order = new Map(emails.map((email, i) => [email, i]));
      rows = inserted.map(toInvitationRow).sort((a, b) => order.get(a.email)! - order.get(b.email)!);
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
    await invitationEvents(
      tx,
      actorId,
      "organizationInvitation.created",
      organizationId,
      rows.map((row) => row.id),
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

async function lockInvitation(tx: Db, organizationId: string, invitationId: string): Promise<InvitationRow> {
  if (!isLookupKey(invitationId)) throw notFound("invitation");
  const locked = await tx.one<InvitationSqlRow>(Prisma.sql`
    SELECT ${INVITATION_COLUMNS}
      FROM organization_invitations i LEFT JOIN users u ON u.id = i.inviter_id
     WHERE i.id = ${invitationId} AND i.organization_id = ${organizationId}
       FOR UPDATE OF i`);
  if (!locked) throw notFound("invitation");
  return toInvitationRow(locked);
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
  return db.transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:invitations:manage");
    const invitation = toDto(await lockInvitation(tx, actor.organizationId, invitationId));
    if (invitation.status !== "pending") throw notPending(invitation);
    const row = await tx.one<InvitationSqlRow>(revokeInvitationSql(invitationId));
    await invitationEvents(tx, actorId, "organizationInvitation.revoked", actor.organizationId, [invitationId]);
    return toDto(toInvitationRow(row!));
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
  return db.transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:invitations:manage");
    const current = toDto(await lockInvitation(tx, actor.organizationId, invitationId));
    if (current.status !== "pending" && current.status !== "expired") throw notPending(current);
    await chargeInviter(tx, actorId, 1);
    const { token, tokenHash } = newToken();
    const expiresAt = new Date(Date.now() + INVITATION_EXPIRY_DAYS * 24 * 60 * 60 * 1000);
    let row: InvitationRow;
    try {
      const updated = await tx.one<InvitationSqlRow>(
        reissueInvitationSql(invitationId, actor.organizationId, current.email, {
          tokenHash,
          expiresAt,
          inviterId: actorId === INSTANCE ? null : actorId,
          linkDisclosed: !delivery.emailOnly,
        }),
      );
      row = toInvitationRow(updated!);
    } catch (error) {
      // A lapsed invitation whose address was invited again meanwhile.
      if (isUniqueViolation(error)) throw alreadyInvited(current.email);
      throw error;
    }
    const organization = (await tx.one<{ name: string; role_name: string | null }>(
      Prisma.sql`SELECT o.name, (SELECT r.name FROM organization_roles r WHERE r.key = ${row.role}) AS role_name
                   FROM organizations o WHERE o.id = ${actor.organizationId}`,
    ))!;
    const inviterName = row.inviter?.name ?? `The ${organization.name} team`;
    await queueEmail(
      tx,
      current.email,
      await invitationEmail(
        organization.name,
        inviterName,
        organization.role_name ?? roleLabel(row.role),
        token,
        expiresAt,
      ),
    );
    await invitationEvents(tx, actorId, "organizationInvitation.resent", actor.organizationId, [invitationId]);
    return { ...toDto(row), url: delivery.emailOnly ? null : invitationUrl(token) };
  });
}
