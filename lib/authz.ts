// The one place that answers "may this member do this". Roles are made of
// permissions (docs/roles-and-permissions.md): the instance defines them in the
// database (organization_roles, organization_permissions), and every read of a
// member's own membership carries the permission keys of its role, read in the
// same statement (organization_roles.permission_keys, kept by triggers): a check never
// costs a round trip of its own, and a check made under the organization's lock
// sees the permissions as they are at that moment (an operator's change to a
// role counts at once, which the at-least-one-manager rule needs). Server
// checks (lib/domain) and the UI's show/hide both call `can`.

/** A role's key, e.g. org:admin, org:member, org:billing_manager. */
export type RoleKey = string;
/** @deprecated A role key: `RoleKey`. */
export type Role = RoleKey;

/** The two seeded roles. */
export const ADMIN_ROLE = "org:admin";
export const MEMBER_ROLE = "org:member";

/** The spellings of the seeded roles from before custom roles (and Clerk's instances before Dec 2023). */
const LEGACY_KEYS: Record<string, RoleKey> = { admin: ADMIN_ROLE, basic_member: MEMBER_ROLE };

/** A role key as stored: admin and basic_member are spellings of org:admin and org:member; anything else as given. */
export function normalizeRoleKey(value: string): RoleKey {
  return LEGACY_KEYS[value] ?? value;
}

/** The permissions our own pages and rules know (seeded, held by org:admin; they cannot be changed or deleted). */
export const SYSTEM_PERMISSIONS = [
  "org:sys_profile:manage", // name, slug, logo, metadata
  "org:sys_profile:delete", // delete the organization
  "org:sys_memberships:read", // the member list, the roles page
  "org:sys_memberships:manage", // invitations, role changes, removals, the activity log
  "org:sys_domains:read",
  "org:sys_domains:manage",
] as const;
export type SystemPermission = (typeof SYSTEM_PERMISSIONS)[number];

/** The permission every organization keeps with at least one member (docs/roles-and-permissions.md). */
export const MANAGE_MEMBERS: SystemPermission = "org:sys_memberships:manage";

/**
 * The names the code used before permissions came from the database, each
 * answered by a system permission (or by membership itself: null).
 */
const ALIASES = {
  "org:read": null, // the organization's name, slug and logo: every member
  "org:leave": null, // every member may leave (the last manager excepted, a rule of its own)
  "org:members:read": "org:sys_memberships:read",
  "org:update": "org:sys_profile:manage",
  "org:delete": "org:sys_profile:delete",
  "org:members:manage": "org:sys_memberships:manage",
  "org:invitations:manage": "org:sys_memberships:manage",
  "org:activity:read": "org:sys_memberships:manage",
} as const satisfies Record<string, SystemPermission | null>;

export type Permission = SystemPermission | keyof typeof ALIASES;
export const PERMISSIONS = [...SYSTEM_PERMISSIONS, ...(Object.keys(ALIASES) as Array<keyof typeof ALIASES>)];

/**
 * What a member holds in an organization: their role's key and its
 * permissions, as read with their membership. Only lib/domain makes one
 * (from the database); the REST API's secret key acts with every permission.
 */
export type Grant = { readonly key: RoleKey; readonly name?: string; readonly permissions: readonly string[] };

/** The REST API's secret key: every permission, in every organization. */
export const INSTANCE_GRANT: Grant = Object.freeze({
  key: ADMIN_ROLE,
  name: "Instance",
  permissions: Object.freeze(["*"]),
});

/** May a member holding `grant` do what `permission` names? No grant (not a member): no. */
export function can(grant: Grant | null | undefined, permission: Permission): boolean {
  if (!grant) return false;
  const needed = permission in ALIASES ? ALIASES[permission as keyof typeof ALIASES] : permission;
  if (needed === null) return true;
  return grant.permissions.includes(needed) || grant.permissions.includes("*");
}

/** The grant of a membership row read with `role` and `permissions` columns. */
export function grantOf(row: {
  role: string;
  permissions: readonly string[] | null;
  role_name?: string | null;
}): Grant {
  return { key: row.role, name: row.role_name ?? roleLabel(row.role), permissions: row.permissions ?? [] };
}

/** Labels for the seeded roles, for code that has nothing but a key (the names live in the database). */
export const ROLE_LABELS: Record<string, string> = { [ADMIN_ROLE]: "Admin", [MEMBER_ROLE]: "Member" };

/** A role's display name when only its key is known: the seeded labels, else the key without its org: prefix. */
export function roleLabel(key: string | null | undefined): string {
  if (!key) return "a role";
  const normalized = normalizeRoleKey(key);
  return ROLE_LABELS[normalized] ?? normalized.replace(/^org:/, "");
}
