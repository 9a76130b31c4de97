// The roles and permissions tables as the domain reads them (organization_roles,
// organization_permissions, organization_role_permissions, organization_role_settings):
// the DTOs, the column lists and the row mappers. See docs/roles-and-permissions.md.
import { Prisma } from "../../generated/prisma/client";

export type PermissionDto = {
  id: string;
  key: string;
  name: string;
  description: string;
  /** A system permission (org:sys_*): seeded, never changed or deleted. */
  system: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type RoleDto = {
  id: string;
  key: string;
  name: string;
  description: string | null;
  /** Sorted by key. */
  permissions: PermissionDto[];
  /** Holds org:sys_memberships:manage: may be the creator role. */
  isCreatorEligible: boolean;
  createdAt: Date;
  updatedAt: Date;
};

/** The id of the permission every organization keeps with at least one member (seeded with this id). */
export const MANAGE_MEMBERS_PERMISSION_ID = "perm_sys_memberships_manage";

/** PermissionDto's columns, for a query that names the permissions table `p`. */
export const PERMISSION_COLUMNS = Prisma.raw(
  `p.id, p.key, p.name, p.description, p.system, p.created_at, p.updated_at`,
);

export type PermissionRow = {
  id: string;
  key: string;
  name: string;
  description: string;
  system: boolean;
  created_at: Date | string;
  updated_at: Date | string;
};

export function toPermission(row: PermissionRow): PermissionDto {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    system: row.system,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** RoleDto's columns, for a query that names the roles table `r`: its permissions ride along as JSON. */
export const ROLE_COLUMNS = Prisma.raw(`r.id, r.key, r.name, r.description, r.created_at, r.updated_at,
  coalesce((SELECT json_agg(json_build_object('id', p.id, 'key', p.key, 'name', p.name, 'description', p.description,
                                              'system', p.system, 'created_at', p.created_at, 'updated_at', p.updated_at)
                            ORDER BY p.key)
              FROM organization_role_permissions rp JOIN organization_permissions p ON p.id = rp.permission_id
             WHERE rp.role_id = r.id), '[]'::json) AS permissions`);

export type RoleRow = {
  id: string;
  key: string;
  name: string;
  description: string | null;
  created_at: Date;
  updated_at: Date;
  permissions: PermissionRow[];
};

export function toRole(row: RoleRow): RoleDto {
  const permissions = row.permissions.map(toPermission);
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    permissions,
    isCreatorEligible: permissions.some((p) => p.id === MANAGE_MEMBERS_PERMISSION_ID),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/**
 * The permission keys (sorted) of the role whose key is the SQL expression `roleKey` (a column
 * name written in code, never input): the column database triggers keep (organization_roles.
 * permission_keys), read with one index lookup, in the statement that reads the membership.
 */
export function rolePermissionKeysSql(roleKey: string): Prisma.Sql {
  return Prisma.raw(
    `coalesce((SELECT rk.permission_keys FROM organization_roles rk WHERE rk.key = ${roleKey}), '{}'::text[])`,
  );
}

/** The name of the role whose key is the SQL expression `roleKey` (a column name written in code), or null. */
export function roleNameSql(roleKey: string): Prisma.Sql {
  return Prisma.raw(`(SELECT rn.name FROM organization_roles rn WHERE rn.key = ${roleKey})`);
}

/** The order roles are shown in, for a query naming a row of ROLE_COLUMNS `x`: the seeded two first, then by name. */
export const SEEDED_FIRST = Prisma.raw(`x.key = 'org:admin' DESC, x.key = 'org:member' DESC, lower(x.name), x.key`);

/** Every change to roles or permissions bumps the version (lib/domain/roles/catalog.ts reloads when it moves). */
export const BUMP_ROLES_VERSION = Prisma.sql`UPDATE organization_role_settings SET version = version + 1, updated_at = now()`;
