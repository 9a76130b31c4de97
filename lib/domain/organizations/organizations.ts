// Organizations: create, read, rename, delete. Every operation takes the
// acting user's id (or INSTANCE, for the REST API's secret key) and enforces
// its own rules inside a transaction, whoever calls it. Memberships are in
// ../memberships, metadata in ./metadata.ts, the shared checks in ../access.ts.
import { readRows, type Db } from "../../db";
import type { Prisma } from "../../generated/prisma/client";
import {
  createOrganizationSchema,
  instanceOrganizationSchema,
  instanceUpdateOrganizationSchema,
  slugify,
  updateOrganizationSchema,
} from "../../validation/organizations";
import { numberSetting } from "../../settings";
import { INSTANCE, lockAsMember, requirePermission, whereRef } from "../access";
import { DomainError, invalidInput, isUniqueViolation, notFound } from "../errors";
import {
  asMyOrganization,
  myOrganizationsSql,
  organizationSelect,
  toMyOrganization,
  type MyOrganizationDto,
  type MyOrganizationRow,
  type OrganizationDto,
} from "./sql";

export type { MyOrganizationDto, OrganizationDto } from "./sql";

export const MAX_ORGANIZATIONS_PER_USER = numberSetting("MAX_ORGANIZATIONS_PER_USER", 100);

export async function createOrganization(db: Db, actorId: string, input: unknown): Promise<MyOrganizationDto> {
  const parsed = createOrganizationSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const organization = await insertOrganization(db, actorId, parsed.data);
  return asMyOrganization({ ...organization, role: "admin", membersCount: 1 });
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
          const actor = await tx.$queryRaw<
            Array<{ id: string }>
          >`SELECT id FROM users WHERE id = ${creatorId} FOR UPDATE`;
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

/** The actor's organizations with their role and member counts, in one statement (it runs on every page). */
export async function listMyOrganizations(db: Db, actorId: string): Promise<MyOrganizationDto[]> {
  const rows = await readRows<MyOrganizationRow>(db, myOrganizationsSql(actorId));
  return rows.map(toMyOrganization);
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
  return asMyOrganization({ ...membership.organization, role: membership.role });
}

export async function updateOrganization(
  db: Db,
  actorId: string,
  ref: string,
  input: unknown,
): Promise<OrganizationDto> {
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
      const { adminDeleteEnabled } = await tx.organization.findUniqueOrThrow({
        where: { id: organizationId },
        select: { adminDeleteEnabled: true },
      });
      if (!adminDeleteEnabled) {
        throw new DomainError(
          "missing_organization_permission",
          "Deleting this organization is turned off for its admins.",
          {
            permission: "org:delete",
          },
        );
      }
    }
    return tx.organization.delete({ where: { id: organizationId }, select: { id: true, slug: true } });
  });
}
