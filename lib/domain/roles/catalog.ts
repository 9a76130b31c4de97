// The instance's roles as the pages show them (the members page's role select,
// role names beside members and invitations, the roles page), cached per
// process. Every change to roles or permissions bumps
// organization_role_settings.version in its transaction; a process checks the
// version at most once a second (one small statement, which reloads the
// roles only when the version moved), so a change shows everywhere within a
// second without a statement per request. Decisions never read this cache:
// "may this member do this" uses the permissions read with the member's own
// membership (lib/authz.ts).
import type { Db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { normalizeRoleKey, roleLabel, type RoleKey } from "../../authz";
import { ROLE_COLUMNS, SEEDED_FIRST, toRole, type RoleDto, type RoleRow } from "./sql";

export type RoleCatalog = {
  version: string;
  /** Every role: org:admin, org:member, then the instance's own by name. */
  roles: RoleDto[];
  creatorRole: RoleKey;
  defaultRole: RoleKey;
};

/** How long a process trusts its copy before asking the database for the version again. */
export const ROLE_CATALOG_TTL_MS = 1000;

type Cache = { catalog: RoleCatalog | null; checkedAt: number; pending: Promise<RoleCatalog> | null };
// One per process (Next.js bundles this module into several server chunks).
const cache = ((globalThis as unknown as { orgsRoleCatalog?: Cache }).orgsRoleCatalog ??= {
  catalog: null,
  checkedAt: 0,
  pending: null,
});

async function load(db: Db, known: RoleCatalog | null): Promise<RoleCatalog> {
  const row = await db.one<{ version: string; creator_role: string; default_role: string; roles: RoleRow[] | null }>(
    Prisma.sql`
    SELECT s.version::text AS version, s.creator_role, s.default_role,
           CASE WHEN s.version::text = ${known?.version ?? ""} THEN NULL
                ELSE (SELECT coalesce(json_agg(x ORDER BY ${SEEDED_FIRST}), '[]'::json)
                        FROM (SELECT ${ROLE_COLUMNS} FROM organization_roles r) x) END AS roles
      FROM organization_role_settings s WHERE s.id`,
  );
  if (!row) throw new Error("organization_role_settings has no row: run the migrations.");
  const roles = row.roles ? row.roles.map(toRole) : (known?.roles ?? []);
  return { version: row.version, roles, creatorRole: row.creator_role, defaultRole: row.default_role };
}

/** The instance's roles, at most a second old. */
export async function roleCatalog(db: Db): Promise<RoleCatalog> {
  if (cache.catalog && Date.now() - cache.checkedAt < ROLE_CATALOG_TTL_MS) return cache.catalog;
  cache.pending ??= load(db, cache.catalog)
    .then((catalog) => {
      cache.catalog = catalog;
      cache.checkedAt = Date.now();
      return catalog;
    })
    .finally(() => {
      cache.pending = null;
    });
  return cache.pending;
}

/** Forgets this process's copy (tests, and the process that changed the roles: it sees its own change at once). */
export function forgetRoleCatalog(): void {
  cache.checkedAt = 0;
}

/** A role's name in the catalog, else a label from its key. */
export function roleNameIn(catalog: RoleCatalog, key: string): string {
  const normalized = normalizeRoleKey(key);
  return catalog.roles.find((role) => role.key === normalized)?.name ?? roleLabel(normalized);
}
