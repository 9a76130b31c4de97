// The one table of roles and what they may do. Server checks (lib/domain) and
// the UI's show/hide both read it; nothing else decides who may do what.
export const ROLES = ["admin", "basic_member"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "org:read", // the organization's name, slug and logo
  "org:members:read", // the member list
  "org:update", // name, slug, logo
  "org:delete",
  "org:members:manage", // change roles, remove members
  "org:invitations:manage", // invite, revoke, resend, see pending invitations
  "org:leave",
  "org:activity:read", // the audit log (events of the organization)
  "org:sys_domains:read", // the verified domains and the membership requests they bring
  "org:sys_domains:manage", // add, verify, set the enrollment mode of, delete domains; accept or reject requests
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const TABLE: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  basic_member: ["org:read", "org:members:read", "org:leave"],
};

export const ROLE_LABELS: Record<Role, string> = { admin: "Admin", basic_member: "Member" };

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role ? TABLE[role].includes(permission) : false;
}
