// What the REST API reads for a caller holding an instance secret key: any
// organization, membership, invitation or user, with Clerk's filters and
// orders. Reads only; every change goes through the rules in organizations/,
// memberships/, invitations/ and instance-users.ts. The column lists and row
// mappers are each aggregate's (organizations/sql.ts, memberships/sql.ts).
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { normalizeRoleKey, type Role } from "../authz";
import type { InvitationStatusValue } from "../validation/invitations";
import { isLookupKey } from "../validation/text";
import { notFound } from "./errors";
import { INSTANCE_USER_COLUMNS, type InstanceUserRow } from "./users-sql";
import { ilikeContains, sqlWhereRef } from "./access";
import {
  INVITATION_RECORD_COLUMNS,
  statusFilter,
  type InvitationRecord,
  type InvitationRecordRow,
} from "./invitations/sql";
import {
  MEMBERSHIP_RECORD_COLUMNS,
  toMembershipRecord,
  type MembershipRecord,
  type MembershipRecordRow,
} from "./memberships/sql";
import {
  ORGANIZATION_RECORD_COLUMNS,
  organizationRecordFromJson,
  type OrganizationJsonRow,
  type OrganizationRecord,
} from "./organizations/sql";

export type { MembershipRecord } from "./memberships/sql";
export type { OrganizationRecord } from "./organizations/sql";

type Page = { limit: number; offset: number };
type Direction = "asc" | "desc";

export async function getOrganizationRecord(
  db: Db,
  ref: string,
  options: { counts?: boolean } = {},
): Promise<OrganizationRecord> {
  const where = sqlWhereRef(ref);
  const organization = options.counts
    ? await db.one<OrganizationRecord>(
        Prisma.sql`SELECT ${ORGANIZATION_RECORD_COLUMNS},
                          o.members_count AS "membersCount",
                          (SELECT count(*)::int FROM organization_invitations i
                            WHERE i.organization_id = o.id AND i.status = 'pending' AND i.expires_at > ${new Date()}) AS "pendingInvitationsCount"
                     FROM organizations o WHERE ${where}`,
      )
    : await db.one<OrganizationRecord>(
        Prisma.sql`SELECT ${ORGANIZATION_RECORD_COLUMNS} FROM organizations o WHERE ${where}`,
      );
  if (!organization) throw notFound();
  return organization;
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
  const filters: Prisma.Sql[] = [];
  if (params.ids?.length) filters.push(Prisma.sql`o.id = ANY(${params.ids})`);
  if (params.query) {
    filters.push(
      Prisma.sql`(${ilikeContains("o.name", params.query)} OR ${ilikeContains("o.slug", params.query)} OR o.id = ${params.query})`,
    );
  }
  const where = filters.length > 0 ? Prisma.join(filters, " AND ") : Prisma.sql`TRUE`;
  const { field, direction } = params.orderBy;
  const dir = Prisma.raw(direction === "asc" ? "ASC" : "DESC");
  const orderBy =
    field === "name"
      ? Prisma.sql`o.name ${dir}, o.id`
      : field === "members_count"
        ? Prisma.sql`o.members_count ${dir}, o.created_at DESC, o.id`
        : Prisma.sql`o.created_at ${dir}, o.id`;
  const [data, counted] = await Promise.all([
    db.rows<OrganizationRecord>(
      Prisma.sql`SELECT ${ORGANIZATION_RECORD_COLUMNS}${params.counts ? Prisma.sql`, o.members_count AS "membersCount"` : Prisma.empty}
                   FROM organizations o WHERE ${where}
                  ORDER BY ${orderBy}
                  LIMIT ${params.limit}::int OFFSET ${params.offset}::int`,
    ),
    db.rows<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM organizations o WHERE ${where}`),
  ]);
  const totalCount = counted[0]?.n ?? 0;
  return { data, totalCount };
}

/** A membership with its user and whole organization, in one statement (the API answers with all three). */
export async function getMembershipWithOrganization(
  db: Db,
  organizationRef: string,
  userId: string,
): Promise<{ membership: MembershipRecord; organization: OrganizationRecord }> {
  if (!isLookupKey(userId)) {
    await getOrganizationRecord(db, organizationRef);
    throw notFound("member");
  }
  const row = await db.one<MembershipRecordRow & { organization: OrganizationJsonRow }>(
    Prisma.sql`
    SELECT ${MEMBERSHIP_RECORD_COLUMNS}, to_jsonb(o) AS organization
      FROM organizations o
      JOIN organization_memberships m ON m.organization_id = o.id AND m.user_id = ${userId}
      JOIN users u ON u.id = m.user_id
     WHERE ${sqlWhereRef(organizationRef)}`,
  );
  if (!row) {
    // Say which of the two is missing.
    await getOrganizationRecord(db, organizationRef);
    throw notFound("member");
  }
  const { organization, ...membership } = row;
  return { membership: toMembershipRecord(membership), organization: organizationRecordFromJson(organization) };
}

export const MEMBERSHIP_ORDERS = [
  "created_at",
  "first_name",
  "last_name",
  "email_address",
  "phone_number",
  "username",
] as const;
type MembershipOrder = (typeof MEMBERSHIP_ORDERS)[number];

/** A row as json_agg or to_jsonb writes it: timestamps as ISO text. */
type JsonTimestamps<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

/**
 * An organization (by id or slug) and a page of its memberships, with the
 * count of those that match, in one statement. Not found when the organization
 * does not exist.
 */
export async function listMembershipRecords(
  db: Db,
  organizationRef: string,
  params: Page & {
    userIds?: string[];
    emails?: string[];
    roles?: Role[];
    query?: string;
    nameQuery?: string;
    emailQuery?: string;
    createdBefore?: Date;
    createdAfter?: Date;
    /** A filter on something no member has here (a phone number, a username): nobody matches. */
    none?: boolean;
    orderBy: { field: MembershipOrder; direction: Direction };
  },
): Promise<{ organization: OrganizationRecord; data: MembershipRecord[]; totalCount: number }> {
  if (params.none) return { organization: await getOrganizationRecord(db, organizationRef), data: [], totalCount: 0 };
  const filters: Prisma.Sql[] = [];
  if (params.nameQuery) filters.push(ilikeContains("u.name", params.nameQuery));
  if (params.emailQuery) filters.push(ilikeContains("u.email", params.emailQuery));
  if (params.createdBefore) filters.push(Prisma.sql`m.created_at < ${params.createdBefore}`);
  if (params.createdAfter) filters.push(Prisma.sql`m.created_at > ${params.createdAfter}`);
  if (params.userIds?.length) filters.push(Prisma.sql`m.user_id = ANY(${params.userIds})`);
  if (params.roles?.length) filters.push(Prisma.sql`m.role = ANY(${params.roles.map(normalizeRoleKey)}::text[])`);
  if (params.emails?.length)
    filters.push(Prisma.sql`u.email = ANY(${params.emails.map((email) => email.trim().toLowerCase())})`);
  if (params.query) {
    filters.push(Prisma.sql`(${ilikeContains("u.name", params.query)} OR ${ilikeContains("u.email", params.query)})`);
  }
  const { field, direction } = params.orderBy;
  const dir = direction === "desc" ? "DESC" : "ASC";
  // Only whitelisted columns and directions reach the SQL text.
  const order = Prisma.raw(
    field === "email_address"
      ? `u.email ${dir}, m.id`
      : field === "first_name"
        ? `lower(coalesce(u.first_name, u.name)) ${dir}, m.id`
        : field === "last_name"
          ? `lower(coalesce(u.last_name, substring(u.name from '\\s(.*)$'), u.name)) ${dir}, m.id`
          : `m.created_at ${dir}, m.id`, // created_at, and orders by what no member has here (phone_number, username)
  );
  const extra = filters.length > 0 ? Prisma.sql` AND ${Prisma.join(filters, " AND ")}` : Prisma.empty;
  // Unfiltered, the organization's kept count; filtered, a count of the matches.
  const count =
    filters.length === 0
      ? Prisma.sql`o.members_count`
      : Prisma.sql`(SELECT count(*)::int FROM organization_memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = o.id${extra})`;
  // One statement: the organization row, the count, and the page aggregated as
  // JSON in the order of a row number taken in the page's own order.
  const row = await db.one<
    OrganizationRecord & { totalCount: number; page: Array<JsonTimestamps<MembershipRecordRow> & { n: number }> }
  >(
    Prisma.sql`
      SELECT ${ORGANIZATION_RECORD_COLUMNS}, ${count} AS "totalCount",
             (SELECT coalesce(json_agg(p ORDER BY p.n), '[]'::json)
                FROM (SELECT ${MEMBERSHIP_RECORD_COLUMNS},
                             row_number() OVER (ORDER BY ${order}) AS n
                        FROM organization_memberships m
                        JOIN users u ON u.id = m.user_id
                       WHERE m.organization_id = o.id${extra}
                       ORDER BY ${order}
                       LIMIT ${params.limit}::int OFFSET ${params.offset}::int) p) AS page
        FROM organizations o WHERE ${sqlWhereRef(organizationRef)}`,
  );
  if (!row) throw notFound();
  const { totalCount, page, ...organization } = row;
  return {
    organization,
    // json_agg writes timestamptz as ISO text.
    data: page.map((member) =>
      toMembershipRecord({
        ...member,
        created_at: new Date(member.created_at),
        updated_at: new Date(member.updated_at),
      }),
    ),
    totalCount,
  };
}

export { invitationRecordSelect, type InvitationRecord } from "./invitations/sql";

/** A pending invitation past its expiry reads as expired, as everywhere else. */
function withStatus(row: InvitationRecordRow, now = new Date()): InvitationRecord {
  return { ...row, status: row.status === "pending" && row.expiresAt <= now ? "expired" : row.status };
}

export async function getInvitationRecord(
  db: Db,
  organizationId: string,
  invitationId: string,
): Promise<InvitationRecord> {
  if (!isLookupKey(invitationId)) throw notFound("invitation");
  const row = await db.one<InvitationRecordRow>(Prisma.sql`
    SELECT ${INVITATION_RECORD_COLUMNS} FROM organization_invitations i
     WHERE i.id = ${invitationId} AND i.organization_id = ${organizationId}`);
  if (!row) throw notFound("invitation");
  return withStatus(row);
}

export async function getInvitationRecords(db: Db, ids: string[]): Promise<InvitationRecord[]> {
  const rows = await db.rows<InvitationRecordRow>(
    Prisma.sql`SELECT ${INVITATION_RECORD_COLUMNS} FROM organization_invitations i WHERE i.id = ANY(${ids}::text[])`,
  );
  const byId = new Map(rows.map((row) => [row.id, withStatus(row)]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

export async function listInvitationRecords(
  db: Db,
  organizationId: string,
  params: Page & { statuses?: InvitationStatusValue[] },
): Promise<{ data: InvitationRecord[]; totalCount: number }> {
  const now = new Date();
  const wanted = new Set<InvitationStatusValue>(
    params.statuses?.length ? params.statuses : ["pending", "accepted", "revoked", "expired"],
  );
  const where = Prisma.sql`i.organization_id = ${organizationId} AND ${statusFilter(wanted, now)}`;
  const [rows, counted] = await Promise.all([
    db.rows<InvitationRecordRow>(Prisma.sql`
      SELECT ${INVITATION_RECORD_COLUMNS} FROM organization_invitations i
       WHERE ${where}
       ORDER BY i.created_at DESC, i.id ASC
       LIMIT ${params.limit}::int OFFSET ${params.offset}::int`),
    db.one<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM organization_invitations i WHERE ${where}`),
  ]);
  return { data: rows.map((row) => withStatus(row, now)), totalCount: counted?.n ?? 0 };
}

export async function getUserRecord(db: Db, id: string): Promise<InstanceUserRow> {
  if (!isLookupKey(id)) throw notFound("user");
  // GET /v1/users/{id}: one prepared statement on the pool.
  const user = await db.one<InstanceUserRow>(
    Prisma.sql`SELECT ${INSTANCE_USER_COLUMNS} FROM users u WHERE u.id = ${id}`,
  );
  if (!user) throw notFound("user");
  return user;
}

export type UserFilters = {
  emails?: string[];
  userIds?: string[];
  externalIds?: string[];
  query?: string;
  emailQuery?: string;
  nameQuery?: string;
  organizationIds?: string[];
  createdBefore?: Date;
  createdAfter?: Date;
  /** A filter on something no user has here (phone numbers, usernames, wallets): nobody matches. */
  none?: boolean;
};

function userWhere(filters: UserFilters): Prisma.Sql {
  if (filters.none) return Prisma.sql`FALSE`;
  const conditions: Prisma.Sql[] = [];
  if (filters.createdBefore) conditions.push(Prisma.sql`u.created_at < ${filters.createdBefore}`);
  if (filters.createdAfter) conditions.push(Prisma.sql`u.created_at > ${filters.createdAfter}`);
  if (filters.emailQuery) conditions.push(ilikeContains("u.email", filters.emailQuery));
  if (filters.nameQuery) conditions.push(ilikeContains("u.name", filters.nameQuery));
  // An exact list of addresses takes the place of an email search (as the filters merged before).
  if (filters.emails?.length) {
    if (filters.emailQuery) conditions.splice(conditions.length - (filters.nameQuery ? 2 : 1), 1);
    conditions.push(Prisma.sql`u.email = ANY(${filters.emails.map((email) => email.trim().toLowerCase())}::text[])`);
  }
  if (filters.userIds?.length) conditions.push(Prisma.sql`u.id = ANY(${filters.userIds}::text[])`);
  if (filters.externalIds?.length) conditions.push(Prisma.sql`u.external_id = ANY(${filters.externalIds}::text[])`);
  if (filters.organizationIds?.length)
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM organization_memberships m WHERE m.user_id = u.id AND m.organization_id = ANY(${filters.organizationIds}::text[]))`,
    );
  if (filters.query) {
    conditions.push(
      Prisma.sql`(${ilikeContains("u.name", filters.query)} OR ${ilikeContains("u.email", filters.query)} OR u.id = ${filters.query})`,
    );
  }
  return conditions.length > 0 ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;
}

/** Clerk's user orders; those on things not kept here (phone numbers, usernames, wallets, sign-in times) fall back to creation or update time. */
export const USER_ORDERS = [
  "created_at",
  "updated_at",
  "email_address",
  "web3wallet",
  "first_name",
  "last_name",
  "phone_number",
  "username",
  "last_active_at",
  "last_sign_in_at",
] as const;

export function listUserRecords(
  db: Db,
  params: Page & UserFilters & { orderBy: { field: (typeof USER_ORDERS)[number]; direction: Direction } },
): Promise<InstanceUserRow[]> {
  const { field, direction } = params.orderBy;
  const dir = direction === "desc" ? "DESC" : "ASC";
  // Only whitelisted columns and directions reach the SQL text.
  const order = Prisma.raw(
    field === "email_address"
      ? `u.email ${dir}`
      : field === "first_name"
        ? `u.first_name ${dir} NULLS LAST, u.name ${dir}, u.id ASC`
        : field === "last_name"
          ? `u.last_name ${dir} NULLS LAST, u.name ${dir}, u.id ASC`
          : field === "updated_at" || field === "last_active_at" || field === "last_sign_in_at"
            ? `u.updated_at ${dir}, u.id ASC`
            : `u.created_at ${dir}, u.id ASC`,
  );
  return db.rows<InstanceUserRow>(Prisma.sql`
    SELECT ${INSTANCE_USER_COLUMNS} FROM users u
     WHERE ${userWhere(params)}
     ORDER BY ${order}
     LIMIT ${params.limit}::int OFFSET ${params.offset}::int`);
}

export async function countUserRecords(db: Db, filters: UserFilters): Promise<number> {
  const row = await db.one<{ n: number }>(
    Prisma.sql`SELECT count(*)::int AS n FROM users u WHERE ${userWhere(filters)}`,
  );
  return row?.n ?? 0;
}
