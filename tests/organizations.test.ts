import { afterAll, describe, expect, it } from "vitest";
import { prisma, db } from "@/lib/db";
import { changeMemberRole, leaveOrganization, listMembers, removeMember } from "@/lib/domain/memberships/memberships";
import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  listMyOrganizations,
  updateOrganization,
} from "@/lib/domain/organizations/organizations";
import { slugify } from "@/lib/validation/organizations";
import { makeAdminAndMember, makeOrganization, makeUser, snapshot } from "./support/orgs";

afterAll(() => prisma.$disconnect());

describe("creating organizations", () => {
  it("makes the creator its admin, with a slug derived from the name", async () => {
    const ada = await makeUser(prisma, "ada");
    const name = `Acme Ünïcode & Co ${Date.now()}`;
    const org = await createOrganization(db, ada.id, { name });
    expect(org).toMatchObject({
      name,
      slug: slugify(name),
      role: { key: "org:admin" },
      membersCount: 1,
      createdById: ada.id,
    });
    expect(org.id).toMatch(/^org_[0-9a-f]{32}$/);
    expect(org.slug).toMatch(/^acme-unicode-co-\d+$/);
    const mine = await listMyOrganizations(db, ada.id);
    expect(mine.map((o) => [o.slug, o.role.key])).toEqual([[org.slug, "org:admin"]]);
  });

  it("gives a taken derived slug a suffix, and refuses a taken chosen slug", async () => {
    const ada = await makeUser(prisma, "ada");
    const name = `Same Name ${Date.now()}`;
    const first = await createOrganization(db, ada.id, { name });
    const second = await createOrganization(db, ada.id, { name });
    expect(second.slug).not.toBe(first.slug);
    expect(second.slug.startsWith(first.slug)).toBe(true);
    await expect(createOrganization(db, ada.id, { name: "Other", slug: first.slug })).rejects.toMatchObject({
      code: "organization_slug_taken",
      meta: { paramName: "slug" },
    });
  });

  it.each([
    [{ name: "" }, "name"],
    [{ name: "x".repeat(101) }, "name"],
    [{ name: "Ok", slug: "Has Spaces" }, "slug"],
    [{ name: "Ok", slug: "under_score" }, "slug"],
    [{ name: "Ok", slug: "-edge" }, "slug"],
    [{ name: "Ok", slug: "new" }, "slug"],
  ])("refuses invalid input %o naming the field", async (input, field) => {
    const ada = await makeUser(prisma, "ada");
    await expect(createOrganization(db, ada.id, input)).rejects.toMatchObject({
      code: "form_param_format_invalid",
      meta: { paramName: field },
    });
    expect(await listMyOrganizations(db, ada.id)).toEqual([]);
  });
});

describe("reading", () => {
  it("every member sees the organization and the roster; outsiders get not found", async () => {
    const { admin, member, org } = await makeAdminAndMember(prisma, { admin: "a", member: "b" });
    const outsider = await makeUser(prisma, "c");
    for (const reader of [admin, member]) {
      expect((await getOrganization(db, reader.id, org.slug)).id).toBe(org.id);
      expect((await getOrganization(db, reader.id, org.id)).slug).toBe(org.slug);
      const page = await listMembers(db, reader.id, org.slug);
      expect(page.totalCount).toBe(2);
      expect(page.data.map((m) => m.email).sort()).toEqual([admin.email, member.email].sort());
    }
    await expect(getOrganization(db, outsider.id, org.slug)).rejects.toMatchObject({ code: "resource_not_found" });
    await expect(getOrganization(db, outsider.id, "no-such-org")).rejects.toMatchObject({ code: "resource_not_found" });
    // Same message whether it exists or not.
    const a = await getOrganization(db, outsider.id, org.slug).catch((e: Error) => e.message);
    const b = await getOrganization(db, outsider.id, "no-such-org").catch((e: Error) => e.message);
    expect(a).toBe(b);
  });

  it("paginates, searches by name or email, and sorts the roster", async () => {
    const admin = await makeUser(prisma, "boss");
    const people = [];
    for (let i = 0; i < 25; i++) people.push(await makeUser(prisma, `p${String(i).padStart(2, "0")}`));
    const org = await makeOrganization(prisma, [
      [admin, "admin"],
      ...people.map((p) => [p, "basic_member"] as [typeof p, "basic_member"]),
    ]);

    const page1 = await listMembers(db, admin.id, org.slug, { pageSize: 10, sort: "name" });
    const page3 = await listMembers(db, admin.id, org.slug, { pageSize: 10, sort: "name", page: 3 });
    expect(page1).toMatchObject({ totalCount: 26, pageCount: 3, page: 1 });
    expect(page1.data).toHaveLength(10);
    expect(page3.data).toHaveLength(6);
    const names = page1.data.map((m) => m.name);
    expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : 1)));

    const byEmail = await listMembers(db, admin.id, org.slug, { query: people[7]!.email.toUpperCase() });
    expect(byEmail.data.map((m) => m.userId)).toEqual([people[7]!.id]);
    const byName = await listMembers(db, admin.id, org.slug, { query: "P1" });
    expect(byName.totalCount).toBe(10);
    // LIKE wildcards in a search match themselves.
    expect((await listMembers(db, admin.id, org.slug, { query: "%" })).totalCount).toBe(0);
    expect((await listMembers(db, admin.id, org.slug, { query: "_" })).totalCount).toBe(0);
    const roles = await listMembers(db, admin.id, org.slug, { sort: "role", pageSize: 1 });
    expect(roles.data[0]?.role).toBe("org:admin");
  });
});

describe("managing", () => {
  it("an admin renames the organization and changes its slug; a taken slug is refused", async () => {
    const admin = await makeUser(prisma, "a");
    const org = await makeOrganization(prisma, [[admin, "admin"]]);
    const other = await makeOrganization(prisma, [[admin, "admin"]]);
    const updated = await updateOrganization(db, admin.id, org.slug, { name: "Renamed Inc", slug: `${org.slug}-x` });
    expect(updated).toMatchObject({ name: "Renamed Inc", slug: `${org.slug}-x` });
    const before = await snapshot(prisma, org.id);
    await expect(updateOrganization(db, admin.id, org.id, { slug: other.slug })).rejects.toMatchObject({
      code: "organization_slug_taken",
    });
    expect(await snapshot(prisma, org.id)).toEqual(before);
  });

  it("changes roles and removes members, keeping at least one admin", async () => {
    const { admin, member, org } = await makeAdminAndMember(prisma, { admin: "a", member: "b" });

    await expect(changeMemberRole(db, admin.id, org.slug, admin.id, "basic_member")).rejects.toMatchObject({
      code: "organization_minimum_permissions_needed",
    });
    await expect(removeMember(db, admin.id, org.slug, admin.id)).rejects.toMatchObject({
      code: "organization_minimum_permissions_needed",
    });
    await expect(leaveOrganization(db, admin.id, org.slug)).rejects.toMatchObject({
      code: "organization_minimum_permissions_needed",
    });

    expect((await changeMemberRole(db, admin.id, org.slug, member.id, "admin")).role).toBe("org:admin");
    expect((await changeMemberRole(db, admin.id, org.slug, admin.id, "basic_member")).role).toBe("org:member");
    await expect(changeMemberRole(db, member.id, org.slug, member.id, "owner")).rejects.toMatchObject({
      code: "form_param_format_invalid",
      meta: { paramName: "role" },
    });
    await removeMember(db, member.id, org.slug, admin.id);
    expect((await listMembers(db, member.id, org.slug)).data.map((m) => [m.userId, m.role])).toEqual([
      [member.id, "org:admin"],
    ]);
    await expect(removeMember(db, member.id, org.slug, admin.id)).rejects.toMatchObject({ code: "resource_not_found" });
  });

  it("a member leaves; an admin deletes the organization and its memberships", async () => {
    const { admin, member, org } = await makeAdminAndMember(prisma, { admin: "a", member: "b" });
    await leaveOrganization(db, member.id, org.slug);
    expect(await listMyOrganizations(db, member.id)).toEqual([]);
    await deleteOrganization(db, admin.id, org.slug);
    expect(await prisma.organization.findUnique({ where: { id: org.id } })).toBeNull();
    expect(await prisma.membership.count({ where: { organizationId: org.id } })).toBe(0);
  });
});
