// Metadata the application keeps on organizations and memberships: "merge"
// deep-merges (a null value deletes a key), "replace" overwrites each field
// sent. Read, merged and written under the organization's lock.
import type { Db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { metadataUpdateSchema } from "../../validation/organizations";
import { isLookupKey } from "../../validation/text";
import { lockAsMember, requirePermission } from "../access";
import { membershipEvent, organizationEvent, organizationPayload } from "../event-payloads";
import { invalidParam, notFound, parseInput } from "../errors";
import { ORGANIZATION_DTO_COLUMNS, toOrganizationDto, type OrganizationDto, type OrganizationDtoRow } from "./sql";

const METADATA_MAX_CHARS = 8192;

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
  const sent = parseInput(metadataUpdateSchema, input);
  return db.transaction(async (tx) => {
    const { organizationId, role } = await lockAsMember(tx, actorId, ref);
    requirePermission(role, "org:update");
    const current = await tx.one<MetadataRow>(
      Prisma.sql`SELECT public_metadata, private_metadata FROM organizations WHERE id = ${organizationId}`,
    );
    const next = applyMetadata(fromMetadataRow(current!), sent, mode);
    const before = await organizationPayload(tx, organizationId);
    const row = await tx.one<OrganizationDtoRow>(Prisma.sql`
      UPDATE organizations o SET ${metadataAssignments(next)}, updated_at = now()
       WHERE o.id = ${organizationId}
      RETURNING ${ORGANIZATION_DTO_COLUMNS}`);
    await organizationEvent(tx, actorId, "organization.updated", organizationId, before);
    return toOrganizationDto(row!);
  });
}

type MetadataRow = { public_metadata: Prisma.JsonValue; private_metadata: Prisma.JsonValue };

function fromMetadataRow(row: MetadataRow): MetadataDto {
  return { publicMetadata: row.public_metadata, privateMetadata: row.private_metadata };
}

/** SET clauses for the metadata columns (of a table the statement names `o` or `m`): a field not sent keeps its value. */
function metadataAssignments(next: {
  publicMetadata?: Prisma.InputJsonObject;
  privateMetadata?: Prisma.InputJsonObject;
}) {
  const value = (json: Prisma.InputJsonObject | undefined) => (json === undefined ? null : JSON.stringify(json));
  return Prisma.sql`public_metadata = COALESCE(${value(next.publicMetadata)}::jsonb, public_metadata),
                    private_metadata = COALESCE(${value(next.privateMetadata)}::jsonb, private_metadata)`;
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
    const next = mode === "replace" ? (sent ?? {}) : deepMerge(asObject(current[key]), sent ?? {});
    // The 8 KB the schema allows a patch holds for what a merge leaves too,
    // or repeated merges of new keys would grow it without end.
    if (JSON.stringify(next).length > METADATA_MAX_CHARS) {
      throw invalidParam(
        key === "publicMetadata" ? "public_metadata" : "private_metadata",
        "Keep metadata under 8 KB: the merged result would be larger.",
      );
    }
    out[key] = next;
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
    else if (isPlainObject(value) && isPlainObject(out[key]))
      out[key] = deepMerge(out[key] as Record<string, unknown>, value);
    else out[key] = value;
  }
  return out as Prisma.InputJsonObject;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Membership metadata, merged like an organization's, under the organization's lock. */
export async function updateMembershipMetadata(
  db: Db,
  actorId: string,
  ref: string,
  userId: string,
  input: unknown,
): Promise<void> {
  const sent = parseInput(metadataUpdateSchema, input);
  if (!isLookupKey(userId)) throw notFound("member");
  await db.transaction(async (tx) => {
    const actor = await lockAsMember(tx, actorId, ref);
    requirePermission(actor.role, "org:members:manage");
    const target = await tx.one<MetadataRow & { id: string }>(Prisma.sql`
      SELECT id, public_metadata, private_metadata FROM organization_memberships
       WHERE organization_id = ${actor.organizationId} AND user_id = ${userId}`);
    if (!target) throw notFound("member");
    const next = applyMetadata(fromMetadataRow(target), sent, "merge");
    await tx.execute(Prisma.sql`
      UPDATE organization_memberships m SET ${metadataAssignments(next)}, updated_at = now() WHERE m.id = ${target.id}`);
    const previous = {
      public_metadata: target.public_metadata ?? {},
      private_metadata: target.private_metadata ?? {},
    };
    await membershipEvent(tx, actorId, "organizationMembership.updated", actor.organizationId, userId, previous);
  });
}
