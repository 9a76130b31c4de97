// What the members page reads beyond the roster itself: the admin count that
// disables the only admin's controls up front (read by the page's own
// statement, not another), each member's picture, and the invite form's
// refusal naming the address it refuses.
import { afterAll, describe, expect, it } from "vitest";
import { db, prisma } from "@/lib/db";
import { createInvitations } from "@/lib/domain/invitations/admin";
import { changeMemberRole, listMembers } from "@/lib/domain/memberships/memberships";
import { uniqueEmail } from "./support/factories";
import { makeAdminAndMember, makeOrganization, makeUser } from "./support/orgs";

afterAll(() => prisma.$disconnect());

describe("the roster's page", () => {
  it("carries the organization's admin count, also for a search that matches nobody", async () => {
    const { admin, member: ben, org } = await makeAdminAndMember(prisma, { admin: "boss", member: "ben" });
    expect((await listMembers(db, admin.id, org.slug)).adminCount).toBe(1);
    expect((await listMembers(db, admin.id, org.slug, { query: "nobody-at-all" })).adminCount).toBe(1);
    await changeMemberRole(db, admin.id, org.slug, ben.id, "admin");
    const page = await listMembers(db, ben.id, org.slug, { pageSize: 1 });
    expect(page.adminCount).toBe(2);
    expect(page.data).toHaveLength(1);
  });

  it("says how many requests to join wait, to those who may see them (the page reads them only then)", async () => {
    const { admin, member, org } = await makeAdminAndMember(prisma, { admin: "domains-admin", member: "plain-member" });
    const asker = await makeUser(prisma, "asker");
    expect((await listMembers(db, admin.id, org.slug)).pendingRequests).toBe(0);
    // Written as the table stores a request (the domain flow that makes one is tested in domains.test.ts).
    await prisma.membershipRequest.create({ data: { organizationId: org.id, userId: asker.id } });
    expect((await listMembers(db, admin.id, org.slug)).pendingRequests).toBe(1);
    expect((await listMembers(db, admin.id, org.slug, { query: "plain-member" })).pendingRequests).toBe(1);
    // org:member holds no org:sys_domains:read: the statement does not count them for it.
    expect((await listMembers(db, member.id, org.slug)).pendingRequests).toBeNull();
  });

  it("gives each member's picture, or null", async () => {
    const { admin, member: plain, org } = await makeAdminAndMember(prisma, { admin: "pictured", member: "plain" });
    await prisma.user.update({ where: { id: admin.id }, data: { image: "https://example.test/a.png" } });
    const images = (await listMembers(db, admin.id, org.slug)).data.map((m) => [m.userId, m.image]);
    expect(images).toEqual(
      expect.arrayContaining([
        [admin.id, "https://example.test/a.png"],
        [plain.id, null],
      ]),
    );
  });
});

describe("inviting", () => {
  it("names the address it refuses, and invites nobody", async () => {
    const admin = await makeUser(prisma, "inviter");
    const org = await makeOrganization(prisma, [[admin, "admin"]]);
    const good = uniqueEmail("good");
    await expect(createInvitations(db, admin.id, org.slug, { emails: `${good}, bob@` })).rejects.toMatchObject({
      code: "form_param_format_invalid",
      meta: { paramName: "emails", fieldErrors: { emails: expect.stringMatching(/^“bob@”: Enter a valid email/) } },
    });
    expect(await prisma.invitation.count({ where: { email: good } })).toBe(0);
  });
});
