// The organization_invitations table as the domain reads it: the DTOs, the
// hand-written column lists and row mappers (one invitation, the list page,
// the invitee's view), and the status filter. A column added to the schema is added here.
import { Prisma } from "../../generated/prisma/client";
import type { RoleKey as Role } from "../../authz";
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
  `i.id, i.organization_id, i.email, i.role, i.status::text AS status, i.expires_at, i.created_at,
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
  `i.id, i.organization_id, i.email, i.role, i.status::text AS status, i.expires_at, i.created_at,
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

// ---------------------------------------------------------------------------
// The statements that write invitations (each answers InvitationSqlRows).

export type NewInvitation = {
  email: string;
  role: Role;
  tokenHash: string;
  expiresAt: Date;
  publicMetadata?: Prisma.InputJsonObject;
  privateMetadata?: Prisma.InputJsonObject;
  redirectUrl?: string | null;
};

/** Inserts invitations in one statement (all or none: a pending address already invited is a unique violation). */
export function insertInvitationsSql(
  organizationId: string,
  inviterId: string | null,
  createdAt: Date,
  linkDisclosed: boolean,
  items: NewInvitation[],
): Prisma.Sql {
  const json = (value: Prisma.InputJsonObject | undefined) => (value === undefined ? null : JSON.stringify(value));
  return returningInvitations(Prisma.sql`
    INSERT INTO organization_invitations
           (organization_id, email, role, token_hash, pending_key, inviter_id, created_at, expires_at,
            public_metadata, private_metadata, redirect_url, link_disclosed, updated_at)
    SELECT ${organizationId}::text, x.email, x.role, x.token_hash, ${organizationId}::text || ':' || x.email,
           ${inviterId}::text, ${createdAt}::timestamptz, x.expires_at,
           COALESCE(x.public_metadata, '{}'::jsonb), COALESCE(x.private_metadata, '{}'::jsonb), x.redirect_url,
           ${linkDisclosed}::boolean, now()
      FROM unnest(${items.map((item) => item.email)}::text[], ${items.map((item) => item.role)}::text[],
                  ${items.map((item) => item.tokenHash)}::text[], ${items.map((item) => item.expiresAt)}::timestamptz[],
                  ${items.map((item) => json(item.publicMetadata))}::jsonb[],
                  ${items.map((item) => json(item.privateMetadata))}::jsonb[],
                  ${items.map((item) => item.redirectUrl ?? null)}::text[])
           AS x(email, role, token_hash, expires_at, public_metadata, private_metadata, redirect_url)
    RETURNING *`);
}

/** A new token and expiry for an invitation, pending again (a lapsed address invited meanwhile: a unique violation). */
export function reissueInvitationSql(
  invitationId: string,
  organizationId: string,
  email: string,
  change: { tokenHash: string; expiresAt: Date; inviterId: string | null; linkDisclosed: boolean },
): Prisma.Sql {
  return returningInvitations(Prisma.sql`
    UPDATE organization_invitations
       SET token_hash = ${change.tokenHash}, expires_at = ${change.expiresAt}, status = 'pending',
           pending_key = ${`${organizationId}:${email}`}, inviter_id = ${change.inviterId},
           link_disclosed = ${change.linkDisclosed}, updated_at = now()
     WHERE id = ${invitationId} RETURNING *`);
}

/** Revokes an invitation (an admin revoking it, or the invitee declining), freeing its address. */
export function revokeInvitationSql(invitationId: string): Prisma.Sql {
  return returningInvitations(Prisma.sql`
    UPDATE organization_invitations SET status = 'revoked', revoked_at = ${new Date()}, pending_key = NULL, updated_at = now()
     WHERE id = ${invitationId} RETURNING *`);
}

/** Marks an invitation accepted, freeing its address. */
export function acceptInvitationSql(invitationId: string): Prisma.Sql {
  return Prisma.sql`
    UPDATE organization_invitations SET status = 'accepted', accepted_at = ${new Date()}, pending_key = NULL, updated_at = now()
     WHERE id = ${invitationId}`;
}

/**
 * Invitations (of `organization_invitations`, unaliased) still pending past their expiry whose
 * organizationInvitation.expired event has not been written yet: the sweep's
 * (lib/domain/invitations/expiry.ts) and the organization's own on its next
 * invitation write (expireStale in ./admin.ts). `asOf` defaults to the statement's now().
 */
export function unreportedExpirySql(asOf?: Date): Prisma.Sql {
  return Prisma.sql`status = 'pending' AND expires_at <= ${asOf ?? Prisma.sql`now()`}
       AND expiry_event_for IS DISTINCT FROM expires_at`;
}

/** Marks an organization's pending invitations that ran out as expired, freeing their addresses. */
export function expireStaleInvitationsSql(organizationId: string, now: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE organization_invitations SET status = 'expired', pending_key = NULL, updated_at = now()
     WHERE organization_id = ${organizationId} AND status = 'pending' AND expires_at <= ${now}`;
}

// ---------------------------------------------------------------------------
// The whole record, as the REST API answers with it (lib/domain/instance-reads.ts).

export const invitationRecordSelect = {
  id: true,
  organizationId: true,
  email: true,
  role: true,
  status: true,
  inviterId: true,
  publicMetadata: true,
  privateMetadata: true,
  redirectUrl: true,
  expiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type InvitationRecordRow = Prisma.InvitationGetPayload<{ select: typeof invitationRecordSelect }>;

export type InvitationRecord = Omit<InvitationRecordRow, "status"> & {
  status: InvitationStatusValue;
  /** The role's name (read with the record; absent when the record was read without it). */
  roleName?: string;
};

/** invitationRecordSelect as SQL columns (named as the record's fields), for a query that names the invitations `i`. */
export const INVITATION_RECORD_COLUMNS = Prisma.raw(
  `i.id, i.organization_id AS "organizationId", i.email, i.role, i.status::text AS status,
   (SELECT r.name FROM organization_roles r WHERE r.key = i.role) AS "roleName",
   i.inviter_id AS "inviterId", i.public_metadata AS "publicMetadata", i.private_metadata AS "privateMetadata",
   i.redirect_url AS "redirectUrl", i.expires_at AS "expiresAt", i.created_at AS "createdAt", i.updated_at AS "updatedAt"`,
);
