// The organization_invitations table as the domain reads it: the DTOs, the
// hand-written column lists and row mappers (one invitation, the list page,
// the invitee's view), and the status filter. A column added to the schema is added here.
import { Prisma } from "../../generated/prisma/client";
import type { Role } from "../../authz";
import type { InvitationStatusValue } from "../../validation/invitations";

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

export type InvitationRow = {
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

export function toDto(row: InvitationRow, now = new Date()): InvitationDto {
  const { inviter, ...rest } = row;
  const status = row.status === "pending" && row.expiresAt <= now ? "expired" : row.status;
  return { ...rest, status, inviterName: inviter?.name ?? null };
}

/** InvitationRow's columns, for a query that names the invitations `i` and their inviter (LEFT JOIN) `u`. */
export const INVITATION_COLUMNS = Prisma.raw(
  `i.id, i.organization_id, i.email, i.role::text AS role, i.status::text AS status, i.expires_at, i.created_at,
   i.accepted_at, i.revoked_at, u.name AS inviter_name`,
);

/** The invitation and the columns only the invitee's side reads, with the organization's slug (`o`). */
export const INVITATION_LINK_COLUMNS = Prisma.raw(
  `${INVITATION_COLUMNS.text}, i.redirect_url, i.link_disclosed, o.slug AS organization_slug, o.name AS organization_name`,
);

export type InvitationSqlRow = Omit<InvitationListRow, "total">;

export type InvitationLinkRow = InvitationSqlRow & {
  redirect_url: string | null;
  link_disclosed: boolean;
  organization_slug: string;
  organization_name: string;
};

export function toInvitationRow(row: InvitationSqlRow): InvitationRow {
  return {
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
  };
}

/** A statement changing invitations (`UPDATE ... RETURNING *` or an INSERT), answered as InvitationSqlRows. */
export function returningInvitations(change: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`WITH i AS (${change}) SELECT ${INVITATION_COLUMNS} FROM i LEFT JOIN users u ON u.id = i.inviter_id`;
}

export type InvitationPage = { data: InvitationDto[]; totalCount: number; page: number; pageSize: number };

/** InvitationRow's columns for the list statement (`i` the invitations, `u` the inviter), with a window count. */
export const INVITATION_LIST_COLUMNS = Prisma.raw(
  `i.id, i.organization_id, i.email, i.role::text AS role, i.status::text AS status, i.expires_at, i.created_at,
   i.accepted_at, i.revoked_at, u.name AS inviter_name, count(*) OVER ()::int AS total`,
);

export type InvitationListRow = {
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
};

export function fromListRow(row: InvitationListRow, now: Date): InvitationDto {
  return toDto(toInvitationRow(row), now);
}

/** Statuses as the user sees them: a pending invitation past its expiry is expired. */
export function statusFilter(wanted: Set<InvitationStatusValue>, now: Date): Prisma.Sql {
  return Prisma.sql`(   (${wanted.has("pending")} AND i.status = 'pending' AND i.expires_at > ${now})
                     OR (${wanted.has("expired")} AND (i.status = 'expired' OR (i.status = 'pending' AND i.expires_at <= ${now})))
                     OR (${wanted.has("accepted")} AND i.status = 'accepted')
                     OR (${wanted.has("revoked")} AND i.status = 'revoked'))`;
}
