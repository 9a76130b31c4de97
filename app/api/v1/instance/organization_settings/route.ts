import { getRole, updateRoleSettings, type RoleSettings } from "@/lib/domain/roles/roles";
import { MAX_MEMBERSHIPS_PER_ORGANIZATION } from "@/lib/domain/access";
import { json, methodNotAllowed } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";

/** Clerk's OrganizationSettings, as far as this instance has them (the roles: creator and default). */
function settingsJson(settings: RoleSettings) {
  return {
    object: "organization_settings",
    enabled: true,
    max_allowed_memberships: MAX_MEMBERSHIPS_PER_ORGANIZATION,
    max_allowed_roles: 0,
    max_allowed_permissions: 0,
    creator_role: settings.creatorRole,
    admin_delete_enabled: true,
    domains_enabled: false,
    slug_disabled: false,
    domains_enrollment_modes: [],
    domains_default_role: settings.defaultRole,
    // Not Clerk's: the role invitations get when none is named.
    default_role: settings.defaultRole,
  };
}

/**
 * Clerk's PATCH /v1/instance/organization_settings for the roles: creator_role_id (a role holding
 * org:sys_memberships:manage, else 422 organization_missing_creator_role_permissions) and, ours,
 * default_role_id (the role of invitations that name none). Other settings are not stored here.
 */
export const PATCH = writeRoute(async (tx, body) => {
  const creator = typeof body.creatorRoleId === "string" ? (await getRole(tx, body.creatorRoleId)).key : null;
  const fallback = typeof body.defaultRoleId === "string" ? (await getRole(tx, body.defaultRoleId)).key : null;
  return json(settingsJson(await updateRoleSettings(tx, { creatorRole: creator, defaultRole: fallback })));
});

export const GET = methodNotAllowed(["PATCH"]);
export const POST = GET;
export const PUT = GET;
export const DELETE = GET;
