// Who may touch an organization, and the primitives every organization rule
// starts with: the acting party (a user id, or INSTANCE for the REST API's
// secret key), an organization named by id or slug, the organization lock,
// the permission check against lib/authz, and the member cap.
import { PLAN_PER_CALL, type Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { rolePermissionKeysSql } from "./roles/sql";
import { can, grantOf, INSTANCE_GRANT, type Grant, type Permission } from "../authz";
import { isLookupKey } from "../validation/text";
import { numberSetting } from "../settings";
import { DomainError, notFound } from "./errors";

/**
 * The acting party when a server holding an instance secret key calls the
 * REST API: it may do what an organization's admin may, in every organization,
 * and the same rules (the last admin, caps, uniqueness) bind it. User ids
 * start with "user_", so this value never names a user.
 */
export const INSTANCE = "instance";

/** Members per organization, pending invitations included; 0 = unlimited. An organization's own cap overrides it. */
export const MAX_MEMBERSHIPS_PER_ORGANIZATION = numberSetting("MAX_MEMBERSHIPS_PER_ORGANIZATION", 0);

/**
 * Ids carry an org_ prefix and slugs never contain "_", so one string names either.
 * A reference no organization can have (a NUL or another control character in it) is not found.
 */
export function whereRef(ref: string) {
  if (!isLookupKey(ref)) throw notFound();
  return ref.startsWith("org_") ? { id: ref } : { slug: ref.toLowerCase() };
}

/** whereRef in SQL, for a query that names the organizations table `o`. */
export function sqlWhereRef(ref: string): Prisma.Sql {
  const { id, slug } = whereRef(ref);
  return id ? Prisma.sql`o.id = ${id}` : Prisma.sql`o.slug = ${slug}`;
}

/** LIKE pattern for a search: the user's % and _ match themselves. */
export function containsPattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `column ILIKE '%query%'` (a column name written in code), marking its statement to be planned
 * for this pattern (PLAN_PER_CALL), so that the trigram indexes serve it.
 */
export function ilikeContains(column: string, query: string): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(column)} ILIKE ${containsPattern(query)} ${PLAN_PER_CALL}`;
}

export const ADMINS_ONLY_MESSAGE = "Only admins of this organization can do that.";

/** Refuses unless the member's role (as read with their membership) holds the permission. */
export function requirePermission(grant: Grant, permission: Permission): void {
  if (!can(grant, permission)) {
    throw new DomainError("missing_organization_permission", ADMINS_ONLY_MESSAGE, { permission });
  }
}

/**
 * The instance's roles, shared: every change to memberships holds it (with the
 * organization's lock) for the rest of its transaction, and a change to roles
 * that could leave an organization without a member who manages members
 * (lib/domain/roles) holds it exclusively. So a member's demotion and the
 * operator's stripping a permission from a role never both pass their check.
 * An advisory lock (in memory, no row written); a column expression for the
 * statement that locks the organization, so it costs no round trip.
 */
export const ROLES_LOCK_KEY = 7_160_016;
export const SHARE_ROLES_LOCK = Prisma.sql`(SELECT pg_advisory_xact_lock_shared(${ROLES_LOCK_KEY}::bigint)) IS NULL`;

/**
 * Locks the organization row for the rest of the transaction and returns the
 * actor's membership: `role` is what their role grants (its key and
 * permissions, read in the membership's statement). Every change to
 * memberships takes this lock first, so rules that count managers are checked
 * and written without a race.
 */
export async function lockAsMember(
  tx: Db,
  actorId: string,
  ref: string,
): Promise<{ organizationId: string; role: Grant }> {
  const locked = await tx.one<{ id: string }>(
    Prisma.sql`SELECT o.id, ${SHARE_ROLES_LOCK} AS roles_locked FROM organizations o WHERE ${sqlWhereRef(ref)} FOR UPDATE`,
  );
  const organizationId = locked?.id;
  if (!organizationId) throw notFound();
  if (actorId === INSTANCE) return { organizationId, role: INSTANCE_GRANT };
  // Read after the lock (its own statement, so its own snapshot): a role changed just before counts.
  const membership = await tx.one<{ role: string; permissions: string[] }>(
    Prisma.sql`SELECT m.role, ${rolePermissionKeysSql("m.role")} AS permissions
                 FROM organization_memberships m WHERE m.organization_id = ${organizationId} AND m.user_id = ${actorId}`,
  );
  if (!membership) throw notFound();
  return { organizationId, role: grantOf(membership) };
}

/**
 * Refuses when members plus pending invitations plus `adding` would pass the
 * organization's cap (its own, else the setting). Called under the
 * organization's lock, so concurrent invitations cannot overshoot it.
 * Automatic invitations (from a verified domain) hold no place: everyone at
 * the domain has one; accepting one counts as adding a member.
 */
export async function assertRoomFor(tx: Db, organizationId: string, adding: number): Promise<void> {
  const organization = await tx.one<{ max_allowed_memberships: number }>(
    Prisma.sql`SELECT max_allowed_memberships FROM organizations WHERE id = ${organizationId}`,
  );
  if (!organization) throw notFound();
  const own = organization.max_allowed_memberships;
  const cap = own > 0 ? own : MAX_MEMBERSHIPS_PER_ORGANIZATION;
  if (cap <= 0) return;
  const row = await tx.one<{ members: number; pending: number }>(Prisma.sql`
    SELECT (SELECT count(*)::int FROM organization_memberships WHERE organization_id = ${organizationId}) AS members,
           (SELECT count(*)::int FROM organization_invitations
             WHERE organization_id = ${organizationId} AND status = 'pending' AND expires_at > now()
               AND domain_id IS NULL) AS pending`);
  const taken = (row?.members ?? 0) + (row?.pending ?? 0);
  if (taken + adding > cap) {
    throw new DomainError(
      "organization_membership_quota_exceeded",
      `This organization is limited to ${cap} members, pending invitations included (${taken} taken).`,
      { cap, taken },
    );
  }
}
