// The organization_memberships table as the domain reads it: the DTOs, the
// hand-written column lists and the row mappers (the members page's rows and
// the REST API's membership records). A column added to the schema is added here.
import { Prisma } from "../../generated/prisma/client";
import { roleNameSql, rolePermissionKeysSql } from "../roles/sql";
import { organizationRecordFromJson, type OrganizationJsonRow, type OrganizationRecord } from "../organizations/sql";
import type { RoleKey } from "../../authz";
import { MANAGER_ROLE_KEYS } from "./admins";
import type { MEMBER_SORTS } from "../../validation/organizations";

export type MemberDto = {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  /** The person's picture, when they have one (the UI shows initials otherwise). */
  image: string | null;
  /** The role's key (org:admin, org:member, or one of the instance's own). */
  role: RoleKey;
  /** The role's name, as the instance names it. */
  roleName: string;
  /** Whether the role holds org:sys_memberships:manage (the organization keeps at least one such member). */
  manages: boolean;
  joinedAt: Date;
};

export type MemberPage = {
  data: MemberDto[];
  totalCount: number;
  page: number;
  pageSize: number;
  pageCount: number;
  /**
   * The organization's admin count, read by the same statement as the page
   * (so the roster can disable what would take away the last admin before it
   * is tried); null when that statement found no row to carry it.
   */
  adminCount: number | null;
  /**
   * How many requests to join wait (read by the same statement, for a viewer whose role holds
   * org:sys_domains:read); null when not read (no such permission, or no row on this page).
   */
  pendingRequests: number | null;
};

/** MemberDto's columns, for a query that names the memberships table `m` and the users table `u`. */
export const MEMBER_COLUMNS = Prisma.sql`m.id, m.role, m.created_at, u.id AS user_id, u.name, u.email, u.image,
  coalesce(${roleNameSql("m.role")}, m.role) AS role_name,
  m.role = ANY(${MANAGER_ROLE_KEYS}) AS manages`;

export type MemberRow = {
  id: string;
  role: RoleKey;
  role_name: string;
  manages: boolean;
  created_at: Date;
  user_id: string;
  name: string;
  email: string;
  image: string | null;
};
/**
 * A role change's row: the member after it, the role before, and the whole record with its
 * organization (what the change's event and the REST API answer with), read in the same statement.
 */
export type ChangedMemberRow = MemberRow &
  Omit<MembershipRecordRow, keyof MemberRow> & {
    previous_role: RoleKey;
    previous_role_name: string;
    previous_permissions: string[];
    organization: OrganizationJsonRow;
  };

export function toMember(row: MemberRow): MemberDto {
  return {
    membershipId: row.id,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    image: row.image,
    role: row.role,
    roleName: row.role_name,
    manages: row.manages,
    joinedAt: row.created_at,
  };
}

/**
 * Adds a member (nothing when already one: joining twice from one invitation is harmless); answers
 * the MemberRow, or no row.
 */
export function insertMembershipSql(organizationId: string, userId: string, role: RoleKey): Prisma.Sql {
  return Prisma.sql`
    WITH m AS (INSERT INTO organization_memberships (organization_id, user_id, role, updated_at)
               VALUES (${organizationId}, ${userId}, ${role}::text, now())
               ON CONFLICT DO NOTHING
               RETURNING id, role, created_at, user_id)
    SELECT ${MEMBER_COLUMNS} FROM m JOIN users u ON u.id = m.user_id`;
}

/**
 * Changes a member's role unless it already has it or that would leave no admin (`notLastAdmin`,
 * a predicate on the row named `m`); answers the ChangedMemberRow, or no row.
 */
export function changeRoleSql(
  organizationId: string,
  userId: string,
  role: RoleKey,
  notLastAdmin: Prisma.Sql,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE organization_memberships m SET role = ${role}::text, updated_at = now()
      FROM users u, organization_memberships before, organizations o
     WHERE m.organization_id = ${organizationId} AND m.user_id = ${userId} AND u.id = m.user_id
       AND before.id = m.id AND o.id = m.organization_id
       AND m.role <> ${role}::text
       AND EXISTS (SELECT 1 FROM organization_roles r WHERE r.key = ${role}::text)
       AND ${notLastAdmin}
    RETURNING ${MEMBER_COLUMNS}, before.role AS previous_role,
              coalesce(${roleNameSql("before.role")}, before.role) AS previous_role_name,
              ${rolePermissionKeysSql("before.role")} AS previous_permissions,
              m.public_metadata, m.private_metadata, m.updated_at, u.first_name, u.last_name,
              ${rolePermissionKeysSql("m.role")} AS permissions, to_jsonb(o) AS organization`;
}

export function memberOrder(sort: (typeof MEMBER_SORTS)[number], direction: "asc" | "desc"): Prisma.Sql {
  const dir = direction === "desc" ? "DESC" : "ASC";
  const clauses = {
    name: `lower(u.name) ${dir}, m.id`,
    email: `u.email ${dir}, m.id`,
    joined: `m.created_at ${dir}, m.id`,
    role: `m.role ${dir}, m.created_at, m.id`,
  } as const;
  // Only whitelisted column names and directions reach the SQL text.
  return Prisma.raw(clauses[sort]);
}

// ---------------------------------------------------------------------------
// The whole record, as the REST API answers with it (lib/domain/instance-reads.ts).

export const membershipRecordSelect = {
  id: true,
  role: true,
  publicMetadata: true,
  privateMetadata: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { id: true, name: true, firstName: true, lastName: true, email: true, image: true } },
} as const;

/** The record with its role's name and permission keys (read with it: rolePermissionKeysSql). */
export type MembershipRecord = Prisma.MembershipGetPayload<{ select: typeof membershipRecordSelect }> & {
  roleName: string;
  permissions: string[];
};

/** membershipRecordSelect as SQL columns, for a query that names the memberships table `m` and the users table `u`. */
export const MEMBERSHIP_RECORD_COLUMNS = Prisma.sql`m.id, m.role, coalesce(${roleNameSql("m.role")}, m.role) AS role_name,
   ${rolePermissionKeysSql("m.role")} AS permissions, m.public_metadata, m.private_metadata, m.created_at, m.updated_at,
   u.id AS user_id, u.name, u.first_name, u.last_name, u.email, u.image`;

export type MembershipRecordRow = {
  id: string;
  role: RoleKey;
  role_name: string;
  permissions: string[];
  public_metadata: Prisma.JsonValue;
  private_metadata: Prisma.JsonValue;
  created_at: Date;
  updated_at: Date;
  user_id: string;
  name: string;
  first_name: string | null;
  last_name: string | null;
  email: string;
  image: string | null;
};

/** A change's row as the whole record and its organization (what getMembershipWithOrganization reads). */
export function changedRecord(row: ChangedMemberRow): {
  membership: MembershipRecord;
  organization: OrganizationRecord;
} {
  return { membership: toMembershipRecord(row), organization: organizationRecordFromJson(row.organization) };
}

export function toMembershipRecord(row: MembershipRecordRow): MembershipRecord {
  return {
    id: row.id,
    role: row.role,
    roleName: row.role_name,
    permissions: row.permissions,
    publicMetadata: row.public_metadata,
    privateMetadata: row.private_metadata,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    user: {
      id: row.user_id,
      name: row.name,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email,
      image: row.image,
    },
  };
}
