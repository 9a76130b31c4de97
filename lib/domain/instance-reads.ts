// What the REST API reads for a caller holding an instance secret key: any
// organization, membership, invitation or user, with Clerk's filters and
// orders. Reads only; every change goes through the rules in organizations.ts,
// invitations.ts and instance-users.ts.
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { Role } from "../authz";
import type { InvitationStatusValue } from "../validation/invitations";
import { notFound } from "./errors";
import { instanceUserSelect, type InstanceUserRow } from "./instance-users";
import { whereRef } from "./organizations";

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

type Page = { limit: number; offset: number };
type Direction = "asc" | "desc";

function containsInsensitive(query: string) {
  return { contains: query, mode: "insensitive" as const };
}

export async function getOrganizationRecord(db: Db, ref: string, options: { counts?: boolean } = {}): Promise<OrganizationRecord> {
  const organization = await db.organization.findFirst({
    where: whereRef(ref),
    select: {
      ...organizationRecordSelect,
      ...(options.counts ? { _count: { select: { memberships: true } } } : {}),
    },
  });
  if (!organization) throw notFound();
  if (!options.counts) return organization;
  const { _count, ...rest } = organization as typeof organization & { _count: { memberships: number } };
  const pendingInvitationsCount = await db.invitation.count({
    where: { organizationId: organization.id, status: "pending", expiresAt: { gt: new Date() } },
  });
  return { ...rest, membersCount: _count.memberships, pendingInvitationsCount };
}

export async function listOrganizationRecords(
  db: Db,
  params: Page & {
    query?: string;
    ids?: string[];
    orderBy: { field: "name" | "created_at" | "members_count"; direction: Direction };
    counts: boolean;
  },
): Promise<{ data: OrganizationRecord[]; totalCount: number }> {
  const where: Prisma.OrganizationWhereInput = {
    ...(params.ids?.length ? { id: { in: params.ids } } : {}),
    ...(params.query
      ? { OR: [{ name: containsInsensitive(params.query) }, { slug: containsInsensitive(params.query) }, { id: params.query }] }
      : {}),
  };
  const { field, direction } = params.orderBy;
  const orderBy: Prisma.OrganizationOrderByWithRelationInput[] =
    field === "name"
      ? [{ name: direction }, { id: "asc" }]
      : field === "members_count"
        ? [{ memberships: { _count: direction } }, { createdAt: "desc" }, { id: "asc" }]
        : [{ createdAt: direction }, { id: "asc" }];
  const [rows, totalCount] = await Promise.all([
    db.organization.findMany({
      where,
      orderBy,
      skip: params.offset,
      take: params.limit,
      select: { ...organizationRecordSelect, ...(params.counts ? { _count: { select: { memberships: true } } } : {}) },
    }),
    db.organization.count({ where }),
  ]);
  const data = rows.map((row) => {
    const { _count, ...rest } = row as typeof row & { _count?: { memberships: number } };
    return _count ? { ...rest, membersCount: _count.memberships } : rest;
  });
  return { data, totalCount };
}

export const membershipRecordSelect = {
  id: true,
  role: true,
  publicMetadata: true,
  privateMetadata: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { id: true, name: true, firstName: true, lastName: true, email: true, image: true } },
} as const;

export type MembershipRecord = Prisma.MembershipGetPayload<{ select: typeof membershipRecordSelect }>;

/** A membership with its whole organization, in one statement (the API answers with both). */
export async function getMembershipWithOrganization(
  db: Db,
  organizationRef: string,
  userId: string,
): Promise<{ membership: MembershipRecord; organization: OrganizationRecord }> {
  const row = await db.membership.findFirst({
    where: { userId, organization: whereRef(organizationRef) },
    select: { ...membershipRecordSelect, organization: { select: organizationRecordSelect } },
  });
  if (!row) {
    // Say which of the two is missing.
    await getOrganizationRecord(db, organizationRef);
    throw notFound("member");
  }
  const { organization, ...membership } = row;
  return { membership, organization };
}

export async function listMembershipRecords(
  db: Db,
  organizationId: string,
  params: Page & {
    userIds?: string[];
    emails?: string[];
    roles?: Role[];
    query?: string;
    orderBy: { field: "created_at" | "first_name" | "last_name" | "email_address"; direction: Direction };
  },
): Promise<{ data: MembershipRecord[]; totalCount: number }> {
  const where: Prisma.MembershipWhereInput = {
    organizationId,
    ...(params.userIds?.length ? { userId: { in: params.userIds } } : {}),
    ...(params.roles?.length ? { role: { in: params.roles } } : {}),
    ...(params.emails?.length || params.query
      ? {
          user: {
            ...(params.emails?.length ? { email: { in: params.emails.map((email) => email.trim().toLowerCase()) } } : {}),
            ...(params.query ? { OR: [{ name: containsInsensitive(params.query) }, { email: containsInsensitive(params.query) }] } : {}),
          },
        }
      : {}),
  };
  const { field, direction } = params.orderBy;
  const orderBy: Prisma.MembershipOrderByWithRelationInput[] =
    field === "email_address"
      ? [{ user: { email: direction } }, { id: "asc" }]
      : field === "first_name" || field === "last_name"
        ? [{ user: { name: direction } }, { id: "asc" }]
        : [{ createdAt: direction }, { id: "asc" }];
  const [data, totalCount] = await Promise.all([
    db.membership.findMany({ where, orderBy, skip: params.offset, take: params.limit, select: membershipRecordSelect }),
    db.membership.count({ where }),
  ]);
  return { data, totalCount };
}

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

export type InvitationRecord = Omit<Prisma.InvitationGetPayload<{ select: typeof invitationRecordSelect }>, "status"> & {
  status: InvitationStatusValue;
};

/** A pending invitation past its expiry reads as expired, as everywhere else. */
function withStatus(row: Prisma.InvitationGetPayload<{ select: typeof invitationRecordSelect }>, now = new Date()): InvitationRecord {
  return { ...row, status: row.status === "pending" && row.expiresAt <= now ? "expired" : row.status };
}

export async function getInvitationRecord(db: Db, organizationId: string, invitationId: string): Promise<InvitationRecord> {
  const row = await db.invitation.findFirst({ where: { id: invitationId, organizationId }, select: invitationRecordSelect });
  if (!row) throw notFound("invitation");
  return withStatus(row);
}

export async function getInvitationRecords(db: Db, ids: string[]): Promise<InvitationRecord[]> {
  const rows = await db.invitation.findMany({ where: { id: { in: ids } }, select: invitationRecordSelect });
  const byId = new Map(rows.map((row) => [row.id, withStatus(row)]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

export async function listInvitationRecords(
  db: Db,
  organizationId: string,
  params: Page & { statuses?: InvitationStatusValue[] },
): Promise<{ data: InvitationRecord[]; totalCount: number }> {
  const now = new Date();
  const wanted = new Set(params.statuses?.length ? params.statuses : ["pending", "accepted", "revoked", "expired"]);
  const OR: Prisma.InvitationWhereInput[] = [];
  if (wanted.has("pending")) OR.push({ status: "pending", expiresAt: { gt: now } });
  if (wanted.has("expired")) OR.push({ status: "expired" }, { status: "pending", expiresAt: { lte: now } });
  if (wanted.has("accepted")) OR.push({ status: "accepted" });
  if (wanted.has("revoked")) OR.push({ status: "revoked" });
  const where: Prisma.InvitationWhereInput = { organizationId, OR };
  const [rows, totalCount] = await Promise.all([
    db.invitation.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: params.offset,
      take: params.limit,
      select: invitationRecordSelect,
    }),
    db.invitation.count({ where }),
  ]);
  return { data: rows.map((row) => withStatus(row, now)), totalCount };
}

export async function getUserRecord(db: Db, id: string): Promise<InstanceUserRow> {
  const user = await db.user.findUnique({ where: { id }, select: instanceUserSelect });
  if (!user) throw notFound("user");
  return user;
}

export type UserFilters = { emails?: string[]; userIds?: string[]; externalIds?: string[]; query?: string; organizationIds?: string[] };

function userWhere(filters: UserFilters): Prisma.UserWhereInput {
  return {
    ...(filters.emails?.length ? { email: { in: filters.emails.map((email) => email.trim().toLowerCase()) } } : {}),
    ...(filters.userIds?.length ? { id: { in: filters.userIds } } : {}),
    ...(filters.externalIds?.length ? { externalId: { in: filters.externalIds } } : {}),
    ...(filters.organizationIds?.length ? { memberships: { some: { organizationId: { in: filters.organizationIds } } } } : {}),
    ...(filters.query
      ? { OR: [{ name: containsInsensitive(filters.query) }, { email: containsInsensitive(filters.query) }, { id: filters.query }] }
      : {}),
  };
}

export function listUserRecords(
  db: Db,
  params: Page & UserFilters & { orderBy: { field: "created_at" | "updated_at" | "email_address" | "first_name" | "last_name"; direction: Direction } },
): Promise<InstanceUserRow[]> {
  const { field, direction } = params.orderBy;
  const orderBy: Prisma.UserOrderByWithRelationInput[] =
    field === "email_address"
      ? [{ email: direction }]
      : field === "first_name" || field === "last_name"
        ? [{ name: direction }, { id: "asc" }]
        : field === "updated_at"
          ? [{ updatedAt: direction }, { id: "asc" }]
          : [{ createdAt: direction }, { id: "asc" }];
  return db.user.findMany({ where: userWhere(params), orderBy, skip: params.offset, take: params.limit, select: instanceUserSelect });
}

export function countUserRecords(db: Db, filters: UserFilters): Promise<number> {
  return db.user.count({ where: userWhere(filters) });
}
