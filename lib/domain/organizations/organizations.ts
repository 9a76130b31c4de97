// Organizations: create, read, rename, delete. Every operation takes the
// acting user's id (or INSTANCE, for the REST API's secret key) and enforces
// its own rules inside a transaction, whoever calls it. Memberships are in
// ../memberships, metadata in ./metadata.ts, the shared checks in ../access.ts.
import type { Db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import {
  createOrganizationSchema,
  instanceOrganizationSchema,
  instanceUpdateOrganizationSchema,
  slugify,
  updateOrganizationSchema,
} from "../../validation/organizations";
import { numberSetting } from "../../settings";
import { INSTANCE, lockAsMember, requirePermission, sqlWhereRef } from "../access";
import { myInvitationsSql, toMyInvitations, type MyInvitationRow, type MyInvitations } from "../invitations/mine";
import { DomainError, isUniqueViolation, notFound, parseInput } from "../errors";
import {
  insertOrganizationSql,
  myOrganizationSql,
  myOrganizationsSql,
  toMyOrganization,
  toOrganizationDto,
  updateOrganizationSql,
  type OrganizationDtoRow,
  type MyOrganizationDto,
  type MyOrganizationRow,
  type OrganizationDto,
} from "./sql";

import { membershipEvent, organizationDeletedEvent, organizationEvent, organizationPayload } from "../event-payloads";

export type { MyOrganizationDto, OrganizationDto } from "./sql";

export const MAX_ORGANIZATIONS_PER_USER = numberSetting("MAX_ORGANIZATIONS_PER_USER", 100);

export async function createOrganization(db: Db, actorId: string, input: unknown): Promise<MyOrganizationDto> {
  const organization = await insertOrganization(db, actorId, actorId, parseInput(createOrganizationSchema, input));
  // The creator holds the instance's creator role (org:admin unless the operator chose another).
  return getOrganization(db, actorId, organization.id);
}

/**
 * The REST API's creation: createdBy (optional, as in Clerk) becomes the
 * admin, under the same per-user limit; the cap and metadata may be set.
 */
export async function createOrganizationAsInstance(db: Db, input: unknown): Promise<OrganizationDto> {
  const { createdBy, ...rest } = parseInput(instanceOrganizationSchema, input);
  return insertOrganization(db, INSTANCE, createdBy ?? null, rest);
}

async function insertOrganization(
  db: Db,
  actorId: string,
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

  return db.transaction(async (tx) => {
    if (creatorId) {
      // Serializes one user's creations, so the per-user limit holds under concurrent requests.
      const actor = await tx.one<{ id: string }>(Prisma.sql`SELECT id FROM users WHERE id = ${creatorId} FOR UPDATE`);
      if (!actor) throw notFound("user");
      // Counted after the lock (its own statement, so its own snapshot): a creation just committed counts.
      const counted = await tx.one<{ n: number }>(
        Prisma.sql`SELECT count(*)::int AS n FROM organizations WHERE created_by_id = ${creatorId}`,
      );
      if ((counted?.n ?? 0) >= MAX_ORGANIZATIONS_PER_USER) {
        throw new DomainError(
          "organizations_limit_exceeded",
          `You can create at most ${MAX_ORGANIZATIONS_PER_USER} organizations.`,
          { limit: MAX_ORGANIZATIONS_PER_USER },
        );
      }
    }
    // A taken slug inserts nothing (no error, so the transaction goes on with the next candidate).
    for (const slug of candidates) {
      const row = await tx.one<OrganizationDtoRow>(insertOrganizationSql({ name, slug, creatorId, ...extras }));
      if (!row) continue;
      const organization = toOrganizationDto(row);
      await organizationEvent(tx, actorId, "organization.created", organization.id);
      if (creatorId) await membershipEvent(tx, actorId, "organizationMembership.created", organization.id, creatorId);
      return organization;
    }
    throw slugTaken();
  });
}

function slugTaken(): DomainError {
  return new DomainError("organization_slug_taken", "That slug is already taken. Choose another.", {
    paramName: "slug",
    fieldErrors: { slug: "That slug is already taken. Choose another." },
  });
}

/** The actor's organizations with their role and member counts, in one statement (it runs on every page). */
export async function listMyOrganizations(db: Db, actorId: string): Promise<MyOrganizationDto[]> {
  const rows = await db.rows<MyOrganizationRow>(myOrganizationsSql(actorId));
  return rows.map(toMyOrganization);
}

/**
 * listMyOrganizations and listMyInvitations in one statement (every signed-in page shows both,
 * in the header): the invitations ride on each organization row as JSON. With no organization
 * there is no row to carry them: `invitations` is then null and the caller reads them alone.
 */
export async function listMyOrganizationsAndInvitations(
  db: Db,
  actorId: string,
): Promise<{ organizations: MyOrganizationDto[]; invitations: MyInvitations | null }> {
  const rows = await db.rows<MyOrganizationRow & { my_invitations: MyInvitationRow[] }>(
    myOrganizationsSql(
      actorId,
      Prisma.sql`(SELECT json_agg(x) FROM (${myInvitationsSql(actorId)}) x) AS my_invitations`,
    ),
  );
  return {
    organizations: rows.map(toMyOrganization),
    invitations: rows.length > 0 ? toMyInvitations(rows[0]!.my_invitations) : null,
  };
}

/** The organization as one of its members sees it; not found for everyone else. */
export async function getOrganization(db: Db, actorId: string, ref: string): Promise<MyOrganizationDto> {
  const row = await db.one<MyOrganizationRow>(myOrganizationSql(actorId, sqlWhereRef(ref)));
  if (!row) throw notFound();
  return toMyOrganization(row);
}

export async function updateOrganization(
  db: Db,
  actorId: string,
  ref: string,
  input: unknown,
): Promise<OrganizationDto> {
  // The member cap and the admins' delete switch are the operator's (the REST API's), not the admins'.
  const schema = actorId === INSTANCE ? instanceUpdateOrganizationSchema : updateOrganizationSchema;
  const changes = parseInput(schema, input);
  try {
    return await db.transaction(async (tx) => {
      const { organizationId, role } = await lockAsMember(tx, actorId, ref);
      requirePermission(role, "org:update");
      const before = await organizationPayload(tx, organizationId);
      const row = await tx.one<OrganizationDtoRow>(updateOrganizationSql(organizationId, changes));
      await organizationEvent(tx, actorId, "organization.updated", organizationId, before);
      return toOrganizationDto(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

export async function deleteOrganization(db: Db, actorId: string, ref: string): Promise<{ id: string; slug: string }> {
  return db.transaction(async (tx) => {
    const { organizationId, role } = await lockAsMember(tx, actorId, ref);
    requirePermission(role, "org:delete");
    if (actorId !== INSTANCE) {
      const organization = await tx.one<{ admin_delete_enabled: boolean }>(
        Prisma.sql`SELECT admin_delete_enabled FROM organizations WHERE id = ${organizationId}`,
      );
      if (!organization?.admin_delete_enabled) {
        throw new DomainError(
          "missing_organization_permission",
          "Deleting this organization is turned off for its admins.",
          {
            permission: "org:delete",
          },
        );
      }
    }
    const deleted = await tx.one<{ id: string; slug: string }>(
      Prisma.sql`DELETE FROM organizations WHERE id = ${organizationId} RETURNING id, slug`,
    );
    await organizationDeletedEvent(tx, actorId, deleted!);
    return deleted!;
  });
}
