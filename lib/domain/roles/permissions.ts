// Permissions, the instance's (the REST API's secret key manages them): org:<feature>:<action>.
// System permissions (org:sys_*) are seeded and cannot be changed or deleted; deleting a custom
// one takes it from every role that had it. See docs/roles-and-permissions.md.
import { z } from "zod";
import type { Db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { DomainError, notFound, parseInput } from "../errors";
import { PERMISSION_COLUMNS, toPermission, type PermissionDto, type PermissionRow } from "./sql";
import { permissionJson } from "../../api/serialize";
import {
  catalogEvent,
  changed,
  descriptionSchema,
  inRolesLock,
  inRolesLockSettingKey,
  keyTaken,
  listPage,
  nameSchema,
  RESERVED_PREFIX,
  type ListParams,
} from "./shared";

/** Permission keys: org:<feature>:<action>, each part lowercase letters, digits and underscores. */
export const PERMISSION_KEY_PATTERN = /^org:[a-z0-9_]+:[a-z0-9_]+$/;
const permissionKeySchema = z
  .string({ error: "Enter a key." })
  .trim()
  .max(100, "Use at most 100 characters for the key.")
  .regex(
    PERMISSION_KEY_PATTERN,
    "A permission's key has the form org:<feature>:<action> (lowercase letters, digits, underscores).",
  )
  .refine(
    (key) => !key.startsWith(RESERVED_PREFIX),
    "Keys starting with org:sys_ are reserved for system permissions.",
  );
const createPermissionSchema = z.object({
  name: nameSchema,
  key: permissionKeySchema,
  description: descriptionSchema.nullish(),
});
const updatePermissionSchema = z.object({
  name: nameSchema.nullish(),
  key: permissionKeySchema.nullish(),
  description: descriptionSchema.nullish(),
});

export async function listPermissions(
  db: Db,
  params: ListParams,
): Promise<{ data: PermissionDto[]; totalCount: number }> {
  return listPage(db, "p", PERMISSION_COLUMNS, params, toPermission);
}

/** A permission by id (perm_...) or key. */
export async function getPermission(db: Db, ref: string): Promise<PermissionDto> {
  const where = ref.startsWith("perm_") ? Prisma.sql`p.id = ${ref}` : Prisma.sql`p.key = ${ref}`;
  const row = await db.one<PermissionRow>(
    Prisma.sql`SELECT ${PERMISSION_COLUMNS} FROM organization_permissions p WHERE ${where}`,
  );
  if (!row) throw notFound("permission");
  return toPermission(row);
}

function systemPermissionError(permission: PermissionDto): DomainError {
  return new DomainError(
    "organization_system_permission_not_modifiable",
    `${permission.key} is a system permission: it cannot be changed or deleted.`,
  );
}

export async function createPermission(db: Db, input: unknown): Promise<PermissionDto> {
  const { name, key, description } = parseInput(createPermissionSchema, input);
  return inRolesLockSettingKey(db, "permission", key, async (tx) => {
    const created = await tx.one<PermissionRow>(Prisma.sql`
      INSERT INTO organization_permissions (key, name, description) VALUES (${key}, ${name}, ${description ?? ""})
      ON CONFLICT (key) DO NOTHING RETURNING id, key, name, description, system, created_at, updated_at`);
    if (!created) throw keyTaken("permission", key);
    const permission = toPermission(created);
    await catalogEvent(tx, "permission.created", permissionJson(permission));
    return permission;
  });
}

export async function updatePermission(db: Db, ref: string, input: unknown): Promise<PermissionDto> {
  const { name, key, description } = parseInput(updatePermissionSchema, input);
  return inRolesLockSettingKey(db, "permission", key, async (tx) => {
    const before = await getPermission(tx, ref);
    if (before.system) throw systemPermissionError(before);
    if (key && key !== before.key) {
      const taken = await tx.one(Prisma.sql`SELECT 1 FROM organization_permissions WHERE key = ${key}`);
      if (taken) throw keyTaken("permission", key);
    }
    const row = await tx.one<PermissionRow>(Prisma.sql`
      UPDATE organization_permissions
         SET name = coalesce(${name ?? null}::text, name), key = coalesce(${key ?? null}::text, key),
             description = coalesce(${description ?? null}::text, description), updated_at = now()
       WHERE id = ${before.id} RETURNING id, key, name, description, system, created_at, updated_at`);
    const after = toPermission(row!);
    await catalogEvent(
      tx,
      "permission.updated",
      permissionJson(after),
      changed(permissionJson(before), permissionJson(after)),
    );
    return after;
  });
}

/** Deletes a custom permission (taken from every role that had it). */
export async function deletePermission(db: Db, ref: string): Promise<PermissionDto> {
  return inRolesLock(db, async (tx) => {
    const permission = await getPermission(tx, ref);
    if (permission.system) throw systemPermissionError(permission);
    await tx.execute(Prisma.sql`DELETE FROM organization_permissions WHERE id = ${permission.id}`);
    // Clerk's permission.deleted carries the permission as it was (PermissionJSON), like role.deleted.
    await catalogEvent(tx, "permission.deleted", { ...permissionJson(permission), deleted: true });
    return permission;
  });
}
