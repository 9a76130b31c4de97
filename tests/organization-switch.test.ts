// Where the organization switcher goes: the same page in the other
// organization when its member may open it, else that organization's overview.
import { describe, expect, it } from "vitest";
import { organizationSubPage, switchTarget } from "@/lib/organization-switch";

describe("switching organizations", () => {
  it("reads the page of the current organization from the path", () => {
    expect(organizationSubPage("/orgs/acme", "acme")).toBe("");
    expect(organizationSubPage("/orgs/acme/", "acme")).toBe("");
    expect(organizationSubPage("/orgs/acme/settings/members", "acme")).toBe("/settings/members");
    expect(organizationSubPage("/orgs/acme-two/settings", "acme")).toBeNull();
    expect(organizationSubPage("/account", "acme")).toBeNull();
  });

  it("keeps the page (members -> members, settings -> settings) for any member who may open it", () => {
    for (const role of ["admin", "basic_member"] as const) {
      expect(switchTarget({ slug: "beta", role }, "/settings/members")).toBe("/orgs/beta/settings/members");
      expect(switchTarget({ slug: "beta", role }, "/settings")).toBe("/orgs/beta/settings");
      expect(switchTarget({ slug: "beta", role }, "")).toBe("/orgs/beta");
    }
  });

  it("falls back to the overview from a page it does not know, or from outside an organization", () => {
    expect(switchTarget({ slug: "beta", role: "admin" }, "/settings/billing")).toBe("/orgs/beta");
    expect(switchTarget({ slug: "beta", role: "admin" }, "/../../evil")).toBe("/orgs/beta");
    expect(switchTarget({ slug: "beta", role: "basic_member" }, null)).toBe("/orgs/beta");
  });
});
