// Roles, the instance's (the REST API's secret key manages them; pages read
// them): org:<name> with a set of permissions (./permissions.ts), and the
// instance's creator and default roles. The rule every change keeps: an
// organization with members has at least one member whose role holds
// org:sys_memberships:manage. A change that could break it takes the roles
// lock exclusively (membership changes hold it shared: SHARE_ROLES_LOCK), so
// the count it reads cannot move before it commits. See docs/roles-and-permissions.md.
import { z } from "zod";
import type { Db, Tx } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { ADMIN_ROLE, MEMBER_ROLE, normalizeRoleKey, type RoleKey } from "../../authz";
import { requirePermission } from "../access";
import type { MyOrganizationDto } from "../organizations/sql";
import { DomainError, notFound, parseInput } from "../errors";
import { MANAGER_ROLE_KEYS, unknownRoleError } from "../memberships/admins";
import { MANAGE_MEMBERS_PERMISSION_ID, ROLE_COLUMNS, SEEDED_FIRST, toRole, type RoleDto, type RoleRow } from "./sql";
import type { PermissionDto } from "./sql";
import { roleJson } from "../../api/serialize";
import { forgetRoleCatalog } from "./catalog";
import { getPermission } from "./permissions";
import {
  catalogEvent,
  changed,
  descriptionSchema,
  inRolesLock,
  inRolesLockSettingKey,
  keyTaken,
  listPage,
  nameSchema,
  RESERVED_PREFIX,
  type ListParams,
} from "./shared";

export type { PermissionDto, RoleDto } from "./sql";

/** Role keys: org: then lowercase letters, digits and underscores (Clerk's rule). */
export const ROLE_KEY_PATTERN = /^org:[a-z0-9_]+$/;
const roleKeySchema = z
  .string({ error: "Enter a key." })
  .trim()
  .max(64, "Use at most 64 characters for the key.")
  .regex(ROLE_KEY_PATTERN, "A role's key starts with org: and has only lowercase letters, digits and underscores.")
  .refine((key) => !key.startsWith(RESERVED_PREFIX), "Keys starting with org:sys_ are reserved for system keys.");
const permissionIdsSchema = z
  .array(z.string({ error: "Use permission ids." }), { error: "Use a list of permission ids." })
  .max(100);

const createRoleSchema = z.object({
  name: nameSchema,
  key: roleKeySchema,
  description: descriptionSchema.nullish(),
  permissions: permissionIdsSchema.nullish(),
});
const updateRoleSchema = z.object({
  name: nameSchema.nullish(),
  key: roleKeySchema.nullish(),
  description: descriptionSchema.nullish(),
  permissions: permissionIdsSchema.nullish(),
});

// ---------------------------------------------------------------------------
// Reads

/** Refuses a role key the instance does not have (naming the parameter `role`). */
export async function assertRoleExists(db: Db, key: RoleKey): Promise<void> {
  const row = await db.one<{ key: string }>(Prisma.sql`SELECT key FROM organization_roles WHERE key = ${key}`);
  if (!row) throw unknownRoleError(key);
}

function roleWhere(ref: string): Prisma.Sql {
  return ref.startsWith("role_") ? Prisma.sql`r.id = ${ref}` : Prisma.sql`r.key = ${normalizeRoleKey(ref)}`;
}

export async function listRoles(db: Db, params: ListParams): Promise<{ data: RoleDto[]; totalCount: number }> {
  return listPage(db, "r", ROLE_COLUMNS, params, toRole);
}

/** Every role (org:admin, org:member, then by name): the roles page (a handful of rows). */
export async function listAllRoles(db: Db): Promise<RoleDto[]> {
  const rows = await db.rows<RoleRow>(
    Prisma.sql`SELECT x.* FROM (SELECT ${ROLE_COLUMNS} FROM organization_roles r) x ORDER BY ${SEEDED_FIRST} LIMIT 500`,
  );
  return rows.map(toRole);
}

/** A role by id (role_...) or key. */
export async function getRole(db: Db, ref: string): Promise<RoleDto> {
  const row = await db.one<RoleRow>(
    Prisma.sql`SELECT ${ROLE_COLUMNS} FROM organization_roles r WHERE ${roleWhere(ref)}`,
  );
  if (!row) throw notFound("role");
  return toRole(row);
}

export type RoleSettings = { creatorRole: RoleKey; defaultRole: RoleKey };

export async function getRoleSettings(db: Db): Promise<RoleSettings> {
  const row = await db.one<{ creator_role: string; default_role: string }>(
    Prisma.sql`SELECT creator_role, default_role FROM organization_role_settings WHERE id`,
  );
  return { creatorRole: row?.creator_role ?? "org:admin", defaultRole: row?.default_role ?? "org:member" };
}

// ---------------------------------------------------------------------------
// Writes (the instance's: the REST API's secret key)

async function permissionIdsExist(tx: Db, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await tx.rows<{ id: string }>(
    Prisma.sql`SELECT id FROM organization_permissions WHERE id = ANY(${unique}::text[])`,
  );
  if (found.length !== unique.length) {
    const missing = unique.filter((id) => !found.some((row) => row.id === id));
    throw new DomainError("form_param_value_invalid", `No permission has the id ${missing.join(", ")}.`, {
      paramName: "permissions",
      fieldErrors: { permissions: `No permission has the id ${missing.join(", ")}.` },
    });
  }
  return unique;
}

/**
 * How many organizations would be left without a member who manages members
 * if the role `roleId` no longer held org:sys_memberships:manage. Read under
 * the exclusive roles lock.
 */
async function organizationsLeftWithoutManager(tx: Db, roleId: string): Promise<number> {
  const row = await tx.one<{ n: number }>(Prisma.sql`
    SELECT count(DISTINCT a.organization_id)::int AS n
      FROM organization_memberships a JOIN organization_roles r ON r.key = a.role AND r.id = ${roleId}
     WHERE NOT EXISTS (SELECT 1 FROM organization_memberships b
                        WHERE b.organization_id = a.organization_id
                          AND b.role = ANY(${MANAGER_ROLE_KEYS}) AND b.role <> a.role)`);
  return row?.n ?? 0;
}

/** Refuses to take org:sys_memberships:manage from a role: the creator role needs it; organizations must keep a manager. */
async function assertMayLoseManage(tx: Db, role: RoleDto): Promise<void> {
  if (!role.isCreatorEligible) return;
  const settings = await getRoleSettings(tx);
  if (settings.creatorRole === role.key) {
    throw new DomainError(
      "organization_missing_creator_role_permissions",
      `${role.key} is the creator role: it must keep org:sys_memberships:manage. Choose another creator role first.`,
      { paramName: "permissions" },
    );
  }
  const affected = await organizationsLeftWithoutManager(tx, role.id);
  if (affected > 0) {
    throw new DomainError(
      "organization_minimum_permissions_needed",
      `Taking org:sys_memberships:manage from ${role.key} would leave ${affected} organization${affected === 1 ? "" : "s"} without a member who can manage members. Give another member of ${affected === 1 ? "it" : "each"} a role that can, first.`,
      { organizations: affected },
    );
  }
}

export async function createRole(db: Db, input: unknown): Promise<RoleDto> {
  const { name, key, description, permissions } = parseInput(createRoleSchema, input);
  return inRolesLockSettingKey(db, "role", key, async (tx) => {
    const ids = await permissionIdsExist(tx, permissions ?? []);
    const created = await tx.one<{ id: string }>(Prisma.sql`
      INSERT INTO organization_roles (key, name, description) VALUES (${key}, ${name}, ${description ?? null})
      ON CONFLICT (key) DO NOTHING RETURNING id`);
    if (!created) throw keyTaken("role", key);
    if (ids.length)
      await tx.execute(Prisma.sql`INSERT INTO organization_role_permissions (role_id, permission_id)
        SELECT ${created.id}, unnest(${ids}::text[])`);
    const role = await getRole(tx, created.id);
    await catalogEvent(tx, "role.created", roleJson(role));
    return role;
  });
}

/** The role as a change left it, with its role.updated event (naming what moved). */
async function roleUpdated(tx: Tx, before: RoleDto): Promise<RoleDto> {
  const after = await getRole(tx, before.id);
  await catalogEvent(tx, "role.updated", roleJson(after), changed(roleJson(before), roleJson(after)));
  return after;
}

export async function updateRole(db: Db, ref: string, input: unknown): Promise<RoleDto> {
  const { name, key, description, permissions } = parseInput(updateRoleSchema, input);
  return inRolesLockSettingKey(db, "role", key, async (tx) => {
    const before = await getRole(tx, ref);
    if (permissions) {
      const ids = await permissionIdsExist(tx, permissions);
      if (!ids.includes(MANAGE_MEMBERS_PERMISSION_ID)) await assertMayLoseManage(tx, before);
      await tx.execute(Prisma.sql`DELETE FROM organization_role_permissions
        WHERE role_id = ${before.id} AND NOT (permission_id = ANY(${ids}::text[]))`);
      if (ids.length)
        await tx.execute(Prisma.sql`INSERT INTO organization_role_permissions (role_id, permission_id)
          SELECT ${before.id}, unnest(${ids}::text[]) ON CONFLICT DO NOTHING`);
    }
    if (key && key !== before.key) {
      // admin and basic_member are spellings of these two keys: the keys stay.
      if (before.key === ADMIN_ROLE || before.key === MEMBER_ROLE) {
        throw new DomainError(
          "form_param_value_invalid",
          `${before.key} keeps its key (admin and basic_member are spellings of it); change its name instead.`,
          { paramName: "key", fieldErrors: { key: `${before.key} keeps its key.` } },
        );
      }
      const taken = await tx.one(Prisma.sql`SELECT 1 FROM organization_roles WHERE key = ${key}`);
      if (taken) throw keyTaken("role", key);
      // Memberships and the role settings follow through their references (ON UPDATE CASCADE);
      // invitations name the role by its key as text.
      await tx.execute(
        Prisma.sql`UPDATE organization_invitations SET role = ${key} WHERE role = ${before.key} /* no event */`,
      );
    }
    await tx.execute(Prisma.sql`
      UPDATE organization_roles
         SET name = coalesce(${name ?? null}::text, name),
             key = coalesce(${key ?? null}::text, key),
             description = CASE WHEN ${description !== undefined}::boolean THEN ${description ?? null}::text ELSE description END,
             updated_at = now()
       WHERE id = ${before.id}`);
    return roleUpdated(tx, before);
  });
}

/** Refused while members hold the role, pending invitations offer it, or it is the creator or default role. */
export async function deleteRole(db: Db, ref: string): Promise<RoleDto> {
  return inRolesLock(db, async (tx) => {
    const role = await getRole(tx, ref);
    const use = await tx.one<{ members: number; invitations: number; creator: boolean; default: boolean }>(Prisma.sql`
      SELECT (SELECT count(*)::int FROM organization_memberships WHERE role = ${role.key}) AS members,
             (SELECT count(*)::int FROM organization_invitations WHERE role = ${role.key} AND status = 'pending') AS invitations,
             s.creator_role = ${role.key} AS creator, s.default_role = ${role.key} AS "default"
        FROM organization_role_settings s WHERE s.id`);
    const reasons = [
      use?.members ? `${use.members} member${use.members === 1 ? " has" : "s have"} it` : null,
      use?.invitations
        ? `${use.invitations} pending invitation${use.invitations === 1 ? " offers" : "s offer"} it`
        : null,
      use?.creator ? "it is the creator role" : null,
      use?.default ? "it is the default role" : null,
    ].filter((reason): reason is string => reason !== null);
    if (reasons.length) {
      throw new DomainError(
        "organization_role_assigned_members",
        `${role.key} cannot be deleted: ${reasons.join(", ")}.`,
        { members: use?.members ?? 0, invitations: use?.invitations ?? 0 },
      );
    }
    await tx.execute(Prisma.sql`DELETE FROM organization_roles WHERE id = ${role.id}`);
    // Clerk's role.deleted carries the role as it was (RoleJSON); `deleted` says what happened to it.
    await catalogEvent(tx, "role.deleted", { ...roleJson(role), deleted: true });
    return role;
  });
}

/**
 * Gives a role one permission or takes it away: `change` edits the role's permissions, then the
 * role's updated_at moves and role.updated records it. Under the roles lock.
 */
async function changeRolePermission(
  db: Db,
  roleRef: string,
  permissionRef: string,
  change: (tx: Tx, role: RoleDto, permission: PermissionDto) => Promise<void>,
): Promise<RoleDto> {
  return inRolesLock(db, async (tx) => {
    const role = await getRole(tx, roleRef);
    const permission = await getPermission(tx, permissionRef);
    await change(tx, role, permission);
    await tx.execute(Prisma.sql`UPDATE organization_roles SET updated_at = now() WHERE id = ${role.id}`);
    return roleUpdated(tx, role);
  });
}

export async function assignPermission(db: Db, roleRef: string, permissionRef: string): Promise<RoleDto> {
  return changeRolePermission(db, roleRef, permissionRef, async (tx, role, permission) => {
    const added = await tx.execute(Prisma.sql`INSERT INTO organization_role_permissions (role_id, permission_id)
      VALUES (${role.id}, ${permission.id}) ON CONFLICT DO NOTHING`);
    if (added === 0) {
      throw new DomainError("duplicate_record", `${role.key} already has ${permission.key}.`, {
        paramName: "permission_id",
      });
    }
  });
}

export async function removePermission(db: Db, roleRef: string, permissionRef: string): Promise<RoleDto> {
  return changeRolePermission(db, roleRef, permissionRef, async (tx, role, permission) => {
    if (!role.permissions.some((p) => p.id === permission.id)) throw notFound("permission of this role");
    if (permission.id === MANAGE_MEMBERS_PERMISSION_ID) await assertMayLoseManage(tx, role);
    await tx.execute(Prisma.sql`DELETE FROM organization_role_permissions
      WHERE role_id = ${role.id} AND permission_id = ${permission.id}`);
  });
}

/** The instance's creator role (must hold org:sys_memberships:manage) and default role for invitations. */
export async function updateRoleSettings(
  db: Db,
  input: { creatorRole?: string | null; defaultRole?: string | null },
): Promise<RoleSettings> {
  return inRolesLock(db, async (tx) => {
    const creator = input.creatorRole ? await getRole(tx, input.creatorRole) : null;
    const fallback = input.defaultRole ? await getRole(tx, input.defaultRole) : null;
    if (creator && !creator.isCreatorEligible) {
      throw new DomainError(
        "organization_missing_creator_role_permissions",
        `${creator.key} cannot be the creator role: it does not hold org:sys_memberships:manage.`,
        { paramName: "creator_role_id" },
      );
    }
    await tx.execute(Prisma.sql`
      UPDATE organization_role_settings
         SET creator_role = coalesce(${creator?.key ?? null}::text, creator_role),
             default_role = coalesce(${fallback?.key ?? null}::text, default_role),
             version = version + 1, updated_at = now()
       WHERE id`);
    forgetRoleCatalog();
    return getRoleSettings(tx);
  });
}

/**
 * The roles page of an organization: every role of the instance with its
 * permissions, the creator and default roles, and how many of this
 * organization's members hold each. For members who may read the memberships.
 */
export async function rolesOverview(
  db: Db,
  organization: MyOrganizationDto,
): Promise<{ roles: Array<RoleDto & { members: number }>; settings: RoleSettings }> {
  requirePermission(organization.role, "org:sys_memberships:read");
  const [roles, settings, counts] = await Promise.all([
    listAllRoles(db),
    getRoleSettings(db),
    db.rows<{ role: string; n: number }>(Prisma.sql`
      SELECT role, count(*)::int AS n FROM organization_memberships WHERE organization_id = ${organization.id} GROUP BY role`),
  ]);
  const byRole = new Map(counts.map((row) => [row.role, row.n]));
  return { roles: roles.map((role) => ({ ...role, members: byRole.get(role.key) ?? 0 })), settings };
}
