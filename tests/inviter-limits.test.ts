// Invitations as a spam relay: only a verified address invites, and one person
// sends at most INVITATIONS_PER_INVITER_PER_HOUR invitation emails an hour
// across all their organizations (resends included); the instance's secret key
// is bound by neither.
import { afterAll, describe, expect, it } from "vitest";
import { prisma, db } from "@/lib/db";
import {
  createInvitationItems,
  createInvitations,
  INVITATIONS_PER_INVITER_PER_HOUR,
  resendInvitation,
} from "@/lib/domain/invitations/admin";
import { INSTANCE } from "@/lib/domain/access";
import { uniqueEmail } from "./support/factories";
import { makeOrganization, makeUser } from "./support/orgs";
import { realPostgres } from "./support/database";
import { codeOf } from "./support/errors";

afterAll(() => prisma.$disconnect());

const tenEmails = (label: string) => Array.from({ length: 10 }, (_, i) => uniqueEmail(`${label}${i}`));

describe("an unverified inviter", () => {
  it("is refused on every path (pages, API items, resend) with nothing written; the instance is not; verifying lets them invite", async () => {
    const admin = await makeUser(prisma, "unverified", { verified: false });
    const org = await makeOrganization(prisma, [[admin, "admin"]]);
    const email = uniqueEmail("target");

    const error = await createInvitations(db, admin.id, org.slug, { emails: email }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "email_address_not_verified" });
    expect((error as Error).message).toMatch(/^Verify your email address before inviting people/);
    expect(await codeOf(createInvitationItems(db, admin.id, org.id, [{ email, role: "basic_member" }]))).toBe(
      "email_address_not_verified",
    );
    expect(await prisma.invitation.count({ where: { organizationId: org.id } })).toBe(0);
    expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(0);

    // The instance (a secret key without inviter_user_id) is exempt.
    const [byInstance] = await createInvitationItems(db, INSTANCE, org.id, [{ email, role: "basic_member" }]);
    expect(await codeOf(resendInvitation(db, admin.id, org.slug, byInstance!.id))).toBe("email_address_not_verified");
    expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(1);

    await prisma.user.update({ where: { id: admin.id }, data: { emailVerified: new Date() } });
    expect(await codeOf(resendInvitation(db, admin.id, org.slug, byInstance!.id))).toBe("ok");
    expect(await codeOf(createInvitations(db, admin.id, org.slug, { emails: uniqueEmail("after") }))).toBe("ok");
  });
});

describe("the per-inviter hourly limit", () => {
  it("counts invitations and resends across all of a person's organizations; the instance is exempt", async () => {
    const admin = await makeUser(prisma, "prolific");
    const perOrganization = 5;
    const organizations = await Promise.all(
      Array.from({ length: Math.ceil(INVITATIONS_PER_INVITER_PER_HOUR / (10 * perOrganization)) + 1 }, () =>
        makeOrganization(prisma, [[admin, "admin"]]),
      ),
    );
    // Spread over organizations, none of which reaches its own hourly limit.
    let sent = 0;
    let last: { id: string; slug: string } | undefined;
    for (const org of organizations) {
      for (let i = 0; i < perOrganization && sent < INVITATIONS_PER_INVITER_PER_HOUR - 1; i++) {
        const batch = Math.min(10, INVITATIONS_PER_INVITER_PER_HOUR - 1 - sent);
        const issued = await createInvitations(db, admin.id, org.slug, { emails: tenEmails("spread").slice(0, batch) });
        sent += issued.length;
        last = { id: issued[0]!.id, slug: org.slug };
      }
    }
    expect(sent).toBe(INVITATIONS_PER_INVITER_PER_HOUR - 1);
    const fresh = organizations.at(-1)!;
    // One left: a resend takes it; the next invitation anywhere is refused, saying when more can go.
    expect(await codeOf(resendInvitation(db, admin.id, last!.slug, last!.id))).toBe("ok");
    const refused = await createInvitations(db, admin.id, fresh.slug, { emails: uniqueEmail("over") }).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: "too_many_requests", meta: { retryAfterSeconds: expect.any(Number) } });
    expect((refused as Error).message).toMatch(
      new RegExp(
        `You have sent ${INVITATIONS_PER_INVITER_PER_HOUR} invitations in the last hour .*across all your organizations.*More can be sent in (60|59) minutes\\.`,
      ),
    );
    expect(await codeOf(resendInvitation(db, admin.id, last!.slug, last!.id))).toBe("too_many_requests");
    expect(
      await codeOf(createInvitationItems(db, admin.id, fresh.id, [{ email: uniqueEmail("api"), role: "admin" }])),
    ).toBe("too_many_requests");
    // The instance's key is not a person: it still invites.
    expect(
      await codeOf(createInvitationItems(db, INSTANCE, fresh.id, [{ email: uniqueEmail("instance"), role: "admin" }])),
    ).toBe("ok");
    // Another admin of the same organizations is not affected.
    const colleague = await makeUser(prisma, "colleague");
    await prisma.membership.create({ data: { organizationId: fresh.id, userId: colleague.id, role: "admin" } });
    expect(await codeOf(createInvitations(db, colleague.id, fresh.slug, { emails: uniqueEmail("colleague") }))).toBe(
      "ok",
    );
    // An hour later, the oldest sendings have aged out.
    await prisma.invitationSend.updateMany({
      where: { inviterId: admin.id },
      data: { sentAt: new Date(Date.now() - 61 * 60 * 1000) },
    });
    expect(await codeOf(createInvitations(db, admin.id, fresh.slug, { emails: uniqueEmail("later") }))).toBe("ok");
  });

  it.skipIf(!realPostgres)("holds under concurrent invitations from one person in two organizations", async () => {
    const admin = await makeUser(prisma, "racer");
    const [a, b] = await Promise.all([
      makeOrganization(prisma, [[admin, "admin"]]),
      makeOrganization(prisma, [[admin, "admin"]]),
    ]);
    const left = 6;
    // Recorded as sent a minute ago: the person has `left` invitations to go.
    await prisma.invitationSend.create({
      data: {
        inviterId: admin.id,
        emails: INVITATIONS_PER_INVITER_PER_HOUR - left,
        sentAt: new Date(Date.now() - 60_000),
      },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        codeOf(createInvitations(db, admin.id, (i % 2 ? a : b).slug, { emails: uniqueEmail(`race${i}`) })),
      ),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(left);
    expect(outcomes.filter((o) => o === "too_many_requests")).toHaveLength(20 - left);
    expect(await prisma.invitation.count({ where: { inviterId: admin.id } })).toBe(left);
  });
});
