// The rule "an organization with members has at least one member whose role
// holds org:sys_memberships:manage" (a manager; with the seeded roles, an
// admin), in one place: the count it reads, the predicate, and the words a
// refusal uses. Every check runs under the organization's lock (lockAsMember,
// or account deletion's locks) and the shared roles lock (SHARE_ROLES_LOCK), so
// neither the members nor their roles' permissions change before the write.
import type { Db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { can, MANAGE_MEMBERS, normalizeRoleKey, type Grant, type RoleKey } from "../../authz";
import { DomainError } from "../errors";

/**
 * The keys of the roles holding org:sys_memberships:manage, as an SQL array
 * (the system permission's id is fixed by the migration that seeds it), for a
 * row's own role: `m.role = ANY(...)`, the uncorrelated ARRAY() computed once per statement.
 */
export const MANAGER_ROLE_KEYS = Prisma.sql`ARRAY(SELECT r.key FROM organization_roles r
  JOIN organization_role_permissions rp ON rp.role_id = r.id AND rp.permission_id = 'perm_sys_memberships_manage')`;

/**
 * The same keys as a subquery, for counting: `a.role IN (...)` is a semi-join the planner starts
 * from the (one or two) manager roles, reading only their entries of the (organization_id, role)
 * index. `a.role = ANY(ARRAY(...))` did that only in a plan made for the statement's values: the
 * generic plan a prepared statement settles on read all of an organization's entries and
 * filtered them (1.6 ms for 10,000 members, 0.1 ms this way).
 */
const MANAGER_ROLE_KEYS_SUBQUERY = Prisma.sql`(SELECT r.key FROM organization_roles r
  JOIN organization_role_permissions rp ON rp.role_id = r.id AND rp.permission_id = 'perm_sys_memberships_manage')`;

/** The one message for taking away an organization's last admin: a demotion, a removal, leaving. */
export const LAST_ADMIN_MESSAGE =
  "There has to be at least one admin in this organization. Make another member an admin first.";
// (With custom roles, "admin" means a role that holds org:sys_memberships:manage: see docs/roles-and-permissions.md.)

/** An organization's manager count in SQL (the one definition of the count), given its id as an SQL expression. */
export function adminCountSql(organizationId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT count(*)::int FROM organization_memberships a
                      WHERE a.organization_id = ${organizationId} AND a.role IN ${MANAGER_ROLE_KEYS_SUBQUERY})`;
}

/** An organization's admin count, read under its lock. */
export async function countAdmins(tx: Db, organizationId: string): Promise<number> {
  const row = await tx.one<{ admins: number }>(
    Prisma.sql`SELECT ${adminCountSql(Prisma.sql`${organizationId}`)} AS admins`,
  );
  return row?.admins ?? 0;
}

/** The admin count of the organization of the membership row a query names `m`. */
export const ADMINS_OF_M = adminCountSql(Prisma.raw("m.organization_id"));

/** The predicate: a member whose role grants this is the organization's last manager (given its manager count). */
export function isLastAdmin(grant: Grant, admins: number): boolean {
  return can(grant, MANAGE_MEMBERS) && admins <= 1;
}

/** isLastAdmin in SQL, for the membership row a query names `m`: for the statements that check and write in one go. */
export const M_IS_LAST_ADMIN = Prisma.sql`(m.role = ANY(${MANAGER_ROLE_KEYS}) AND ${ADMINS_OF_M} <= 1)`;

/** Whether the role `key` holds org:sys_memberships:manage, in SQL. */
export function roleManagesSql(key: RoleKey): Prisma.Sql {
  return Prisma.sql`(${key}::text = ANY(${MANAGER_ROLE_KEYS}))`;
}

export function lastAdminError(): DomainError {
  return new DomainError("organization_minimum_permissions_needed", LAST_ADMIN_MESSAGE);
}

/**
 * Account deletion's wording of the same rule: it names every organization
 * the person is the last admin of (the account page shows it before they try).
 */
export function lastAdminMessage(organizations: Array<{ name: string }>): string {
  const names = organizations.map((o) => o.name);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  const them = names.length === 1 ? "that organization" : "each of them";
  return `You are the only admin of ${list}, which ${names.length === 1 ? "has" : "have"} other members. Make another member an admin of ${them}, or delete ${names.length === 1 ? "it" : "them"}, before deleting your account.`;
}

/**
 * The other side of the rule: an organization without an admin (only the REST
 * API makes one, without created_by) takes an admin as its first member,
 * whether added directly, invited, or joining. Refused rather than promoted: a
 * caller who asked for a basic member never gets an admin by surprise.
 */
export const NO_ADMIN_YET_MESSAGES = {
  add: "This organization has no admin yet: its first member must be an admin (role org:admin).",
  invite: "This organization has no admin yet: invite its first member as an admin (role org:admin).",
  join: "This organization has no admin yet, so it cannot take members. Ask whoever invited you to invite you as an admin.",
} as const;

/** A role key the instance does not have, refused on the `role` parameter. */
export function unknownRoleError(key: RoleKey): DomainError {
  return new DomainError("form_param_value_invalid", `There is no role ${key}. Choose one of the instance's roles.`, {
    paramName: "role",
    fieldErrors: { role: `There is no role ${key}.` },
  });
}

/** Refuses an unknown role, or a member whose role cannot manage members for an organization that has no manager. Called under the organization's lock. */
export async function assertAdminFirst(
  tx: Db,
  organizationId: string,
  role: RoleKey,
  how: keyof typeof NO_ADMIN_YET_MESSAGES = "add",
): Promise<void> {
  const key = normalizeRoleKey(role);
  // The role's existence rides along: callers need not check it in a statement of their own.
  const row = await tx.one<{ known: boolean; manages: boolean; admins: number }>(
    Prisma.sql`SELECT EXISTS (SELECT 1 FROM organization_roles WHERE key = ${key}) AS known,
                      ${roleManagesSql(key)} AS manages, ${adminCountSql(Prisma.sql`${organizationId}`)} AS admins`,
  );
  if (!row?.known) throw unknownRoleError(key);
  if (row.manages) return;
  if ((row?.admins ?? 0) === 0)
    throw new DomainError("organization_minimum_permissions_needed", NO_ADMIN_YET_MESSAGES[how], { paramName: "role" });
}
