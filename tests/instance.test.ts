// The rules as the REST API meets them: the instance actor (a secret key)
// may do what an admin may, and is bound by the same rules; member caps;
// metadata semantics; users made by the backend; secret keys.
import { afterAll, describe, expect, it } from "vitest";
import { prisma, db } from "@/lib/db";
import { authenticateApiKey, createApiKey, KEY_RECHECK_MS, revokeApiKey } from "@/lib/domain/api-keys";
import { createUserAsInstance } from "@/lib/domain/instance-users";
import { updateName } from "@/lib/domain/profile";
import { acceptInvitation } from "@/lib/domain/invitations/invitee";
import { createInvitationItems, createInvitations, revokeInvitation } from "@/lib/domain/invitations/admin";
import { addMember, changeMemberRole, leaveOrganization, removeMember } from "@/lib/domain/memberships/memberships";
import {
  createOrganizationAsInstance,
  deleteOrganization,
  updateOrganization,
} from "@/lib/domain/organizations/organizations";
import { INSTANCE } from "@/lib/domain/access";
import { updateOrganizationMetadata } from "@/lib/domain/organizations/metadata";
import { uniqueEmail } from "./support/factories";
import { makeAdminAndMember, makeOrganization, makeUser } from "./support/orgs";
import { realPostgres } from "./support/database";
import { codeOf } from "./support/errors";

afterAll(() => prisma.$disconnect());

describe("the instance actor", () => {
  it("creates organizations with or without a creator; the creator is admin and their limit applies", async () => {
    const creator = await makeUser(prisma, "creator");
    const org = await createOrganizationAsInstance(db, {
      name: "Made by a server",
      createdBy: creator.id,
      publicMetadata: { a: 1 },
    });
    expect(
      await prisma.membership.findMany({ where: { organizationId: org.id }, select: { userId: true, role: true } }),
    ).toEqual([{ userId: creator.id, role: "org:admin" }]);
    const empty = await createOrganizationAsInstance(db, { name: "Nobody yet" });
    expect(await prisma.membership.count({ where: { organizationId: empty.id } })).toBe(0);
    expect(
      await codeOf(
        createOrganizationAsInstance(db, { name: "Ghost", createdBy: "user_00000000000000000000000000000000" }),
      ),
    ).toBe("resource_not_found");
    expect(await codeOf(createOrganizationAsInstance(db, { name: "Capped", maxAllowedMemberships: -1 }))).toBe(
      "form_param_format_invalid",
    );
  });

  it("is bound by the last-admin rule and cannot leave (it is not a member)", async () => {
    const { admin, member, org } = await makeAdminAndMember(prisma);
    expect(await codeOf(changeMemberRole(db, INSTANCE, org.id, admin.id, "basic_member"))).toBe(
      "organization_minimum_permissions_needed",
    );
    expect(await codeOf(removeMember(db, INSTANCE, org.id, admin.id))).toBe("organization_minimum_permissions_needed");
    expect(await codeOf(leaveOrganization(db, INSTANCE, org.id))).toBe("resource_not_found");
    await changeMemberRole(db, INSTANCE, org.id, member.id, "admin");
    await changeMemberRole(db, INSTANCE, org.id, admin.id, "basic_member");
    expect(await prisma.membership.count({ where: { organizationId: org.id, role: "org:admin" } })).toBe(1);
  });

  it("adds members directly: unknown users, existing members and bad roles are refused", async () => {
    const admin = await makeUser(prisma, "admin");
    const newcomer = await makeUser(prisma, "newcomer");
    const org = await makeOrganization(prisma, [[admin, "admin"]]);
    const added = await addMember(db, INSTANCE, org.slug, newcomer.id, "basic_member");
    expect(added).toMatchObject({ userId: newcomer.id, role: "org:member" });
    expect(await codeOf(addMember(db, INSTANCE, org.slug, newcomer.id, "admin"))).toBe(
      "already_a_member_in_organization",
    );
    expect(await codeOf(addMember(db, INSTANCE, org.slug, "user_00000000000000000000000000000000", "admin"))).toBe(
      "resource_not_found",
    );
    expect(await codeOf(addMember(db, INSTANCE, org.slug, (await makeUser(prisma)).id, "owner"))).toBe(
      "form_param_format_invalid",
    );
  });

  it("may delete when admins may not (admin_delete_enabled off)", async () => {
    const admin = await makeUser(prisma, "admin");
    const org = await makeOrganization(prisma, [[admin, "admin"]]);
    // Only the operator may turn it off: an admin's update ignores the field.
    await updateOrganization(db, admin.id, org.id, { name: "Still mine", adminDeleteEnabled: false });
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).adminDeleteEnabled).toBe(true);
    await updateOrganization(db, INSTANCE, org.id, { adminDeleteEnabled: false });
    expect(await codeOf(deleteOrganization(db, admin.id, org.id))).toBe("missing_organization_permission");
    expect(await codeOf(deleteOrganization(db, INSTANCE, org.id))).toBe("ok");
  });

  it("invites in bulk with per-invitation roles and expiry, without an inviter", async () => {
    const admin = await makeUser(prisma, "admin");
    const org = await makeOrganization(prisma, [[admin, "admin"]]);
    const [a, b] = [uniqueEmail("bulk-a"), uniqueEmail("bulk-b")];
    const issued = await createInvitationItems(db, INSTANCE, org.id, [
      { email: a, role: "admin", expiresInDays: 3, publicMetadata: { from: "crm" } },
      { email: b, role: "basic_member" },
    ]);
    expect(issued.map((i) => [i.email, i.role, i.inviterName])).toEqual([
      [a, "org:admin", null],
      [b, "org:member", null],
    ]);
    const rows = await prisma.invitation.findMany({ where: { organizationId: org.id }, orderBy: { email: "asc" } });
    const byEmail = new Map(rows.map((row) => [row.email, row]));
    expect(byEmail.get(a)!.expiresAt.getTime() - byEmail.get(a)!.createdAt.getTime()).toBe(3 * 86_400_000);
    expect(byEmail.get(b)!.expiresAt.getTime() - byEmail.get(b)!.createdAt.getTime()).toBe(30 * 86_400_000);
    expect(byEmail.get(a)!.publicMetadata).toEqual({ from: "crm" });
    const emails = await prisma.outboxEmail.findMany({ where: { to: { in: [a, b] } } });
    expect(emails).toHaveLength(2);
    expect(emails[0]!.subject).toBe(`The ${org.name} team invited you to join ${org.name}`);
  });
});

describe("member caps (pending invitations count)", () => {
  it("refuse invitations, direct additions and acceptances past the cap; a revoke frees a seat", async () => {
    const { admin, org } = await makeAdminAndMember(prisma);
    await updateOrganization(db, INSTANCE, org.id, { maxAllowedMemberships: 3 });
    const invitee = await makeUser(prisma, "invitee");
    const [issued] = await createInvitations(db, admin.id, org.id, { emails: invitee.email });
    // 2 members + 1 pending = 3 = the cap.
    expect(await codeOf(createInvitations(db, admin.id, org.id, { emails: uniqueEmail("fourth") }))).toBe(
      "organization_membership_quota_exceeded",
    );
    expect(await codeOf(addMember(db, INSTANCE, org.id, (await makeUser(prisma)).id, "basic_member"))).toBe(
      "organization_membership_quota_exceeded",
    );
    // Two at once when one seat is left: all or nothing.
    await revokeInvitation(db, admin.id, org.id, issued!.id);
    expect(
      await codeOf(createInvitations(db, admin.id, org.id, { emails: [uniqueEmail("x"), uniqueEmail("y")] })),
    ).toBe("organization_membership_quota_exceeded");
    const [again] = await createInvitations(db, admin.id, org.id, { emails: invitee.email });
    // The cap lowered below what is taken: the pending invitation can no longer be accepted.
    await updateOrganization(db, INSTANCE, org.id, { maxAllowedMemberships: 2 });
    expect(await codeOf(acceptInvitation(db, invitee.id, again!.url!.split("/invitations/")[1]!))).toBe(
      "organization_membership_quota_exceeded",
    );
    await updateOrganization(db, INSTANCE, org.id, { maxAllowedMemberships: 0 });
    expect(await codeOf(acceptInvitation(db, invitee.id, again!.url!.split("/invitations/")[1]!))).toBe("ok");
  });

  it.skipIf(!realPostgres)("hold under 20 concurrent invitations for the last 5 seats", async () => {
    const admin = await makeUser(prisma, "admin");
    const org = await makeOrganization(prisma, [[admin, "admin"]]);
    await updateOrganization(db, INSTANCE, org.id, { maxAllowedMemberships: 6 });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        codeOf(createInvitationItems(db, INSTANCE, org.id, [{ email: uniqueEmail(`race${i}`), role: "basic_member" }])),
      ),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(5);
    expect(outcomes.filter((o) => o === "organization_membership_quota_exceeded")).toHaveLength(15);
    expect(await prisma.invitation.count({ where: { organizationId: org.id, status: "pending" } })).toBe(5);
  });
});

describe("metadata", () => {
  it("merges deeply (null deletes a key) and replaces only the fields sent", async () => {
    const org = await createOrganizationAsInstance(db, {
      name: "Meta",
      publicMetadata: { plan: "pro", limits: { seats: 5, projects: 3 }, tags: ["a"] },
      privateMetadata: { secret: 1 },
    });
    const merged = await updateOrganizationMetadata(
      db,
      INSTANCE,
      org.id,
      { publicMetadata: { limits: { projects: null, seats: 9 }, tags: ["b"] } },
      "merge",
    );
    expect(merged).toBeTruthy();
    const row = await prisma.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(row.publicMetadata).toEqual({ plan: "pro", limits: { seats: 9 }, tags: ["b"] });
    expect(row.privateMetadata).toEqual({ secret: 1 });
    await updateOrganizationMetadata(db, INSTANCE, org.id, { privateMetadata: { other: 2 } }, "replace");
    const replaced = await prisma.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(replaced.publicMetadata).toEqual({ plan: "pro", limits: { seats: 9 }, tags: ["b"] });
    expect(replaced.privateMetadata).toEqual({ other: 2 });
    expect(await codeOf(updateOrganizationMetadata(db, INSTANCE, org.id, { publicMetadata: [1, 2] }, "merge"))).toBe(
      "form_param_format_invalid",
    );
    expect(
      await codeOf(
        updateOrganizationMetadata(db, INSTANCE, org.id, { publicMetadata: { big: "x".repeat(9000) } }, "merge"),
      ),
    ).toBe("form_param_format_invalid");
  });

  it("refuses a merge whose result passes 8 KB, though each patch is small, and keeps what was there", async () => {
    const org = await createOrganizationAsInstance(db, { name: "Growing metadata" });
    for (let i = 0; i < 4; i++)
      await updateOrganizationMetadata(
        db,
        INSTANCE,
        org.id,
        { publicMetadata: { [`k${i}`]: "x".repeat(1900) } },
        "merge",
      );
    const before = (await prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).publicMetadata;
    expect(
      await codeOf(
        updateOrganizationMetadata(db, INSTANCE, org.id, { publicMetadata: { k4: "x".repeat(1900) } }, "merge"),
      ),
    ).toBe("form_param_format_invalid");
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).publicMetadata).toEqual(before);
  });

  it.skipIf(!realPostgres)("keeps every key when 20 merges race", async () => {
    const org = await createOrganizationAsInstance(db, { name: "Racing metadata" });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        updateOrganizationMetadata(db, INSTANCE, org.id, { publicMetadata: { [`k${i}`]: i } }, "merge"),
      ),
    );
    const row = await prisma.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(Object.keys(row.publicMetadata as object).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `k${i}`).sort(),
    );
  });
});

describe("users made by the backend", () => {
  it("follow sign-up's rules, are verified, and refuse taken emails and external ids", async () => {
    const email = uniqueEmail("backend");
    const user = await createUserAsInstance(db, {
      emailAddress: [email.toUpperCase()],
      firstName: "Grace",
      lastName: "Hopper",
      password: "a-long-password",
      externalId: `ext-${email}`,
    });
    expect(user).toMatchObject({ email, name: "Grace Hopper", firstName: "Grace", lastName: "Hopper" });
    expect(user.emailVerified).toBeInstanceOf(Date);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    await expect(
      createUserAsInstance(db, { emailAddress: [email], skipPasswordRequirement: true }),
    ).rejects.toMatchObject({
      code: "form_identifier_exists",
      meta: { paramName: "email_address" },
    });
    await expect(
      createUserAsInstance(db, {
        emailAddress: [uniqueEmail("other")],
        skipPasswordRequirement: true,
        externalId: `ext-${email}`,
      }),
    ).rejects.toMatchObject({ code: "form_identifier_exists", meta: { paramName: "external_id" } });
    await expect(createUserAsInstance(db, { emailAddress: [uniqueEmail("nopw")] })).rejects.toMatchObject({
      code: "form_param_missing",
      meta: { paramName: "password" },
    });
    await expect(
      createUserAsInstance(db, { emailAddress: [uniqueEmail("short")], password: "short" }),
    ).rejects.toMatchObject({
      code: "form_param_format_invalid",
      meta: { paramName: "password", issue: "value" },
    });
    const noPassword = await createUserAsInstance(db, {
      emailAddress: [uniqueEmail("sso")],
      skipPasswordRequirement: true,
    });
    expect(noPassword.passwordHash).toBeNull();
    // Renamed in the pages: the first and last name given by the API give way to the new name.
    await updateName(db, user.id, { name: "Amazing Grace" });
    expect(
      await prisma.user.findUniqueOrThrow({
        where: { id: user.id },
        select: { name: true, firstName: true, lastName: true },
      }),
    ).toEqual({
      name: "Amazing Grace",
      firstName: null,
      lastName: null,
    });
  });
});

describe("secret keys", () => {
  it("are stored hashed, authenticate until revoked, and refuse anything else", async () => {
    const created = await createApiKey(db, "test key");
    expect(created.key).toMatch(/^sk_live_[A-Za-z0-9_-]{43}$/);
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.key.slice(8));
    expect(await authenticateApiKey(db, created.key)).toEqual({ id: created.id });
    expect(await authenticateApiKey(db, `${created.key}x`)).toBeNull();
    expect(await authenticateApiKey(db, created.key.replace("sk_live_", "sk_test_"))).toBeNull();
    await revokeApiKey(db, created.id);
    await new Promise((resolve) => setTimeout(resolve, KEY_RECHECK_MS + 50));
    expect(await authenticateApiKey(db, created.key)).toBeNull();
    await expect(createApiKey(db, "  ")).rejects.toMatchObject({ code: "form_param_format_invalid" });
  });
});
