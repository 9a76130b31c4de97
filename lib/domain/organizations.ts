// Organizations and memberships: every operation takes the acting user's id
// (or INSTANCE, for the REST API's secret key) and enforces its own rules
// inside a transaction, whoever calls it.
import { readRows, transaction, txRows, type AnyTx, type Db, type Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import { can, type Permission, type Role } from "../authz";
import {
  createOrganizationSchema,
  instanceOrganizationSchema,
  instanceUpdateOrganizationSchema,
  listMembersSchema,
  metadataUpdateSchema,
  type MEMBER_SORTS,
  roleSchema,
  slugify,
  updateOrganizationSchema,
  type ListMembersInput,
} from "../validation/organizations";
import { isLookupKey } from "../validation/text";
import { DomainError, invalidInput, isUniqueViolation, notFound } from "./errors";
import { numberSetting } from "../settings";

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

export type MyOrganizationDto = OrganizationDto & { role: Role; membersCount: number };

export type MemberDto = {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
};

export type MemberPage = {
  data: MemberDto[];
  totalCount: number;
  page: number;
  pageSize: number;
  pageCount: number;
};

export const organizationSelect = {
  id: true,
  name: true,
  slug: true,
  logoUrl: true,
  adminDeleteEnabled: true,
  createdById: true,
  createdAt: true,
  updatedAt: true,
} as const;

export const MAX_ORGANIZATIONS_PER_USER = numberSetting("MAX_ORGANIZATIONS_PER_USER", 100);
/** Members per organization, pending invitations included; 0 = unlimited. An organization's own cap overrides it. */
export const MAX_MEMBERSHIPS_PER_ORGANIZATION = numberSetting("MAX_MEMBERSHIPS_PER_ORGANIZATION", 0);

/**
 * The acting party when a server holding an instance secret key calls the
 * REST API: it may do what an organization's admin may, in every organization,
 * and the same rules (the last admin, caps, uniqueness) bind it. User ids
 * start with "user_", so this value never names a user.
 */
export const INSTANCE = "instance";

const LAST_ADMIN_MESSAGE =
  "There has to be at least one admin in this organization. Make another member an admin first.";

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

export const ADMINS_ONLY_MESSAGE = "Only admins of this organization can do that.";

export function requirePermission(role: Role, permission: Permission): void {
  if (!can(role, permission)) {
    throw new DomainError("missing_organization_permission", ADMINS_ONLY_MESSAGE, { permission });
  }
}

/**
 * Locks the organization row for the rest of the transaction and returns the
 * actor's membership. Every change to memberships takes this lock first, so
 * rules that count admins are checked and written without a race.
 */
export async function lockAsMember(tx: AnyTx, actorId: string, ref: string): Promise<{ organizationId: string; role: Role }> {
  const rows = await txRows<{ id: string }>(tx, Prisma.sql`SELECT o.id FROM organizations o WHERE ${sqlWhereRef(ref)} FOR UPDATE`);
  const organizationId = rows[0]?.id;
  if (!organizationId) throw notFound();
  if (actorId === INSTANCE) return { organizationId, role: "admin" };
  // Read after the lock (its own statement, so its own snapshot): a role changed just before counts.
  const [membership] = await txRows<{ role: Role }>(
    tx,
    Prisma.sql`SELECT role::text AS role FROM organization_memberships WHERE organization_id = ${organizationId} AND user_id = ${actorId}`,
  );
  if (!membership) throw notFound();
  return { organizationId, role: membership.role };
}

async function countAdmins(tx: Tx, organizationId: string): Promise<number> {
  return tx.membership.count({ where: { organizationId, role: "admin" } });
}

/**
 * An organization with members has an admin. Only the REST API makes an
 * organization without one (no created_by); its first member must then be an
 * admin, whether added directly or through an invitation. Refused rather than
 * promoted: a caller who asked for a basic member never gets an admin by
 * surprise. Called under the organization's lock (the admin count cannot change).
 */
export async function assertAdminFirst(tx: AnyTx, organizationId: string, role: Role, message = NO_ADMIN_MESSAGE): Promise<void> {
  if (role === "admin") return;
  const [row] = await txRows<{ has_admin: boolean }>(
    tx,
    Prisma.sql`SELECT EXISTS (SELECT 1 FROM organization_memberships WHERE organization_id = ${organizationId} AND role = 'admin') AS has_admin`,
  );
  if (!row?.has_admin) throw new DomainError("organization_minimum_permissions_needed", message, { paramName: "role" });
}

const NO_ADMIN_MESSAGE = "This organization has no admin yet: its first member must be an admin (role org:admin).";

// ---------------------------------------------------------------------------
// Organizations

export async function createOrganization(db: Db, actorId: string, input: unknown): Promise<MyOrganizationDto> {
  const parsed = createOrganizationSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const organization = await insertOrganization(db, actorId, parsed.data);
  return { ...organization, role: "admin" as const, membersCount: 1 };
}

/**
 * The REST API's creation: createdBy (optional, as in Clerk) becomes the
 * admin, under the same per-user limit; the cap and metadata may be set.
 */
export async function createOrganizationAsInstance(db: Db, input: unknown): Promise<OrganizationDto> {
  const parsed = instanceOrganizationSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { createdBy, ...rest } = parsed.data;
  return insertOrganization(db, createdBy ?? null, rest);
}

async function insertOrganization(
  db: Db,
  creatorId: string | null,
  input: {
    name: string;
    slug?: string;
    maxAllowedMemberships?: number;
    publicMetadata?: Prisma.InputJsonObject;
    privateMetadata?: Prisma.InputJsonObject;
  },
): Promise<OrganizationDto> {
  const { name, slug: chosenSlug, ...extras } = input;

  // A taken derived slug gets a suffix; a taken chosen slug is the user's to change.
  const candidates = chosenSlug
    ? [chosenSlug]
    : [slugify(name), ...Array.from({ length: 4 }, () => `${slugify(name)}-${Math.random().toString(36).slice(2, 6)}`)];

  for (const slug of candidates) {
    try {
      return await db.$transaction(async (tx) => {
        if (creatorId) {
          // Serializes one user's creations, so the per-user limit holds under concurrent requests.
          const actor = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM users WHERE id = ${creatorId} FOR UPDATE`;
          if (actor.length === 0) throw notFound("user");
          const created = await tx.organization.count({ where: { createdById: creatorId } });
          if (created >= MAX_ORGANIZATIONS_PER_USER) {
            throw new DomainError(
              "organizations_limit_exceeded",
              `You can create at most ${MAX_ORGANIZATIONS_PER_USER} organizations.`,
              { limit: MAX_ORGANIZATIONS_PER_USER },
            );
          }
        }
        return await tx.organization.create({
          data: {
            name,
            slug,
            ...extras,
            createdById: creatorId,
            ...(creatorId ? { memberships: { create: { userId: creatorId, role: "admin" } } } : {}),
          },
          select: organizationSelect,
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw slugTaken();
}

function slugTaken(): DomainError {
  return new DomainError("organization_slug_taken", "That slug is already taken. Choose another.", {
    paramName: "slug",
    fieldErrors: { slug: "That slug is already taken. Choose another." },
  });
}

type MyOrganizationRow = {
  id: string;
  name: string;
  slug: string;
  logo_url: string | null;
  admin_delete_enabled: boolean;
  created_by_id: string | null;
  created_at: Date;
  updated_at: Date;
  role: Role;
  members_count: number;
};

/** The actor's organizations with their role and member counts, in one statement (it runs on every page). */
export async function listMyOrganizations(db: Db, actorId: string): Promise<MyOrganizationDto[]> {
  const rows = await readRows<MyOrganizationRow>(db, Prisma.sql`
    SELECT o.id, o.name, o.slug, o.logo_url, o.admin_delete_enabled, o.created_by_id, o.created_at, o.updated_at, m.role::text AS role,
           o.members_count
      FROM organization_memberships m
      JOIN organizations o ON o.id = m.organization_id
     WHERE m.user_id = ${actorId}
     ORDER BY lower(o.name), o.id`);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    slug: row.slug,
    logoUrl: row.logo_url,
    adminDeleteEnabled: row.admin_delete_enabled,
    createdById: row.created_by_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    role: row.role,
    membersCount: row.members_count,
  }));
}

/** The organization as one of its members sees it; not found for everyone else. */
export async function getOrganization(db: Db, actorId: string, ref: string): Promise<MyOrganizationDto> {
  const membership = await db.membership.findFirst({
    where: { userId: actorId, organization: whereRef(ref) },
    select: {
      role: true,
      organization: { select: { ...organizationSelect, membersCount: true } },
    },
  });
  if (!membership) throw notFound();
  return { ...membership.organization, role: membership.role };
}

export async function updateOrganization(db: Db, actorId: string, ref: string, input: unknown): Promise<OrganizationDto> {
  // The member cap and the admins' delete switch are the operator's (the REST API's), not the admins'.
  const schema = actorId === INSTANCE ? instanceUpdateOrganizationSchema : updateOrganizationSchema;
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  try {
    return await db.$transaction(async (tx) => {
      const { organizationId, role } = await lockAsMember(tx, actorId, ref);
      requirePermission(role, "org:update");
      return tx.organization.update({ where: { id: organizationId }, data: parsed.data, select: organizationSelect });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

export async function deleteOrganization(db: Db, actorId: string, ref: string): Promise<{ id: string; slug: string }> {
  return db.$transaction(async (tx) => {
    const { organizationId, role } = await lockAsMember(tx, actorId, ref);
    requirePermission(role, "org:delete");
    if (actorId !== INSTANCE) {
      const { adminDeleteEnabled } = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { adminDeleteEnabled: true } });
      if (!adminDeleteEnabled) {
        throw new DomainError("missing_organization_permission", "Deleting this organization is turned off for its admins.", {
          permission: "org:delete",
        });
      }
    }
    return tx.organization.delete({ where: { id: organizationId }, select: { id: true, slug: true } });
  });
}

export type MetadataDto = { publicMetadata: Prisma.JsonValue; privateMetadata: Prisma.JsonValue };

/**
 * Metadata kept for the application: "merge" deep-merges (a null value deletes
 * a key), "replace" overwrites each field sent. Read, merged and written under
 * the organization's lock, so concurrent merges never lose a key.
 */
export async function updateOrganizationMetadata(
  db: Db,
  actorId: string,
  ref: string,
  input: unknown,
  mode: "merge" | "replace",
): Promise<OrganizationDto> {
  const parsed = metadataUpdateSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  return db.$transaction(async (tx) => {
    const { organizationId, role } = await lockAsMember(tx, actorId, ref);
    requirePermission(role, "org:update");
    const current = await tx.organization.findUniqueOrThrow({
      where: { id: organizationId },
      select: { publicMetadata: true, privateMetadata: true },
    });
    return tx.organization.update({
      where: { id: organizationId },
      data: applyMetadata(current, parsed.data, mode),
      select: organizationSelect,
    });
  });
}

/** The new values of the metadata fields sent, merged or replaced. */
export function applyMetadata(
  current: MetadataDto,
  update: { publicMetadata?: Prisma.InputJsonObject | null; privateMetadata?: Prisma.InputJsonObject | null },
  mode: "merge" | "replace",
): { publicMetadata?: Prisma.InputJsonObject; privateMetadata?: Prisma.InputJsonObject } {
  const out: { publicMetadata?: Prisma.InputJsonObject; privateMetadata?: Prisma.InputJsonObject } = {};
  for (const key of ["publicMetadata", "privateMetadata"] as const) {
    const sent = update[key];
    if (sent === undefined) continue;
    out[key] = mode === "replace" ? (sent ?? {}) : deepMerge(asObject(current[key]), sent ?? {});
  }
  return out;
}

function asObject(value: Prisma.JsonValue): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function deepMerge(target: Record<string, unknown>, patch: Record<string, unknown>): Prisma.InputJsonObject {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key])) out[key] = deepMerge(out[key] as Record<string, unknown>, value);
    else out[key] = value;
  }
  return out as Prisma.InputJsonObject;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------
// Members

export async function listMembers(db: Db, actorId: string, ref: string, input: ListMembersInput = {}): Promise<MemberPage> {
  const { organizationId, role } = await getMembershipRole(db, actorId, ref);
  requirePermission(role, "org:members:read");
  return listMembersOf(db, organizationId, input);
}

function memberOrder(sort: (typeof MEMBER_SORTS)[number], direction: "asc" | "desc"): Prisma.Sql {
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

/** LIKE pattern for a search: the user's % and _ match themselves. */
export function containsPattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type MemberRow = { id: string; role: Role; created_at: Date; user_id: string; name: string; email: string };

/**
 * One page of an organization's members and the total, in two statements
 * whose cost depends on the page size, not on the organization's size
 * (except a search, which scans the organization's members once).
 * The caller has already checked that the actor may read this organization's members.
 */
export async function listMembersOf(
  db: Db,
  organizationId: string,
  input: ListMembersInput,
  /** The organization's member count when the caller already has it (listMyOrganizations carries it): one statement fewer. */
  known?: { membersCount: number },
): Promise<MemberPage> {
  const { page, pageSize, query, sort, direction } = listMembersSchema.parse(input);
  const search = query
    ? Prisma.sql`AND (u.name ILIKE ${containsPattern(query)} OR u.email ILIKE ${containsPattern(query)})`
    : Prisma.empty;
  const [rows, counted] = await Promise.all([
    readRows<MemberRow>(db, Prisma.sql`
      SELECT m.id, m.role::text AS role, m.created_at, u.id AS user_id, u.name, u.email
        FROM organization_memberships m
        JOIN users u ON u.id = m.user_id
       WHERE m.organization_id = ${organizationId} ${search}
       ORDER BY ${memberOrder(sort, direction)}
       LIMIT ${pageSize}::int OFFSET ${(page - 1) * pageSize}::int`),
    query
      ? readRows<{ n: number }>(db, Prisma.sql`
          SELECT count(*)::int AS n FROM organization_memberships m JOIN users u ON u.id = m.user_id
           WHERE m.organization_id = ${organizationId} ${search}`)
      : known
        ? [{ n: known.membersCount }]
        : readRows<{ n: number }>(db, Prisma.sql`SELECT members_count AS n FROM organizations WHERE id = ${organizationId}`),
  ]);
  const totalCount = counted[0]?.n ?? 0;
  return {
    data: rows.map((row) => ({
      membershipId: row.id,
      userId: row.user_id,
      name: row.name,
      email: row.email,
      role: row.role,
      joinedAt: row.created_at,
    })),
    totalCount,
    page,
    pageSize,
    pageCount: Math.max(1, Math.ceil(totalCount / pageSize)),
  };
}

/** The actor's role in an organization, without a lock (for reads); not found for non-members. */
export async function getMembershipRole(db: Db, actorId: string, ref: string): Promise<{ organizationId: string; role: Role }> {
  if (actorId === INSTANCE) {
    const organization = await db.organization.findFirst({ where: whereRef(ref), select: { id: true } });
    if (!organization) throw notFound();
    return { organizationId: organization.id, role: "admin" };
  }
  const membership = await db.membership.findFirst({
    where: { userId: actorId, organization: whereRef(ref) },
    select: { role: true, organizationId: true },
  });
  if (!membership) throw notFound();
  return membership;
}

type Target = MemberDto & { admins: number };

type TargetRow = { id: string; role: Role; created_at: Date; user_id: string; name: string; email: string; admins: number };

/**
 * The member a change is about, with the organization's admin count, in one
 * statement. Called after lockAsMember, so the count cannot change under us.
 */
async function loadTarget(tx: AnyTx, organizationId: string, userId: string): Promise<Target> {
  const [row] = await txRows<TargetRow>(
    tx,
    Prisma.sql`
    SELECT m.id, m.role::text AS role, m.created_at, u.id AS user_id, u.name, u.email,
           (SELECT count(*)::int FROM organization_memberships a
             WHERE a.organization_id = m.organization_id AND a.role = 'admin') AS admins
      FROM organization_memberships m
      JOIN users u ON u.id = m.user_id
     WHERE m.organization_id = ${organizationId} AND m.user_id = ${userId}`,
  );
  if (!row) throw notFound("member");
  return toTarget(row);
}

function toTarget(row: TargetRow): Target {
  return {
    membershipId: row.id,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    role: row.role,
    joinedAt: row.created_at,
    admins: row.admins,
  };
}

function toMember({ admins: _admins, ...member }: Target): MemberDto {
  void _admins;
  return member;
}

export async function changeMemberRole(
  db: Db | AnyTx,
  actorId: string,
  ref: string,
  userId: string,
  newRole: unknown,
): Promise<MemberDto> {
  const role = roleSchema.safeParse(newRole);
  if (!role.success) throw invalidInput({ issues: role.error.issues.map((issue) => ({ ...issue, path: ["role"] })) });
  if (!isLookupKey(userId)) throw notFound("member");
  return transaction(db, async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:members:manage");
    // One statement changes the role unless that would leave no admin. It starts after the
    // lock, so its snapshot (and the admin count in it) includes every change made before.
    const [changed] = await txRows<TargetRow>(
      tx,
      Prisma.sql`
      UPDATE organization_memberships m SET role = ${role.data}::organization_role, updated_at = now()
        FROM users u
       WHERE m.organization_id = ${actor.organizationId} AND m.user_id = ${userId} AND u.id = m.user_id
         AND m.role <> ${role.data}::organization_role
         AND (m.role <> 'admin'
              OR (SELECT count(*) FROM organization_memberships a WHERE a.organization_id = m.organization_id AND a.role = 'admin') > 1)
      RETURNING m.id, m.role::text AS role, m.created_at, u.id AS user_id, u.name, u.email, 0 AS admins`,
    );
    if (changed) return toMember(toTarget(changed));
    // Nothing changed: no such member, the role it already has, or the last admin.
    const target = await loadTarget(tx, actor.organizationId, userId);
    if (target.role === role.data) return toMember(target);
    throw new DomainError("organization_minimum_permissions_needed", LAST_ADMIN_MESSAGE);
  });
}

export async function removeMember(db: Db | AnyTx, actorId: string, ref: string, userId: string): Promise<MemberDto> {
  if (!isLookupKey(userId)) throw notFound("member");
  return transaction(db, async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    if (userId !== actorId) requirePermission(actor.role, "org:members:manage");
    const target = await loadTarget(tx, actor.organizationId, userId);
    if (target.role === "admin" && target.admins <= 1) {
      throw new DomainError("organization_minimum_permissions_needed", LAST_ADMIN_MESSAGE);
    }
    await txRows(tx, Prisma.sql`DELETE FROM organization_memberships WHERE id = ${target.membershipId}`);
    return toMember(target);
  });
}

/**
 * Puts an existing user straight into the organization (the REST API's
 * createOrganizationMembership): the same permission as managing members,
 * and the member cap holds.
 */
export async function addMember(db: Db, actorId: string, ref: string, userId: string, newRole: unknown): Promise<MemberDto> {
  const role = roleSchema.safeParse(newRole);
  if (!role.success) throw invalidInput({ issues: role.error.issues.map((issue) => ({ ...issue, path: ["role"] })) });
  if (!isLookupKey(userId)) throw notFound("user");
  return db.$transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:members:manage");
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
    if (!user) throw notFound("user");
    const existing = await tx.membership.findUnique({
      where: { organizationId_userId: { organizationId: actor.organizationId, userId } },
      select: { id: true },
    });
    if (existing) {
      throw new DomainError("already_a_member_in_organization", `${user.email} is already a member of this organization.`, {
        paramName: "user_id",
      });
    }
    await assertRoomFor(tx, actor.organizationId, 1);
    await assertAdminFirst(tx, actor.organizationId, role.data);
    const created = await tx.membership.create({
      data: { organizationId: actor.organizationId, userId, role: role.data },
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    });
    return { membershipId: created.id, userId, name: created.user.name, email: created.user.email, role: created.role, joinedAt: created.createdAt };
  });
}

/** Membership metadata, merged like an organization's, under the organization's lock. */
export async function updateMembershipMetadata(db: Db, actorId: string, ref: string, userId: string, input: unknown): Promise<void> {
  const parsed = metadataUpdateSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  if (!isLookupKey(userId)) throw notFound("member");
  await db.$transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:members:manage");
    const target = await tx.membership.findUnique({
      where: { organizationId_userId: { organizationId: actor.organizationId, userId } },
      select: { id: true, publicMetadata: true, privateMetadata: true },
    });
    if (!target) throw notFound("member");
    await tx.membership.update({ where: { id: target.id }, data: applyMetadata(target, parsed.data, "merge") });
  });
}

/**
 * Refuses when members plus pending invitations plus `adding` would pass the
 * organization's cap (its own, else the setting). Called under the
 * organization's lock, so concurrent invitations cannot overshoot it.
 */
export async function assertRoomFor(tx: Tx, organizationId: string, adding: number): Promise<void> {
  const { maxAllowedMemberships } = await tx.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { maxAllowedMemberships: true },
  });
  const cap = maxAllowedMemberships > 0 ? maxAllowedMemberships : MAX_MEMBERSHIPS_PER_ORGANIZATION;
  if (cap <= 0) return;
  const [row] = await tx.$queryRaw<Array<{ members: number; pending: number }>>`
    SELECT (SELECT count(*)::int FROM organization_memberships WHERE organization_id = ${organizationId}) AS members,
           (SELECT count(*)::int FROM organization_invitations
             WHERE organization_id = ${organizationId} AND status = 'pending' AND expires_at > now()) AS pending`;
  const taken = (row?.members ?? 0) + (row?.pending ?? 0);
  if (taken + adding > cap) {
    throw new DomainError(
      "organization_membership_quota_exceeded",
      `This organization is limited to ${cap} members, pending invitations included (${taken} taken).`,
      { cap, taken },
    );
  }
}

/** Any member may leave, except the last admin (who may delete the organization instead). */
export async function leaveOrganization(db: Db, actorId: string, ref: string): Promise<void> {
  if (actorId === INSTANCE) throw notFound("member");
  await db.$transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:leave");
    if (actor.role === "admin" && (await countAdmins(tx, actor.organizationId)) <= 1) {
      throw new DomainError(
        "organization_minimum_permissions_needed",
        "You are the last admin. Make another member an admin before leaving, or delete the organization.",
      );
    }
    await tx.membership.delete({ where: { organizationId_userId: { organizationId: actor.organizationId, userId: actorId } } });
  });
}
