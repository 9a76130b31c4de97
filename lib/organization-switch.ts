import { can, type Grant, type Permission } from "./authz";

/**
 * The pages of an organization that switching organizations keeps (members ->
 * members), and what a member needs to open each. Any other page, or one the
 * member of the other organization may not open, falls back to that
 * organization's overview.
 */
const KEPT_SUB_PAGES: Record<string, Permission> = {
  "": "org:read",
  "/settings": "org:read",
  "/settings/members": "org:members:read",
  "/settings/roles": "org:sys_memberships:read",
  "/settings/domains": "org:sys_domains:read",
};

/** The part of `pathname` after /orgs/<slug> when it is that organization's page ("" for its overview), else null. */
export function organizationSubPage(pathname: string, slug: string): string | null {
  const prefix = `/orgs/${slug}`;
  if (pathname !== prefix && !pathname.startsWith(`${prefix}/`)) return null;
  return pathname.slice(prefix.length).replace(/\/+$/, "");
}

/** Where choosing `organization` in the switcher goes from `subPage` (see organizationSubPage; null: not on an organization's page). */
export function switchTarget(organization: { slug: string; role: Grant }, subPage: string | null): string {
  const permission = subPage === null ? undefined : KEPT_SUB_PAGES[subPage];
  const kept = subPage !== null && permission && can(organization.role, permission) ? subPage : "";
  return `/orgs/${organization.slug}${kept}`;
}
