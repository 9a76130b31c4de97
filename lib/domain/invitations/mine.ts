// Invitations, the signed-in invitee's side inside the app (no emailed link):
// the pending invitations for the user's own address, and accepting or
// declining one by its id. An address counts only once verified: an
// unverified one is not proof that the account owns the mailbox, so its
// invitations are neither listed nor answerable here (the emailed link, which
// proves it, still works). Accepting joins exactly as the link's accept does
// (the same lock order, the member cap, the first-admin rule).
import type { Db, Tx } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import type { RoleKey as Role } from "../../authz";
import { SHARE_ROLES_LOCK } from "../access";
import { assertRoomFor } from "../access";
import { invitationEvents } from "../event-payloads";
import { DomainError, notFound } from "../errors";
import { INVITATION_COLUMNS, toDto, toInvitationRow, type InvitationSqlRow } from "./sql";
import { join, refusalFor } from "./invitee";

export type MyInvitationDto = {
  id: string;
  role: Role;
  expiresAt: Date;
  createdAt: Date;
  inviterName: string | null;
  organization: { id: string; name: string; slug: string; logoUrl: string | null };
  /** The verified domain of an automatic invitation ("You're invited to Acme"), else null. */
  domainName: string | null;
};

export type MyInvitations = {
  /** Whether the user's address is verified; when it is not, `invitations` is empty. */
  verified: boolean;
  invitations: MyInvitationDto[];
};

export const VERIFY_TO_SEE_INVITATIONS = "Verify your email address to see and accept the invitations sent to it.";

/** A row of myInvitationsSql (timestamps as ISO text when it came through json_agg). */
export type MyInvitationRow = {
  verified: boolean;
  id: string | null;
  role: Role;
  expires_at: Date | string;
  created_at: Date | string;
  inviter_name: string | null;
  organization_id: string;
  organization_name: string;
  organization_slug: string;
  organization_logo_url: string | null;
  domain_name: string | null;
};

/**
 * The user's pending, unexpired invitations, newest first (the (email, status) index finds them),
 * as rows of one statement: one row with a null id when there are none, so that `verified` always
 * comes back. Organizations the user already belongs to are left out: there is nothing to join.
 */
export function myInvitationsSql(userId: string, limit = 50): Prisma.Sql {
  return Prisma.sql`
      SELECT u.email_verified IS NOT NULL AS verified, i.id, i.role, i.expires_at, i.created_at,
             inviter.name AS inviter_name, o.id AS organization_id, o.name AS organization_name,
             o.slug AS organization_slug, o.logo_url AS organization_logo_url,
             (SELECT d.name FROM organization_domains d WHERE d.id = i.domain_id) AS domain_name
        FROM users u
        LEFT JOIN organization_invitations i
               ON u.email_verified IS NOT NULL AND i.email = u.email AND i.status = 'pending' AND i.expires_at > now()
              AND NOT EXISTS (SELECT 1 FROM organization_memberships m
                               WHERE m.organization_id = i.organization_id AND m.user_id = u.id)
        LEFT JOIN organizations o ON o.id = i.organization_id
        LEFT JOIN users inviter ON inviter.id = i.inviter_id
       WHERE u.id = ${userId}
       ORDER BY i.created_at DESC NULLS LAST, i.id
       LIMIT ${limit}`;
}

export function toMyInvitations(rows: MyInvitationRow[]): MyInvitations {
  const verified = rows[0]?.verified ?? false;
  return {
    verified,
    invitations: rows
      .filter((row) => row.id !== null)
      .map((row) => ({
        id: row.id!,
        role: row.role,
        expiresAt: new Date(row.expires_at),
        createdAt: new Date(row.created_at),
        inviterName: row.inviter_name,
        organization: {
          id: row.organization_id,
          name: row.organization_name,
          slug: row.organization_slug,
          logoUrl: row.organization_logo_url,
        },
        domainName: row.domain_name,
      })),
  };
}

/** The user's pending invitations (myInvitationsSql), none listed while their address is unverified. */
export async function listMyInvitations(db: Db, userId: string, limit = 50): Promise<MyInvitations> {
  return toMyInvitations(await db.rows<MyInvitationRow>(myInvitationsSql(userId, limit)));
}

/** How many pending invitations the user can answer (0 when the address is unverified), for a badge. */
export async function countMyInvitations(db: Db, userId: string): Promise<number> {
  const [row] = await db.rows<{ count: number }>(Prisma.sql`
      SELECT count(*)::int AS count
        FROM users u
        JOIN organization_invitations i
          ON i.email = u.email AND i.status = 'pending' AND i.expires_at > now()
       WHERE u.id = ${userId} AND u.email_verified IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM organization_memberships m
                          WHERE m.organization_id = i.organization_id AND m.user_id = u.id)`);
  return row?.count ?? 0;
}

/**
 * Locks the invitation's organization, then the invitation (the admin side's
 * order), and returns it only when it was sent to the user's verified
 * address. Any other id, someone else's included, is "not found" alike.
 */
async function lockMine(tx: Tx, userId: string, invitationId: string) {
  const [user] = await tx.rows<{ email: string; verified: boolean }>(
    Prisma.sql`SELECT email, email_verified IS NOT NULL AS verified FROM users WHERE id = ${userId}`,
  );
  if (!user) throw notFound("user");
  if (!user.verified) throw new DomainError("email_address_not_verified", VERIFY_TO_SEE_INVITATIONS);
  if (typeof invitationId !== "string" || !/^orginv_[0-9a-f]{32}$/.test(invitationId)) throw notFound("invitation");
  const [found] = await tx.rows<{ organization_id: string }>(
    Prisma.sql`SELECT organization_id FROM organization_invitations WHERE id = ${invitationId} AND email = ${user.email}`,
  );
  if (!found) throw notFound("invitation");
  await tx.rows(
    Prisma.sql`SELECT id, ${SHARE_ROLES_LOCK} AS roles_locked FROM organizations WHERE id = ${found.organization_id} FOR UPDATE`,
  );
  // Re-read under the lock, still for this address (the row cannot change organization or address).
  const row = await tx.one<InvitationSqlRow & { organization_name: string; organization_slug: string }>(Prisma.sql`
      SELECT ${INVITATION_COLUMNS}, o.name AS organization_name, o.slug AS organization_slug
        FROM organization_invitations i
        JOIN organizations o ON o.id = i.organization_id
        LEFT JOIN users u ON u.id = i.inviter_id
       WHERE i.id = ${invitationId} AND i.email = ${user.email}
         FOR UPDATE OF i`);
  if (!row) throw notFound("invitation");
  const invitation = toDto(toInvitationRow(row));
  return {
    invitation,
    organization: { id: row.organization_id, name: row.organization_name, slug: row.organization_slug },
  };
}

export type JoinedOrganization = { id: string; name: string; slug: string };

/**
 * The signed-in user accepts one of their invitations by id: the membership
 * and the accepted status commit together, under the organization's lock.
 */
export async function acceptMyInvitation(db: Db, userId: string, invitationId: string): Promise<JoinedOrganization> {
  return db.transaction(async (tx) => {
    const { invitation, organization } = await lockMine(tx, userId, invitationId);
    if (invitation.status === "accepted") {
      // A second click (or a parallel request): already done.
      const [member] = await tx.rows(
        Prisma.sql`SELECT 1 FROM organization_memberships WHERE organization_id = ${organization.id} AND user_id = ${userId}`,
      );
      if (member) return organization;
    }
    if (invitation.status !== "pending") throw refusalFor(invitation);
    // An automatic invitation (from a verified domain) holds no place until it is accepted.
    const automatic = await tx.one<{ yes: boolean }>(
      Prisma.sql`SELECT domain_id IS NOT NULL AS yes FROM organization_invitations WHERE id = ${invitation.id}`,
    );
    await assertRoomFor(tx, organization.id, automatic?.yes ? 1 : 0);
    await join(tx, { id: invitation.id, organizationId: organization.id, role: invitation.role }, userId);
    return organization;
  });
}

/** The signed-in user declines one of their pending invitations by id (as the emailed link's decline: revoked). */
export async function declineMyInvitation(db: Db, userId: string, invitationId: string): Promise<JoinedOrganization> {
  return db.transaction(async (tx) => {
    const { invitation, organization } = await lockMine(tx, userId, invitationId);
    if (invitation.status !== "pending") throw refusalFor(invitation);
    await tx.rows(Prisma.sql`UPDATE organization_invitations SET status = 'revoked', revoked_at = now(), pending_key = NULL, updated_at = now()
                  WHERE id = ${invitation.id} RETURNING id`);
    await invitationEvents(tx, userId, "organizationInvitation.declined", organization.id, [invitation.id], userId);
    return organization;
  });
}
