// Invitations, the invitee's side: what the emailed link shows, accepting
// (signed in), declining, and signing up from the link. Each locks the
// invitation's organization first, as the admin's side does.
import type { Db, Tx } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import type { RoleKey as Role } from "../../authz";
import { SHARE_ROLES_LOCK } from "../access";
import { welcomeEmail } from "../../email/account-emails";
import { signUpSchema } from "../../validation/auth";
import { sendAccountLink } from "../account-tokens";
import { assertRoomFor } from "../access";
import { DomainError, isUniqueViolation, notFound, parseInput } from "../errors";
import { assertAdminFirst } from "../memberships/admins";
import { insertMembershipSql } from "../memberships/sql";
import { hashPassword } from "../passwords";
import { hashToken, newToken } from "../tokens";
import { insertUserSql, toUserDto, type UserDto, type UserDtoRow } from "../users-sql";
import { notPending } from "./admin";
import { enrollVerifiedAddress } from "../domains/enrollment";
import { invitationEvents, membershipEvent, userEvent } from "../event-payloads";
import {
  acceptInvitationSql,
  INVITATION_LINK_COLUMNS,
  revokeInvitationSql,
  toDto,
  toInvitationRow,
  type InvitationDto,
  type InvitationLinkRow,
} from "./sql";

export type InvitationView = {
  invitation: InvitationDto;
  organization: { id: string; name: string; slug: string };
  /** Whether an account with the invited address exists (the link's holder knows the address). */
  accountExists: boolean;
};

/** What the link shows; null for a token that matches nothing. */
export async function viewInvitation(db: Db, token: string): Promise<InvitationView | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db.one<InvitationLinkRow & { account_exists: boolean }>(Prisma.sql`
    SELECT ${INVITATION_LINK_COLUMNS}, EXISTS (SELECT 1 FROM users a WHERE a.email = i.email) AS account_exists
      FROM organization_invitations i
      JOIN organizations o ON o.id = i.organization_id
      LEFT JOIN users u ON u.id = i.inviter_id
     WHERE i.token_hash = ${hashToken(token)}`);
  if (!row) return null;
  const organization = { id: row.organization_id, name: row.organization_name, slug: row.organization_slug };
  return { invitation: toDto(toInvitationRow(row)), organization, accountExists: row.account_exists };
}

export function refusalFor(invitation: InvitationDto): DomainError {
  switch (invitation.status) {
    case "accepted":
      return new DomainError("organization_invitation_already_accepted", "This invitation has already been used.");
    case "revoked":
      return new DomainError(
        "organization_invitation_revoked",
        "This invitation was revoked. Ask an admin of the organization for a new one.",
      );
    case "expired":
      return new DomainError(
        "organization_invitation_expired",
        "This invitation has expired. Ask an admin of the organization to resend it.",
      );
    default:
      return notPending(invitation);
  }
}

/**
 * Locks the invitation's organization, then the invitation: the same order as
 * the admin operations (which lock the organization first), so an accept and a
 * revoke of one invitation queue up instead of deadlocking.
 */
async function lockByToken(tx: Db, token: string) {
  const found = await tx.one<{ id: string; organization_id: string }>(
    Prisma.sql`SELECT id, organization_id FROM organization_invitations WHERE token_hash = ${hashToken(token)}`,
  );
  if (!found) throw notFound("invitation");
  await tx.execute(
    Prisma.sql`SELECT id, ${SHARE_ROLES_LOCK} AS roles_locked FROM organizations WHERE id = ${found.organization_id} FOR UPDATE`,
  );
  // Re-checked under the lock: a resend may have replaced the token meanwhile.
  const locked = await tx.one<InvitationLinkRow>(Prisma.sql`
    SELECT ${INVITATION_LINK_COLUMNS}
      FROM organization_invitations i
      JOIN organizations o ON o.id = i.organization_id
      LEFT JOIN users u ON u.id = i.inviter_id
     WHERE i.id = ${found.id} AND i.token_hash = ${hashToken(token)}
       FOR UPDATE OF i`);
  if (!locked) throw notFound("invitation");
  return {
    ...toInvitationRow(locked),
    redirectUrl: locked.redirect_url,
    linkDisclosed: locked.link_disclosed,
    organization: { id: locked.organization_id, name: locked.organization_name, slug: locked.organization_slug },
  };
}

export async function join(
  tx: Tx,
  invitation: { id: string; organizationId: string; role: Role },
  userId: string,
): Promise<void> {
  await assertAdminFirst(tx, invitation.organizationId, invitation.role, "join");
  await tx.execute(insertMembershipSql(invitation.organizationId, userId, invitation.role));
  await tx.execute(acceptInvitationSql(invitation.id));
  await invitationEvents(
    tx,
    userId,
    "organizationInvitation.accepted",
    invitation.organizationId,
    [invitation.id],
    userId,
    { user_id: userId },
  );
  await membershipEvent(tx, userId, "organizationMembership.created", invitation.organizationId, userId);
}

/** The signed-in invitee accepts: the membership and the accepted status commit together. */
export async function acceptInvitation(
  db: Db,
  actorId: string,
  token: string,
): Promise<{ slug: string; name: string; redirectUrl: string | null }> {
  return db.transaction(async (tx) => {
    const row = await lockByToken(tx, token);
    const actor = await tx.one<{ email: string }>(Prisma.sql`SELECT email FROM users WHERE id = ${actorId}`);
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
      const member = await tx.one<{ id: string }>(Prisma.sql`
        SELECT id FROM organization_memberships WHERE organization_id = ${row.organizationId} AND user_id = ${actorId}`);
      if (member) return { slug: row.organization.slug, name: row.organization.name, redirectUrl: row.redirectUrl };
    }
    if (invitation.status !== "pending") throw refusalFor(invitation);
    await assertRoomFor(tx, row.organizationId, 0);
    await join(tx, row, actorId);
    return { slug: row.organization.slug, name: row.organization.name, redirectUrl: row.redirectUrl };
  });
}

export async function declineInvitation(db: Db, actorId: string, token: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockByToken(tx, token);
    const actor = await tx.one<{ email: string }>(Prisma.sql`SELECT email FROM users WHERE id = ${actorId}`);
    if (!actor || actor.email !== row.email) {
      throw new DomainError("organization_invitation_wrong_account", `This invitation is for ${row.email}.`, {
        invitedEmail: row.email,
      });
    }
    const invitation = toDto(row);
    if (invitation.status !== "pending") throw refusalFor(invitation);
    await tx.execute(revokeInvitationSql(row.id));
    await invitationEvents(tx, actorId, "organizationInvitation.declined", row.organizationId, [row.id], actorId);
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
  const { name, password } = parseInput(signUpSchema.pick({ name: true, password: true }), input);
  // A link that opens nothing costs no password hash (an argon2 hash is the
  // expensive part of a sign-up): checked again under the lock below.
  const known = await db.one<{ id: string }>(
    Prisma.sql`SELECT id FROM organization_invitations WHERE token_hash = ${hashToken(token)}`,
  );
  if (!known) throw notFound("invitation");
  const passwordHash = await hashPassword(password);
  const verification = newToken();
  const welcome = await welcomeEmail(name, verification.token);
  try {
    return await db.transaction(async (tx) => {
      const row = await lockByToken(tx, token);
      const invitation = toDto(row);
      if (invitation.status !== "pending") throw refusalFor(invitation);
      await assertRoomFor(tx, row.organizationId, 0);
      const user = toUserDto(
        (await tx.one<UserDtoRow>(
          insertUserSql({ name, email: row.email, passwordHash, emailVerified: row.linkDisclosed ? null : new Date() }),
        ))!,
      );
      await userEvent(tx, user.id, "user.created", user.id);
      if (row.linkDisclosed) {
        await sendAccountLink(
          tx,
          { userId: user.id, kind: "email_verification", tokenHash: verification.tokenHash, email: row.email },
          row.email,
          welcome,
        );
      }
      await join(tx, row, user.id);
      if (!row.linkDisclosed) await enrollVerifiedAddress(tx, user.id);
      return { user, slug: row.organization.slug, redirectUrl: row.redirectUrl };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError(
        "form_identifier_exists",
        "An account with this email already exists. Sign in to accept the invitation.",
        {
          paramName: "email",
        },
      );
    }
    throw error;
  }
}
