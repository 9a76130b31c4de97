import { afterAll, describe, expect, it } from "vitest";
import { prisma, db } from "@/lib/db";
import {
  acceptInvitation,
  declineInvitation,
  signUpWithInvitation,
  viewInvitation,
} from "@/lib/domain/invitations/invitee";
import {
  createInvitations,
  INVITATIONS_PER_HOUR,
  resendInvitation,
  revokeInvitation,
} from "@/lib/domain/invitations/admin";
import { hashToken } from "@/lib/domain/tokens";
import { listInvitations } from "@/lib/domain/invitations/list";
import { uniqueEmail } from "./support/factories";
import { makeOrganization, makeUser } from "./support/orgs";
import { realPostgres } from "./support/database";

afterAll(() => prisma.$disconnect());

const tokenOf = (url: string | null) => url!.split("/invitations/")[1]!;

/** The invitation link's token in the newest invitation email to `to`, as the mailbox holds it. */
async function emailedToken(to: string): Promise<string> {
  const email = await prisma.outboxEmail.findFirstOrThrow({
    where: { to, subject: { contains: "invited you" } },
    orderBy: { createdAt: "desc" },
  });
  return email.text.match(/\/invitations\/([A-Za-z0-9_-]+)/)![1]!;
}

async function setup() {
  const admin = await makeUser(prisma, "admin");
  const org = await makeOrganization(prisma, [[admin, "admin"]]);
  return { admin, org };
}

describe("inviting", () => {
  it("stores only a hash of a 256-bit token and queues the email in the same transaction", async () => {
    const { admin, org } = await setup();
    const email = uniqueEmail("new");
    const [issued] = await createInvitations(db, admin.id, org.slug, {
      emails: `  ${email.toUpperCase()} `,
      role: "basic_member",
    });
    expect(issued).toMatchObject({ email, role: "org:member", status: "pending" });
    const token = tokenOf(issued!.url);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const row = await prisma.invitation.findUniqueOrThrow({ where: { id: issued!.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(29.9 * 24 * 3600 * 1000);
    const emails = await prisma.outboxEmail.findMany({ where: { to: email } });
    expect(emails).toHaveLength(1);
    expect(emails[0]!.html).toContain(issued!.url);
    expect(emails[0]!.text).toContain(issued!.url);
    expect(emails[0]!.subject).toContain(org.name);
  });

  it("invites up to 10 at once, all or nothing", async () => {
    const { admin, org } = await setup();
    const emails = Array.from({ length: 10 }, () => uniqueEmail("bulk"));
    expect(await createInvitations(db, admin.id, org.slug, { emails, role: "admin" })).toHaveLength(10);
    const eleven = Array.from({ length: 11 }, () => uniqueEmail("over"));
    await expect(createInvitations(db, admin.id, org.slug, { emails: eleven })).rejects.toMatchObject({
      code: "form_param_format_invalid",
    });

    const member = await makeUser(prisma, "member");
    await prisma.membership.create({ data: { organizationId: org.id, userId: member.id } });
    const fresh = uniqueEmail("fresh");
    await expect(createInvitations(db, admin.id, org.slug, { emails: [fresh, member.email] })).rejects.toMatchObject({
      code: "already_a_member_in_organization",
    });
    expect(await prisma.invitation.count({ where: { email: fresh } })).toBe(0);
    expect(await prisma.outboxEmail.count({ where: { to: fresh } })).toBe(0);
  });

  it("refuses a second pending invitation for an address, and offers resend", async () => {
    const { admin, org } = await setup();
    const email = uniqueEmail("dup");
    await createInvitations(db, admin.id, org.slug, { emails: email });
    await expect(createInvitations(db, admin.id, org.slug, { emails: email })).rejects.toMatchObject({
      code: "organization_invitation_not_unique",
      message: expect.stringContaining("Resend it instead"),
    });
  });

  it.skipIf(!realPostgres)("two parallel invites of one address make one pending invitation", async () => {
    const { admin, org } = await setup();
    for (let round = 0; round < 10; round++) {
      const email = uniqueEmail("par");
      const results = await Promise.allSettled([
        createInvitations(db, admin.id, org.slug, { emails: email }),
        createInvitations(db, admin.id, org.slug, { emails: email }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await prisma.invitation.count({ where: { email, status: "pending" } })).toBe(1);
      expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(1);
    }
  });

  it("rate-limits invitations per organization per hour and says when more can be sent", async () => {
    const { admin, org } = await setup();
    // Invitations made in the last hour, inserted directly: the limit counts rows, not calls.
    await prisma.invitation.createMany({
      data: Array.from({ length: INVITATIONS_PER_HOUR - 1 }, (_, i) => ({
        organizationId: org.id,
        email: `bulk-${i}-${org.id}@example.test`,
        tokenHash: `${org.id}-${i}`,
        expiresAt: new Date(Date.now() + 86_400_000),
        createdAt: new Date(Date.now() - 30 * 60_000),
      })),
    });
    await createInvitations(db, admin.id, org.slug, { emails: uniqueEmail("last") });
    const error = await createInvitations(db, admin.id, org.slug, { emails: uniqueEmail("over") }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "too_many_requests" });
    expect((error as Error).message).toMatch(/More can be sent in 3\d minutes\./);
  });
});

describe("the invitee", () => {
  it("a new person signs up from the emailed-only link: account (verified), membership and accepted invitation together", async () => {
    const { admin, org } = await setup();
    const email = uniqueEmail("joiner");
    const [issued] = await createInvitations(db, admin.id, org.slug, { emails: email }, { emailOnly: true });
    expect(issued!.url).toBeNull();
    expect(
      await prisma.invitation.findUniqueOrThrow({ where: { id: issued!.id }, select: { linkDisclosed: true } }),
    ).toEqual({ linkDisclosed: false });
    const token = await emailedToken(email);
    expect((await viewInvitation(db, token))?.accountExists).toBe(false);

    const { user, slug } = await signUpWithInvitation(db, token, { name: "Joiner", password: "correct horse battery" });
    expect(slug).toBe(org.slug);
    expect(user.email).toBe(email);
    expect(user.emailVerified).not.toBeNull();
    expect(
      (await prisma.membership.findFirstOrThrow({ where: { organizationId: org.id, userId: user.id } })).role,
    ).toBe("org:member");
    expect((await viewInvitation(db, token))?.invitation.status).toBe("accepted");
    await expect(
      signUpWithInvitation(db, token, { name: "Again", password: "another password" }),
    ).rejects.toMatchObject({
      code: "organization_invitation_already_accepted",
    });
  });

  it("a link shown to its inviter proves no address: the account starts unverified and gets a verification email", async () => {
    const { admin, org } = await setup();
    const email = uniqueEmail("shown");
    const [issued] = await createInvitations(db, admin.id, org.slug, { emails: email });
    expect(
      await prisma.invitation.findUniqueOrThrow({ where: { id: issued!.id }, select: { linkDisclosed: true } }),
    ).toEqual({ linkDisclosed: true });
    const { user, slug } = await signUpWithInvitation(db, tokenOf(issued!.url), {
      name: "Shown",
      password: "correct horse battery",
    });
    expect(slug).toBe(org.slug);
    expect(user.emailVerified).toBeNull();
    expect(
      (await prisma.membership.findFirstOrThrow({ where: { organizationId: org.id, userId: user.id } })).role,
    ).toBe("org:member");
    const welcome = await prisma.outboxEmail.findFirstOrThrow({
      where: { to: email, subject: { contains: "verify your email" } },
    });
    expect(welcome.text).toMatch(/\/verify-email\/[A-Za-z0-9_-]+/);
    expect(await prisma.accountToken.count({ where: { userId: user.id, kind: "email_verification" } })).toBe(1);
  });

  it("a resend only by email makes the link undisclosed again; a resend that shows it, disclosed", async () => {
    const { admin, org } = await setup();
    const email = uniqueEmail("resent");
    const [issued] = await createInvitations(db, admin.id, org.slug, { emails: email });
    const disclosed = async () =>
      (await prisma.invitation.findUniqueOrThrow({ where: { id: issued!.id }, select: { linkDisclosed: true } }))
        .linkDisclosed;
    expect(await disclosed()).toBe(true);
    expect((await resendInvitation(db, admin.id, org.slug, issued!.id, { emailOnly: true })).url).toBeNull();
    expect(await disclosed()).toBe(false);
    expect((await resendInvitation(db, admin.id, org.slug, issued!.id)).url).toMatch(/\/invitations\//);
    expect(await disclosed()).toBe(true);
    await resendInvitation(db, admin.id, org.slug, issued!.id, { emailOnly: true });
    const { user } = await signUpWithInvitation(db, await emailedToken(email), {
      name: "Resent",
      password: "correct horse battery",
    });
    expect(user.emailVerified).toBeInstanceOf(Date);
    expect(await prisma.outboxEmail.count({ where: { to: email, subject: { contains: "verify your email" } } })).toBe(
      0,
    );
  });

  it("an existing user accepts with the invited role; someone else cannot", async () => {
    const { admin, org } = await setup();
    const invitee = await makeUser(prisma, "invitee");
    const other = await makeUser(prisma, "other");
    const [issued] = await createInvitations(db, admin.id, org.slug, { emails: invitee.email, role: "admin" });
    const token = tokenOf(issued!.url);
    await expect(acceptInvitation(db, other.id, token)).rejects.toMatchObject({
      code: "organization_invitation_wrong_account",
    });
    expect(await acceptInvitation(db, invitee.id, token)).toEqual({
      slug: org.slug,
      name: org.name,
      redirectUrl: null,
    });
    expect(
      (await prisma.membership.findFirstOrThrow({ where: { organizationId: org.id, userId: invitee.id } })).role,
    ).toBe("org:admin");
    // A second click is harmless.
    expect(await acceptInvitation(db, invitee.id, token)).toEqual({
      slug: org.slug,
      name: org.name,
      redirectUrl: null,
    });
  });

  it("revoked, declined, resent and expired links stop working", async () => {
    const { admin, org } = await setup();
    const invitee = await makeUser(prisma, "invitee");
    const [first] = await createInvitations(db, admin.id, org.slug, { emails: invitee.email });
    await revokeInvitation(db, admin.id, org.slug, first!.id);
    await expect(acceptInvitation(db, invitee.id, tokenOf(first!.url))).rejects.toMatchObject({
      code: "organization_invitation_revoked",
    });
    await expect(revokeInvitation(db, admin.id, org.slug, first!.id)).rejects.toMatchObject({
      code: "organization_invitation_not_pending",
    });

    const [second] = await createInvitations(db, admin.id, org.slug, { emails: invitee.email });
    const resent = await resendInvitation(db, admin.id, org.slug, second!.id);
    expect(resent.url).not.toBe(second!.url);
    expect(await viewInvitation(db, tokenOf(second!.url))).toBeNull();
    await declineInvitation(db, invitee.id, tokenOf(resent.url));
    await expect(acceptInvitation(db, invitee.id, tokenOf(resent.url))).rejects.toMatchObject({
      code: "organization_invitation_revoked",
    });

    const [third] = await createInvitations(db, admin.id, org.slug, { emails: invitee.email });
    await prisma.invitation.update({ where: { id: third!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(acceptInvitation(db, invitee.id, tokenOf(third!.url))).rejects.toMatchObject({
      code: "organization_invitation_expired",
    });
    expect((await listInvitations(db, admin.id, org.slug, { status: "expired" })).data.map((i) => i.id)).toContain(
      third!.id,
    );
    const pending = await listInvitations(db, admin.id, org.slug);
    expect(pending.data.map((i) => i.id)).not.toContain(third!.id);
    const all = await listInvitations(db, admin.id, org.slug, {
      status: ["pending", "accepted", "revoked", "expired"],
      pageSize: 2,
    });
    expect(all.totalCount).toBe(3);
    expect(all.data).toHaveLength(2);
    expect((await listInvitations(db, admin.id, org.slug, { status: ["revoked"], page: 5 })).totalCount).toBe(2);
    // The address can be invited again once its invitation expired.
    await expect(createInvitations(db, admin.id, org.slug, { emails: invitee.email })).resolves.toHaveLength(1);
    expect(await prisma.membership.count({ where: { organizationId: org.id, userId: invitee.id } })).toBe(0);
  });

  it("garbage tokens find nothing", async () => {
    expect(await viewInvitation(db, "not-a-token")).toBeNull();
    expect(await viewInvitation(db, "A".repeat(43))).toBeNull();
    expect(await viewInvitation(db, "../../etc/passwd")).toBeNull();
  });
});

describe.skipIf(!realPostgres)("races", () => {
  it("20 parallel accepts of one link make one membership", async () => {
    const { admin, org } = await setup();
    const invitee = await makeUser(prisma, "rush");
    const [issued] = await createInvitations(db, admin.id, org.slug, { emails: invitee.email });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => acceptInvitation(db, invitee.id, tokenOf(issued!.url))),
    );
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(await prisma.membership.count({ where: { organizationId: org.id, userId: invitee.id } })).toBe(1);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: issued!.id } })).status).toBe("accepted");
  });

  it("20 parallel sign-ups from one link make one account", async () => {
    const { admin, org } = await setup();
    const email = uniqueEmail("rush-new");
    const [issued] = await createInvitations(db, admin.id, org.slug, { emails: email });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        signUpWithInvitation(db, tokenOf(issued!.url), { name: `N${i}`, password: "long enough password" }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await prisma.user.count({ where: { email } })).toBe(1);
    expect(await prisma.membership.count({ where: { organizationId: org.id, user: { email } } })).toBe(1);
  });

  it("revoke racing accept ends consistent", async () => {
    for (let round = 0; round < 20; round++) {
      const { admin, org } = await setup();
      const invitee = await makeUser(prisma, "race");
      const [issued] = await createInvitations(db, admin.id, org.slug, { emails: invitee.email });
      const [accepted, revoked] = await Promise.allSettled([
        acceptInvitation(db, invitee.id, tokenOf(issued!.url)),
        revokeInvitation(db, admin.id, org.slug, issued!.id),
      ]);
      expect([accepted.status, revoked.status].filter((s) => s === "fulfilled")).toHaveLength(1);
      const row = await prisma.invitation.findUniqueOrThrow({ where: { id: issued!.id } });
      const member = await prisma.membership.count({ where: { organizationId: org.id, userId: invitee.id } });
      expect(row.status === "accepted" ? member : 1 - member).toBe(1);
    }
  });
});
