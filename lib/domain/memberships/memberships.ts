// Memberships: who is in an organization and with which role. Every change
// takes the organization's lock first (lockAsMember), then checks the actor's
// permission and the at-least-one-admin rule (./admins.ts) before writing.
import type { Db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { listMembersSchema, roleSchema, type ListMembersInput } from "../../validation/organizations";
import { isLookupKey } from "../../validation/text";
import { assertRoomFor, ilikeContains, INSTANCE, lockAsMember, requirePermission } from "../access";
import { DomainError, invalidInput, notFound } from "../errors";
import { getOrganization } from "../organizations/organizations";
import type { MyOrganizationDto } from "../organizations/sql";
import { membershipDeletedEvent, membershipEvent, membershipPayload } from "../event-payloads";
import { roleKey } from "../../api/serialize";
import { can, MANAGE_MEMBERS, type RoleKey } from "../../authz";
import { assertRoleExists } from "../roles/roles";
import {
  ADMINS_OF_M,
  adminCountSql,
  assertAdminFirst,
  countAdmins,
  isLastAdmin,
  lastAdminError,
  M_IS_LAST_ADMIN,
  roleManagesSql,
  unknownRoleError,
} from "./admins";
import {
  changeRoleSql,
  insertMembershipSql,
  MEMBER_COLUMNS,
  memberOrder,
  toMember,
  type MemberDto,
  type MemberPage,
  type MemberRow,
  type ChangedMemberRow,
  changedRecord,
} from "./sql";
import { getMembershipWithOrganization, type MembershipRecord, type OrganizationRecord } from "../instance-reads";

export type { MemberDto, MemberPage } from "./sql";

/** One page of an organization's members, for a member allowed to read them. */
export async function listMembers(
  db: Db,
  actorId: string,
  ref: string,
  input: ListMembersInput = {},
): Promise<MemberPage> {
  return listMembersOf(db, await getOrganization(db, actorId, ref), input);
}

/**
 * listMembers for a caller that already holds the actor's organization as the
 * domain read it for them (listMyOrganizations, getOrganization): the
 * permission is checked against that role, and its member count saves a statement.
 * One page and the total, in two statements whose cost depends on the page
 * size, not on the organization's size (except a search, which scans the
 * organization's members once). The organization's admin count rides along
 * in the page's statement (an uncorrelated subquery, computed once from the
 * (organization_id, role) index), so the roster knows who is the last admin
 * without another statement; a search's count statement carries it too, for
 * a search that matches nobody.
 */
export async function listMembersOf(
  db: Db,
  organization: MyOrganizationDto,
  input: ListMembersInput,
): Promise<MemberPage> {
  requirePermission(organization.role, "org:members:read");
  const { page, pageSize, query, sort, direction } = listMembersSchema.parse(input);
  const search = query
    ? Prisma.sql`AND (${ilikeContains("u.name", query)} OR ${ilikeContains("u.email", query)})`
    : Prisma.empty;
  const admins = adminCountSql(Prisma.sql`${organization.id}`);
  // Those who may see requests to join learn how many wait from this statement: the page reads
  // them only when some do.
  const requests = can(organization.role, "org:sys_domains:read")
    ? Prisma.sql`(SELECT count(*)::int FROM organization_membership_requests r
                   WHERE r.organization_id = ${organization.id} AND r.status = 'pending')`
    : Prisma.sql`NULL::int`;
  const [rows, counted] = await Promise.all([
    db.rows<MemberRow & { admins: number; pending_requests: number | null }>(
      Prisma.sql`
      SELECT ${MEMBER_COLUMNS}, ${admins} AS admins, ${requests} AS pending_requests
        FROM organization_memberships m
        JOIN users u ON u.id = m.user_id
       WHERE m.organization_id = ${organization.id} ${search}
       ORDER BY ${memberOrder(sort, direction)}
       LIMIT ${pageSize}::int OFFSET ${(page - 1) * pageSize}::int`,
    ),
    query
      ? db.rows<{ n: number; admins: number }>(
          Prisma.sql`
          SELECT count(*)::int AS n, ${admins} AS admins
            FROM organization_memberships m JOIN users u ON u.id = m.user_id
           WHERE m.organization_id = ${organization.id} ${search}`,
        )
      : [{ n: organization.membersCount, admins: null }],
  ]);
  const totalCount = counted[0]?.n ?? 0;
  return {
    data: rows.map(toMember),
    totalCount,
    page,
    pageSize,
    pageCount: Math.max(1, Math.ceil(totalCount / pageSize)),
    adminCount: rows[0]?.admins ?? counted[0]?.admins ?? null,
    pendingRequests: rows[0]?.pending_requests ?? null,
  };
}

/**
 * The member a change is about, with the organization's admin count, in one
 * statement. Called after lockAsMember, so the count cannot change under us.
 */
async function loadTarget(
  tx: Db,
  organizationId: string,
  userId: string,
): Promise<{ member: MemberDto; admins: number }> {
  const row = await tx.one<MemberRow & { admins: number }>(
    Prisma.sql`
    SELECT ${MEMBER_COLUMNS}, ${ADMINS_OF_M} AS admins
      FROM organization_memberships m
      JOIN users u ON u.id = m.user_id
     WHERE m.organization_id = ${organizationId} AND m.user_id = ${userId}`,
  );
  if (!row) throw notFound("member");
  return { member: toMember(row), admins: row.admins };
}

/** A role key from any caller: admin / basic_member are spellings of org:admin / org:member; existence is checked in the transaction. */
export function parseRole(newRole: unknown): RoleKey {
  const role = roleSchema.safeParse(newRole);
  if (!role.success) throw invalidInput({ issues: role.error.issues.map((issue) => ({ ...issue, path: ["role"] })) });
  return role.data;
}

export async function changeMemberRole(
  db: Db,
  actorId: string,
  ref: string,
  userId: string,
  newRole: unknown,
): Promise<MemberDto> {
  return (await changeRole(db, actorId, ref, userId, newRole)).member;
}

/**
 * changeMemberRole answering with the whole record and its organization as they are after the
 * change (the REST API's answer), read by the change's own statement when it changed something.
 */
export async function changeMemberRoleRecord(
  db: Db,
  actorId: string,
  ref: string,
  userId: string,
  newRole: unknown,
): Promise<{ membership: MembershipRecord; organization: OrganizationRecord }> {
  return db.transaction(async (tx) => {
    const { record, organizationId } = await changeRole(tx, actorId, ref, userId, newRole);
    return record ?? getMembershipWithOrganization(tx, organizationId, userId);
  });
}

async function changeRole(
  db: Db,
  actorId: string,
  ref: string,
  userId: string,
  newRole: unknown,
): Promise<{
  member: MemberDto;
  organizationId: string;
  record: { membership: MembershipRecord; organization: OrganizationRecord } | null;
}> {
  const role = parseRole(newRole);
  if (!isLookupKey(userId)) throw notFound("member");
  return db.transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:members:manage");
    // One statement changes the role unless that would leave no manager (a member whose role holds
    // org:sys_memberships:manage). It starts after the locks, so its snapshot (and the manager
    // count in it) includes every change made before, to memberships and to roles.
    const changed = await tx.one<ChangedMemberRow>(
      changeRoleSql(
        actor.organizationId,
        userId,
        role,
        Prisma.sql`NOT (${M_IS_LAST_ADMIN} AND NOT ${roleManagesSql(role)})`,
      ),
    );
    if (changed) {
      const record = changedRecord(changed);
      await membershipEvent(
        tx,
        actorId,
        "organizationMembership.updated",
        actor.organizationId,
        userId,
        {
          role: roleKey(changed.previous_role),
          role_name: changed.previous_role_name,
          permissions: changed.previous_permissions,
        },
        record,
      );
      return { member: toMember(changed), organizationId: actor.organizationId, record };
    }
    // Nothing changed: no such member, the role it already has, no such role, or the last manager.
    const target = await loadTarget(tx, actor.organizationId, userId);
    if (target.member.role === role)
      return { member: target.member, organizationId: actor.organizationId, record: null };
    await assertRoleExists(tx, role);
    throw lastAdminError();
  });
}

export async function removeMember(db: Db, actorId: string, ref: string, userId: string): Promise<MemberDto> {
  if (!isLookupKey(userId)) throw notFound("member");
  return db.transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    if (userId !== actorId) requirePermission(actor.role, "org:members:manage");
    const target = await loadTarget(tx, actor.organizationId, userId);
    if (target.member.manages && target.admins <= 1) throw lastAdminError();
    const before = await membershipPayload(tx, actor.organizationId, userId);
    await tx.execute(Prisma.sql`DELETE FROM organization_memberships WHERE id = ${target.member.membershipId}`);
    await membershipDeletedEvent(tx, actorId, actor.organizationId, userId, before);
    return target.member;
  });
}

/**
 * Puts an existing user straight into the organization (the REST API's
 * createOrganizationMembership): the same permission as managing members,
 * and the member cap holds.
 */
export async function addMember(
  db: Db,
  actorId: string,
  ref: string,
  userId: string,
  newRole: unknown,
): Promise<MemberDto> {
  const role = parseRole(newRole);
  if (!isLookupKey(userId)) throw notFound("user");
  return db.transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:members:manage");
    const user = await tx.one<{ email: string; member: boolean; known_role: boolean }>(Prisma.sql`
      SELECT u.email, EXISTS (SELECT 1 FROM organization_memberships m
                               WHERE m.organization_id = ${actor.organizationId} AND m.user_id = u.id) AS member,
             EXISTS (SELECT 1 FROM organization_roles r WHERE r.key = ${role}) AS known_role
        FROM users u WHERE u.id = ${userId}`);
    if (!user) throw notFound("user");
    if (!user.known_role) throw unknownRoleError(role);
    if (user.member) {
      throw new DomainError(
        "already_a_member_in_organization",
        `${user.email} is already a member of this organization.`,
        {
          paramName: "user_id",
        },
      );
    }
    await assertRoomFor(tx, actor.organizationId, 1);
    await assertAdminFirst(tx, actor.organizationId, role);
    // Checked above under the organization's lock: the row is new.
    const created = await tx.one<MemberRow>(insertMembershipSql(actor.organizationId, userId, role));
    await membershipEvent(tx, actorId, "organizationMembership.created", actor.organizationId, userId);
    return toMember(created!);
  });
}

/** Any member may leave, except the last admin (who may delete the organization instead). */
export async function leaveOrganization(db: Db, actorId: string, ref: string): Promise<void> {
  if (actorId === INSTANCE) throw notFound("member");
  await db.transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:leave");
    // Only a manager can be the last one: anyone else leaves without the count.
    if (can(actor.role, MANAGE_MEMBERS) && isLastAdmin(actor.role, await countAdmins(tx, actor.organizationId)))
      throw lastAdminError();
    const before = await membershipPayload(tx, actor.organizationId, actorId);
    await tx.execute(
      Prisma.sql`DELETE FROM organization_memberships WHERE organization_id = ${actor.organizationId} AND user_id = ${actorId}`,
    );
    await membershipDeletedEvent(tx, actorId, actor.organizationId, actorId, before);
  });
}
