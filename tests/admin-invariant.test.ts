// "An organization with members has an admin", for every caller. Only the REST
// API makes an organization without a member (no created_by): its first member
// must then be an admin, whether added directly or through an invitation.
import { afterAll, describe, expect, it } from "vitest";
import { prisma, db } from "@/lib/db";
import { acceptInvitation, signUpWithInvitation } from "@/lib/domain/invitations/invitee";
import { createInvitationItems } from "@/lib/domain/invitations/admin";
import { hashToken } from "@/lib/domain/tokens";
import { addMember } from "@/lib/domain/memberships/memberships";
import { createOrganizationAsInstance } from "@/lib/domain/organizations/organizations";
import { INSTANCE } from "@/lib/domain/access";
import { uniqueEmail } from "./support/factories";
import { makeUser } from "./support/orgs";
import { realPostgres } from "./support/database";
import { codeOf } from "./support/errors";

afterAll(() => prisma.$disconnect());

const stamp = () => Math.random().toString(36).slice(2, 8);

/** An organization with no admin and no member, as the API makes one without created_by. */
const emptyOrganization = () => createOrganizationAsInstance(db, { name: `Nobody ${stamp()}` });

/** A pending basic-member invitation written as older data would hold it (the API refuses to issue one now). */
async function legacyInvitation(organizationId: string, email: string) {
  const token = `legacy-${stamp()}-${stamp()}-${stamp()}-token`;
  await prisma.invitation.create({
    data: {
      organizationId,
      email,
      role: "basic_member",
      tokenHash: hashToken(token),
      pendingKey: `${organizationId}:${email}`,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  return token;
}

describe("an organization without an admin", () => {
  it("refuses a basic member as its first member; an admin first, then members are fine", async () => {
    const org = await emptyOrganization();
    const [member, admin, later] = await Promise.all([
      makeUser(prisma, "member"),
      makeUser(prisma, "admin"),
      makeUser(prisma, "later"),
    ]);
    const error = await addMember(db, INSTANCE, org.id, member.id, "basic_member").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "organization_minimum_permissions_needed", meta: { paramName: "role" } });
    expect((error as Error).message).toBe(
      "This organization has no admin yet: its first member must be an admin (role org:admin).",
    );
    expect(await prisma.membership.count({ where: { organizationId: org.id } })).toBe(0);

    expect(await codeOf(addMember(db, INSTANCE, org.id, admin.id, "admin"))).toBe("ok");
    expect(await codeOf(addMember(db, INSTANCE, org.id, member.id, "basic_member"))).toBe("ok");
    expect(await codeOf(addMember(db, INSTANCE, org.slug, later.id, "basic_member"))).toBe("ok");
  });

  it("refuses basic-member invitations until it has an admin; an admin invitation works", async () => {
    const org = await emptyOrganization();
    expect(
      await codeOf(
        createInvitationItems(db, INSTANCE, org.id, [{ email: uniqueEmail("basic"), role: "basic_member" }]),
      ),
    ).toBe("organization_minimum_permissions_needed");
    // All or nothing: a bulk with a basic member in it is refused whole.
    expect(
      await codeOf(
        createInvitationItems(db, INSTANCE, org.id, [
          { email: uniqueEmail("first-admin"), role: "admin" },
          { email: uniqueEmail("basic"), role: "basic_member" },
        ]),
      ),
    ).toBe("organization_minimum_permissions_needed");
    expect(await prisma.invitation.count({ where: { organizationId: org.id } })).toBe(0);
    const invited = await makeUser(prisma, "first-admin");
    const [issued] = await createInvitationItems(db, INSTANCE, org.id, [{ email: invited.email, role: "admin" }]);
    expect(await codeOf(acceptInvitation(db, invited.id, issued!.url!.split("/invitations/")[1]!))).toBe("ok");
    expect(
      await codeOf(
        createInvitationItems(db, INSTANCE, org.id, [{ email: uniqueEmail("basic"), role: "basic_member" }]),
      ),
    ).toBe("ok");
  });

  it("refuses to accept (or sign up from) a basic-member invitation into it, leaving nothing behind", async () => {
    const org = await emptyOrganization();
    const existing = await makeUser(prisma, "existing");
    const accepting = await legacyInvitation(org.id, existing.email);
    expect(await codeOf(acceptInvitation(db, existing.id, accepting))).toBe("organization_minimum_permissions_needed");
    const newcomer = uniqueEmail("newcomer");
    const signingUp = await legacyInvitation(org.id, newcomer);
    const error = await signUpWithInvitation(db, signingUp, {
      name: "New Comer",
      password: "a long enough password",
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "organization_minimum_permissions_needed" });
    expect((error as Error).message).toMatch(/has no admin yet, so it cannot take members/);
    expect(await prisma.user.count({ where: { email: newcomer } })).toBe(0);
    expect(await prisma.membership.count({ where: { organizationId: org.id } })).toBe(0);
    expect(await prisma.invitation.count({ where: { organizationId: org.id, status: "pending" } })).toBe(2);
  });

  it.skipIf(!realPostgres)(
    "racing additions of basic members and one admin: no moment with members and no admin",
    async () => {
      const org = await emptyOrganization();
      const users = await Promise.all(Array.from({ length: 8 }, (_, i) => makeUser(prisma, `racer${i}`)));
      const outcomes = await Promise.all(
        users.map((user, i) => codeOf(addMember(db, INSTANCE, org.id, user.id, i === 7 ? "admin" : "basic_member"))),
      );
      expect(outcomes[7]).toBe("ok");
      const roles = await prisma.membership.findMany({ where: { organizationId: org.id }, select: { role: true } });
      expect(roles.filter((r) => r.role === "org:admin")).toHaveLength(1);
      // Those that ran before the admin's addition were refused, the others joined; never members without an admin.
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(roles.length);
      expect(outcomes.every((o) => o === "ok" || o === "organization_minimum_permissions_needed")).toBe(true);
    },
  );
});
