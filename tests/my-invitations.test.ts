// A signed-in person's invitations inside the app: listed for a verified
// address only, accepted or declined by id, with the same rules as the
// emailed link (caps, the first admin, expiry, revocation), and nothing said
// about anyone else's invitations.
import { afterAll, describe, expect, it } from "vitest";
import { db, prisma } from "@/lib/db";
import { createInvitations, revokeInvitation } from "@/lib/domain/invitations/admin";
import {
  acceptMyInvitation,
  countMyInvitations,
  declineMyInvitation,
  listMyInvitations,
} from "@/lib/domain/invitations/mine";
import { listMyOrganizations, listMyOrganizationsAndInvitations } from "@/lib/domain/organizations/organizations";
import { makeOrganization, makeUser, snapshot } from "./support/orgs";

afterAll(() => prisma.$disconnect());

async function invited({ verified = true, role = "basic_member" as "basic_member" | "admin" } = {}) {
  const admin = await makeUser(prisma, "admin");
  const org = await makeOrganization(prisma, [[admin, "admin"]]);
  const invitee = await makeUser(prisma, "invitee", { verified });
  const [invitation] = await createInvitations(db, admin.id, org.slug, { emails: invitee.email, role });
  return { admin, org, invitee, invitationId: invitation!.id };
}

const membership = (organizationId: string, userId: string) =>
  prisma.membership.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { role: true },
  });

describe("listing my invitations", () => {
  it("lists the pending ones for a verified address with the organization, role, inviter and expiry", async () => {
    const { admin, org, invitee, invitationId } = await invited({ role: "admin" });
    const mine = await listMyInvitations(db, invitee.id);
    expect(mine.verified).toBe(true);
    expect(mine.invitations).toEqual([
      {
        id: invitationId,
        role: "org:admin",
        expiresAt: expect.any(Date),
        createdAt: expect.any(Date),
        inviterName: admin.name,
        organization: { id: org.id, name: org.name, slug: org.slug, logoUrl: null },
        // An admin's invitation, not an automatic one from a verified domain.
        domainName: null,
      },
    ]);
    expect(await countMyInvitations(db, invitee.id)).toBe(1);
    // The inviter sees none: the invitation is not theirs.
    expect((await listMyInvitations(db, admin.id)).invitations).toEqual([]);
  });

  it("come with my organizations in one statement, exactly as read alone; with no organization, not at all", async () => {
    const { invitee } = await invited();
    const second = await invited();
    // The invitee of one also belongs to another organization: its row carries the invitations.
    const other = await makeOrganization(prisma, [[invitee, "admin"]]);
    await createInvitations(db, second.admin.id, second.org.slug, { emails: invitee.email, role: "basic_member" });
    const together = await listMyOrganizationsAndInvitations(db, invitee.id);
    expect(together.organizations).toEqual(await listMyOrganizations(db, invitee.id));
    expect(together.organizations.map((org) => org.id)).toEqual([other.id]);
    expect(together.invitations).toEqual(await listMyInvitations(db, invitee.id));
    expect(together.invitations?.invitations).toHaveLength(2);
    // Nobody's organizations: no row to carry them, so the caller reads them alone.
    expect(await listMyOrganizationsAndInvitations(db, second.invitee.id)).toEqual({
      organizations: [],
      invitations: null,
    });
  });

  it("lists nothing for an unverified address, and says it is unverified", async () => {
    const { invitee } = await invited({ verified: false });
    expect(await listMyInvitations(db, invitee.id)).toEqual({ verified: false, invitations: [] });
    expect(await countMyInvitations(db, invitee.id)).toBe(0);
  });

  it("leaves out expired, revoked and accepted invitations", async () => {
    const { admin, org, invitee, invitationId } = await invited();
    await prisma.invitation.update({ where: { id: invitationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await listMyInvitations(db, invitee.id)).invitations).toEqual([]);
    const other = await makeOrganization(prisma, [[admin, "admin"]]);
    const [second] = await createInvitations(db, admin.id, other.slug, { emails: invitee.email, role: "basic_member" });
    expect((await listMyInvitations(db, invitee.id)).invitations.map((i) => i.id)).toEqual([second!.id]);
    await revokeInvitation(db, admin.id, other.slug, second!.id);
    expect((await listMyInvitations(db, invitee.id)).invitations).toEqual([]);
    expect(org.id).not.toBe(other.id);
  });
});

describe("accepting by id", () => {
  it("joins with the invited role and marks the invitation accepted; a second click is a no-op", async () => {
    const { org, invitee, invitationId } = await invited();
    expect(await acceptMyInvitation(db, invitee.id, invitationId)).toEqual({
      id: org.id,
      name: org.name,
      slug: org.slug,
    });
    expect(await membership(org.id, invitee.id)).toEqual({ role: "org:member" });
    const row = await prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(row).toMatchObject({ status: "accepted", pendingKey: null });
    expect(row.acceptedAt).toBeInstanceOf(Date);
    await expect(acceptMyInvitation(db, invitee.id, invitationId)).resolves.toMatchObject({ slug: org.slug });
    expect((await listMyInvitations(db, invitee.id)).invitations).toEqual([]);
    const org2 = await prisma.organization.findUniqueOrThrow({ where: { id: org.id }, select: { membersCount: true } });
    expect(org2.membersCount).toBe(2);
  });

  it("refuses someone else's invitation id as not found, changing nothing", async () => {
    const { org, invitationId } = await invited();
    const stranger = await makeUser(prisma, "stranger");
    const before = await snapshot(prisma, org.id);
    for (const act of [acceptMyInvitation, declineMyInvitation]) {
      const error = await act(db, stranger.id, invitationId).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "resource_not_found" });
      // The same answer as an id that names nothing: no hint that it exists.
      const none = await act(db, stranger.id, "orginv_00000000000000000000000000000000").catch((e: unknown) => e);
      expect((none as Error).message).toBe((error as Error).message);
      const garbage = await act(db, stranger.id, "' OR 1=1 --").catch((e: unknown) => e);
      expect((garbage as Error).message).toBe((error as Error).message);
    }
    expect(await snapshot(prisma, org.id)).toEqual(before);
  });

  it("refuses an unverified address, even for an invitation to it", async () => {
    const { org, invitee, invitationId } = await invited({ verified: false });
    const before = await snapshot(prisma, org.id);
    await expect(acceptMyInvitation(db, invitee.id, invitationId)).rejects.toMatchObject({
      code: "email_address_not_verified",
    });
    await expect(declineMyInvitation(db, invitee.id, invitationId)).rejects.toMatchObject({
      code: "email_address_not_verified",
    });
    expect(await snapshot(prisma, org.id)).toEqual(before);
  });

  it("refuses an expired or a revoked invitation with the link's messages", async () => {
    const expired = await invited();
    await prisma.invitation.update({
      where: { id: expired.invitationId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(acceptMyInvitation(db, expired.invitee.id, expired.invitationId)).rejects.toMatchObject({
      code: "organization_invitation_expired",
    });
    await expect(declineMyInvitation(db, expired.invitee.id, expired.invitationId)).rejects.toMatchObject({
      code: "organization_invitation_expired",
    });
    expect(await membership(expired.org.id, expired.invitee.id)).toBeNull();

    const revoked = await invited();
    await revokeInvitation(db, revoked.admin.id, revoked.org.slug, revoked.invitationId);
    await expect(acceptMyInvitation(db, revoked.invitee.id, revoked.invitationId)).rejects.toMatchObject({
      code: "organization_invitation_revoked",
    });
    expect(await membership(revoked.org.id, revoked.invitee.id)).toBeNull();
  });

  it("for someone already a member keeps their role and marks the invitation accepted", async () => {
    const { org, invitee, invitationId } = await invited({ role: "basic_member" });
    await prisma.membership.create({ data: { organizationId: org.id, userId: invitee.id, role: "admin" } });
    expect((await listMyInvitations(db, invitee.id)).invitations).toEqual([]);
    await expect(acceptMyInvitation(db, invitee.id, invitationId)).resolves.toMatchObject({ slug: org.slug });
    expect(await membership(org.id, invitee.id)).toEqual({ role: "org:admin" });
    expect(await prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } })).toMatchObject({
      status: "accepted",
    });
  });

  it("holds the member cap: an organization full of members refuses, nothing changes", async () => {
    const { org, invitee, invitationId } = await invited();
    // The pending invitation holds a seat; a member added past it (through the API, say) fills the cap.
    const extra = await makeUser(prisma, "extra");
    await prisma.membership.create({ data: { organizationId: org.id, userId: extra.id, role: "basic_member" } });
    await prisma.organization.update({ where: { id: org.id }, data: { maxAllowedMemberships: 2 } });
    const before = await snapshot(prisma, org.id);
    await expect(acceptMyInvitation(db, invitee.id, invitationId)).rejects.toMatchObject({
      code: "organization_membership_quota_exceeded",
    });
    expect(await snapshot(prisma, org.id)).toEqual(before);
  });

  it("refuses a member's invitation to an organization left without an admin (the first-admin rule)", async () => {
    const { org, admin, invitee, invitationId } = await invited({ role: "basic_member" });
    await prisma.membership.delete({ where: { organizationId_userId: { organizationId: org.id, userId: admin.id } } });
    await expect(acceptMyInvitation(db, invitee.id, invitationId)).rejects.toMatchObject({
      code: "organization_minimum_permissions_needed",
    });
    expect(await membership(org.id, invitee.id)).toBeNull();
  });

  it("two accepts at once make one membership", async () => {
    const { org, invitee, invitationId } = await invited();
    const results = await Promise.allSettled([
      acceptMyInvitation(db, invitee.id, invitationId),
      acceptMyInvitation(db, invitee.id, invitationId),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(await prisma.membership.count({ where: { organizationId: org.id, userId: invitee.id } })).toBe(1);
  });
});

describe("declining by id", () => {
  it("marks it no longer pending (revoked, as the link's decline), so it cannot be accepted after", async () => {
    const { org, invitee, invitationId } = await invited();
    expect(await declineMyInvitation(db, invitee.id, invitationId)).toMatchObject({ slug: org.slug, name: org.name });
    expect(await prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } })).toMatchObject({
      status: "revoked",
      pendingKey: null,
    });
    expect((await listMyInvitations(db, invitee.id)).invitations).toEqual([]);
    await expect(acceptMyInvitation(db, invitee.id, invitationId)).rejects.toMatchObject({
      code: "organization_invitation_revoked",
    });
    await expect(declineMyInvitation(db, invitee.id, invitationId)).rejects.toMatchObject({
      code: "organization_invitation_revoked",
    });
    expect(await membership(org.id, invitee.id)).toBeNull();
  });
});
