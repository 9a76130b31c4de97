// What the roles and the permissions modules share: the name and description rules, list
// paging, the roles lock (and the answer to a key taken meanwhile), and the event every change
// to the catalog records. See docs/roles-and-permissions.md.
import { z } from "zod";
import type { Db, Tx } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { isSingleLineText, isStorableText, singleLineMessage } from "../../validation/text";
import { ilikeContains, ROLES_LOCK_KEY } from "../access";
import { DomainError, isUniqueViolation } from "../errors";
import { recordEvent } from "../events";
import { eventActor } from "../event-payloads";
import { BUMP_ROLES_VERSION } from "./sql";
import { forgetRoleCatalog } from "./catalog";

export const RESERVED_PREFIX = "org:sys_";

export const nameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Use at most 100 characters for the name.")
  .refine(isSingleLineText, singleLineMessage("the name"));
export const descriptionSchema = z
  .string({ error: "Use text for the description." })
  .trim()
  .max(500, "Use at most 500 characters for the description.")
  // Line breaks are fine in a description; a NUL is not storable (PostgreSQL refuses it: a 500 otherwise).
  .refine(isStorableText, "Remove NUL characters and broken surrogates from the description.");
export type ListParams = {
  limit: number;
  offset: number;
  query?: string;
  orderBy: { field: "created_at" | "name" | "key"; direction: "asc" | "desc" };
};

function listFilter(alias: "r" | "p", query: string | undefined): Prisma.Sql {
  if (!query) return Prisma.sql`TRUE`;
  const a = Prisma.raw(alias);
  return Prisma.sql`(${a}.id = ${query} OR ${ilikeContains(`${alias}.name`, query)} OR ${ilikeContains(`${alias}.key`, query)})`;
}

function listOrder(alias: "r" | "p", orderBy: ListParams["orderBy"]): Prisma.Sql {
  const column = { created_at: `${alias}.created_at`, name: `lower(${alias}.name)`, key: `${alias}.key` }[
    orderBy.field
  ];
  // Only whitelisted column names and directions reach the SQL text.
  return Prisma.raw(`${column} ${orderBy.direction === "desc" ? "DESC" : "ASC"}, ${alias}.id`);
}

const LISTED_TABLES = { r: "organization_roles r", p: "organization_permissions p" };

/** One page of roles (`r`) or permissions (`p`) matching the search, and how many match. */
export async function listPage<Row, Dto>(
  db: Db,
  alias: "r" | "p",
  columns: Prisma.Sql,
  params: ListParams,
  toDto: (row: Row) => Dto,
): Promise<{ data: Dto[]; totalCount: number }> {
  const from = Prisma.raw(LISTED_TABLES[alias]);
  const where = listFilter(alias, params.query);
  const [rows, count] = await Promise.all([
    db.rows<Row>(Prisma.sql`SELECT ${columns} FROM ${from} WHERE ${where}
      ORDER BY ${listOrder(alias, params.orderBy)} LIMIT ${params.limit}::int OFFSET ${params.offset}::int`),
    db.one<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`),
  ]);
  return { data: rows.map(toDto), totalCount: count?.n ?? 0 };
}

/**
 * Runs a change to the catalog in a transaction that first takes the roles lock exclusively:
 * every membership change waits, and none is half done.
 */
export function inRolesLock<T>(db: Db, change: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(Prisma.sql`SELECT pg_advisory_xact_lock(${ROLES_LOCK_KEY}::bigint)`);
    return change(tx);
  });
}

/**
 * inRolesLock for a change that may set a role's or permission's key: when the unique index
 * refuses it (another change took the key after this one checked), the answer is keyTaken.
 */
export async function inRolesLockSettingKey<T>(
  db: Db,
  what: "role" | "permission",
  key: string | null | undefined,
  change: (tx: Tx) => Promise<T>,
): Promise<T> {
  try {
    return await inRolesLock(db, change);
  } catch (error) {
    if (isUniqueViolation(error) && key) throw keyTaken(what, key);
    throw error;
  }
}

export function keyTaken(what: "role" | "permission", key: string): DomainError {
  return new DomainError("form_identifier_exists", `There is already a ${what} with the key ${key}.`, {
    paramName: "key",
    fieldErrors: { key: `There is already a ${what} with the key ${key}.` },
  });
}

/** Every change to roles or permissions: bumps the catalog's version, forgets this process's copy, records its event. */
export async function catalogEvent(
  tx: Tx,
  type:
    | "role.created"
    | "role.updated"
    | "role.deleted"
    | "permission.created"
    | "permission.updated"
    | "permission.deleted",
  data: Record<string, unknown>,
  previous?: Record<string, unknown> | null,
) {
  await tx.execute(BUMP_ROLES_VERSION);
  forgetRoleCatalog();
  await recordEvent(tx, { type, actor: eventActor("instance"), data, previous: previous ?? null });
}

/** The fields of a catalog object that a change moved, with their values before (updated_at aside). */
export function changed(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> | null {
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (key === "updated_at") continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) previous[key] = before[key];
  }
  return Object.keys(previous).length ? previous : null;
}
