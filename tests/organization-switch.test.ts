// Where the organization switcher goes: the same page in the other
// organization when its member may open it, else that organization's overview.
import { describe, expect, it } from "vitest";
import { SYSTEM_PERMISSIONS, type Grant } from "@/lib/authz";
import { organizationSubPage, switchTarget } from "@/lib/organization-switch";

/** org:admin holds every system permission. */
const ADMIN: Grant = { key: "org:admin", permissions: SYSTEM_PERMISSIONS };
const MEMBER: Grant = { key: "org:member", permissions: ["org:sys_memberships:read"] };
/** A custom role without org:sys_memberships:read. */
const GUEST: Grant = { key: "org:guest", permissions: [] };

describe("switching organizations", () => {
  it("reads the page of the current organization from the path", () => {
    expect(organizationSubPage("/orgs/acme", "acme")).toBe("");
    expect(organizationSubPage("/orgs/acme/", "acme")).toBe("");
    expect(organizationSubPage("/orgs/acme/settings/members", "acme")).toBe("/settings/members");
    expect(organizationSubPage("/orgs/acme-two/settings", "acme")).toBeNull();
    expect(organizationSubPage("/account", "acme")).toBeNull();
  });

  it("keeps the page (members -> members, settings -> settings) for any member who may open it", () => {
    for (const role of [ADMIN, MEMBER]) {
      expect(switchTarget({ slug: "beta", role }, "/settings/members")).toBe("/orgs/beta/settings/members");
      expect(switchTarget({ slug: "beta", role }, "/settings")).toBe("/orgs/beta/settings");
      expect(switchTarget({ slug: "beta", role }, "")).toBe("/orgs/beta");
      expect(switchTarget({ slug: "beta", role }, "/settings/roles")).toBe("/orgs/beta/settings/roles");
    }
  });

  it("goes to the overview when the member's role may not open the page there", () => {
    expect(switchTarget({ slug: "beta", role: GUEST }, "/settings/members")).toBe("/orgs/beta");
    expect(switchTarget({ slug: "beta", role: GUEST }, "/settings/roles")).toBe("/orgs/beta");
    expect(switchTarget({ slug: "beta", role: GUEST }, "/settings")).toBe("/orgs/beta/settings");
  });

  it("falls back to the overview from a page it does not know, or from outside an organization", () => {
    expect(switchTarget({ slug: "beta", role: ADMIN }, "/settings/billing")).toBe("/orgs/beta");
    expect(switchTarget({ slug: "beta", role: ADMIN }, "/../../evil")).toBe("/orgs/beta");
    expect(switchTarget({ slug: "beta", role: MEMBER }, null)).toBe("/orgs/beta");
  });
});
