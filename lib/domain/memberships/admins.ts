// The rule "an organization with members has at least one admin", in one
// place: the count it reads, the predicate, and the words a refusal uses.
// Every check runs under the organization's lock (lockAsMember, or account
// deletion's locks), so the count cannot change before the write.
import type { Db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import type { Role } from "../../authz";
import { DomainError } from "../errors";

/** The one message for taking away an organization's last admin: a demotion, a removal, leaving. */
export const LAST_ADMIN_MESSAGE =
  "There has to be at least one admin in this organization. Make another member an admin first.";

/** An organization's admin count in SQL (the one definition of the count), given its id as an SQL expression. */
export function adminCountSql(organizationId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT count(*)::int FROM organization_memberships a WHERE a.organization_id = ${organizationId} AND a.role = 'admin')`;
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

/** The predicate: a member with this role is the organization's last admin (given its admin count). */
export function isLastAdmin(role: Role, admins: number): boolean {
  return role === "admin" && admins <= 1;
}

/** isLastAdmin in SQL, for the membership row a query names `m`: for the statements that check and write in one go. */
export const M_IS_LAST_ADMIN = Prisma.sql`(m.role = 'admin' AND ${ADMINS_OF_M} <= 1)`;

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

/** Refuses a non-admin member for an organization that has no admin. Called under the organization's lock. */
export async function assertAdminFirst(
  tx: Db,
  organizationId: string,
  role: Role,
  how: keyof typeof NO_ADMIN_YET_MESSAGES = "add",
): Promise<void> {
  if (role === "admin") return;
  if ((await countAdmins(tx, organizationId)) === 0)
    throw new DomainError("organization_minimum_permissions_needed", NO_ADMIN_YET_MESSAGES[how], { paramName: "role" });
}
