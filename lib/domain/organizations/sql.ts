// The organizations table as the domain reads it: the DTOs, the Prisma
// selects, the hand-written column lists and the row mappers. A column added
// to the schema is added here (and to the DTO it belongs to).
import { Prisma } from "../../generated/prisma/client";
import { roleNameSql, rolePermissionKeysSql } from "../roles/sql";
import { grantOf, type Grant } from "../../authz";

export type OrganizationDto = {
  id: string;
  name: string;
  slug: string;
  logoUrl: string | null;
  /** Off when the operator (through the REST API) keeps admins from deleting it. */
  adminDeleteEnabled: boolean;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** Made only by lib/domain, from the actor's own membership row (see MyOrganizationDto). */
declare const readForItsMember: unique symbol;

/**
 * An organization as one of its members sees it, with their role (its key and
 * permissions: lib/authz's Grant, read in the same statement), read for
 * that member by listMyOrganizations, getOrganization or createOrganization.
 * It is the proof the checked reads (listMembersOf, listInvitationsOf) take
 * instead of reading the membership again; only the domain makes one.
 */
export type MyOrganizationDto = OrganizationDto & { role: Grant; membersCount: number } & {
  readonly [readForItsMember]: true;
};

export function asMyOrganization(
  organization: OrganizationDto & { role: Grant; membersCount: number },
): MyOrganizationDto {
  return organization as MyOrganizationDto;
}

/** OrganizationDto's columns, for a query that names the organizations table `o`. */
const ORGANIZATION_DTO_COLUMNS = Prisma.raw(
  `o.id, o.name, o.slug, o.logo_url, o.admin_delete_enabled, o.created_by_id, o.created_at, o.updated_at`,
);

type OrganizationDtoRow = {
  id: string;
  name: string;
  slug: string;
  logo_url: string | null;
  admin_delete_enabled: boolean;
  created_by_id: string | null;
  created_at: Date;
  updated_at: Date;
};

function toOrganizationDto(row: OrganizationDtoRow): OrganizationDto {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    logoUrl: row.logo_url,
    adminDeleteEnabled: row.admin_delete_enabled,
    createdById: row.created_by_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** An organization row as the domain writes it (RETURNING), mapped to its DTO. */
export { toOrganizationDto, type OrganizationDtoRow };
export { ORGANIZATION_DTO_COLUMNS };

/** The fields an update may set; undefined leaves a column as it is (one statement text for every combination). */
export type OrganizationChanges = {
  name?: string;
  slug?: string;
  logoUrl?: string | null;
  maxAllowedMemberships?: number;
  adminDeleteEnabled?: boolean;
};

export function updateOrganizationSql(organizationId: string, changes: OrganizationChanges): Prisma.Sql {
  const { name, slug, logoUrl, maxAllowedMemberships, adminDeleteEnabled } = changes;
  return Prisma.sql`
    UPDATE organizations o
       SET name = CASE WHEN ${name !== undefined}::boolean THEN ${name ?? null}::text ELSE o.name END,
           slug = CASE WHEN ${slug !== undefined}::boolean THEN ${slug ?? null}::text ELSE o.slug END,
           logo_url = CASE WHEN ${logoUrl !== undefined}::boolean THEN ${logoUrl ?? null}::text ELSE o.logo_url END,
           max_allowed_memberships = CASE WHEN ${maxAllowedMemberships !== undefined}::boolean
                                          THEN ${maxAllowedMemberships ?? null}::int ELSE o.max_allowed_memberships END,
           admin_delete_enabled = CASE WHEN ${adminDeleteEnabled !== undefined}::boolean
                                       THEN ${adminDeleteEnabled ?? null}::boolean ELSE o.admin_delete_enabled END,
           updated_at = now()
     WHERE o.id = ${organizationId}
    RETURNING ${ORGANIZATION_DTO_COLUMNS}`;
}

/**
 * Inserts an organization (and its creator's admin membership) unless the slug
 * is taken: no row then, and the transaction stays usable for another slug.
 */
export function insertOrganizationSql(input: {
  name: string;
  slug: string;
  creatorId: string | null;
  maxAllowedMemberships?: number;
  publicMetadata?: Prisma.InputJsonObject;
  privateMetadata?: Prisma.InputJsonObject;
}): Prisma.Sql {
  return Prisma.sql`
    WITH o AS (
      INSERT INTO organizations (name, slug, created_by_id, max_allowed_memberships, public_metadata, private_metadata, updated_at)
      VALUES (${input.name}, ${input.slug}, ${input.creatorId}, ${input.maxAllowedMemberships ?? 0}::int,
              ${JSON.stringify(input.publicMetadata ?? {})}::jsonb, ${JSON.stringify(input.privateMetadata ?? {})}::jsonb, now())
      ON CONFLICT (slug) DO NOTHING
      RETURNING *),
    m AS (
      INSERT INTO organization_memberships (organization_id, user_id, role, updated_at)
      SELECT o.id, o.created_by_id, (SELECT s.creator_role FROM organization_role_settings s WHERE s.id), now()
        FROM o WHERE o.created_by_id IS NOT NULL
      RETURNING id)
    SELECT ${ORGANIZATION_DTO_COLUMNS} FROM o`;
}

/** One organization as the actor (a member) sees it, with their role and its member count. */
export function myOrganizationSql(actorId: string, organization: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT ${ORGANIZATION_DTO_COLUMNS}, m.role, ${rolePermissionKeysSql("m.role")} AS permissions,
           ${roleNameSql("m.role")} AS role_name, o.members_count
      FROM organization_memberships m
      JOIN organizations o ON o.id = m.organization_id
     WHERE m.user_id = ${actorId} AND ${organization}`;
}

/**
 * The actor's organizations with their role and member counts, in one statement (it runs on every
 * page); `extra`, a column computed once for the statement, rides on every row.
 */
export function myOrganizationsSql(actorId: string, extra?: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT ${ORGANIZATION_DTO_COLUMNS}, m.role, ${rolePermissionKeysSql("m.role")} AS permissions,
           ${roleNameSql("m.role")} AS role_name, o.members_count${extra ? Prisma.sql`, ${extra}` : Prisma.empty}
      FROM organization_memberships m
      JOIN organizations o ON o.id = m.organization_id
     WHERE m.user_id = ${actorId}
     ORDER BY lower(o.name), o.id`;
}

export type MyOrganizationRow = OrganizationDtoRow & {
  role: string;
  permissions: string[];
  role_name: string | null;
  members_count: number;
};

export function toMyOrganization(row: MyOrganizationRow): MyOrganizationDto {
  return asMyOrganization({ ...toOrganizationDto(row), role: grantOf(row), membersCount: row.members_count });
}

// ---------------------------------------------------------------------------
// The whole record, as the REST API answers with it (lib/domain/instance-reads.ts).

export const organizationRecordSelect = {
  id: true,
  name: true,
  slug: true,
  logoUrl: true,
  maxAllowedMemberships: true,
  adminDeleteEnabled: true,
  publicMetadata: true,
  privateMetadata: true,
  createdById: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type OrganizationRecord = Prisma.OrganizationGetPayload<{ select: typeof organizationRecordSelect }> & {
  membersCount?: number;
  pendingInvitationsCount?: number;
};

/** organizationRecordSelect as SQL columns (named as the record's fields). */
export const ORGANIZATION_RECORD_COLUMNS = Prisma.raw(
  `o.id, o.name, o.slug, o.logo_url AS "logoUrl", o.max_allowed_memberships AS "maxAllowedMemberships",
   o.admin_delete_enabled AS "adminDeleteEnabled", o.public_metadata AS "publicMetadata", o.private_metadata AS "privateMetadata",
   o.created_by_id AS "createdById", o.created_at AS "createdAt", o.updated_at AS "updatedAt"`,
);

/** The organizations row as to_jsonb(o) writes it: column names, timestamps as ISO text. */
export type OrganizationJsonRow = {
  id: string;
  name: string;
  slug: string;
  logo_url: string | null;
  max_allowed_memberships: number;
  admin_delete_enabled: boolean;
  public_metadata: Prisma.JsonValue;
  private_metadata: Prisma.JsonValue;
  created_by_id: string | null;
  created_at: string;
  updated_at: string;
};

export function organizationRecordFromJson(o: OrganizationJsonRow): OrganizationRecord {
  return {
    id: o.id,
    name: o.name,
    slug: o.slug,
    logoUrl: o.logo_url,
    maxAllowedMemberships: o.max_allowed_memberships,
    adminDeleteEnabled: o.admin_delete_enabled,
    publicMetadata: o.public_metadata,
    privateMetadata: o.private_metadata,
    createdById: o.created_by_id,
    // to_jsonb writes timestamptz as ISO text.
    createdAt: new Date(o.created_at),
    updatedAt: new Date(o.updated_at),
  };
}
