// The event stream: every change writes its event in its own transaction (a
// change without one cannot commit), the payloads are the REST API's objects,
// and the activity log tells the story in words.
import { afterAll, describe, expect, it } from "vitest";
import { db, prisma, UnrecordedChangeError } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordEvent, withEventContext } from "@/lib/domain/events";
import { activityCsvRow, csvLine, exportActivity, listActivity, ACTIVITY_PAGE_SIZE } from "@/lib/domain/activity";
import { createOrganization, listMyOrganizations } from "@/lib/domain/organizations/organizations";
import { changeMemberRole, removeMember } from "@/lib/domain/memberships/memberships";
import { createInvitations } from "@/lib/domain/invitations/admin";
import { acceptInvitation } from "@/lib/domain/invitations/invitee";
import { recordExpiredInvitations } from "@/lib/domain/invitations/expiry";
import { signUp } from "@/lib/domain/users";
import { updateName } from "@/lib/domain/profile";
import { deleteAccount } from "@/lib/domain/delete-account";
import { revokeSession, startSession } from "@/lib/domain/sessions";
import { updateUserAsInstance } from "@/lib/domain/instance-users";
import { INSTANCE } from "@/lib/domain/access";
import { makeAdminAndMember, makeOrganization, makeUser } from "./support/orgs";
import { newSignUp, uniqueEmail } from "./support/factories";

afterAll(() => prisma.$disconnect());

type EventRow = {
  type: string;
  actor_type: string;
  actor_id: string | null;
  subject_user_id: string | null;
  data: Record<string, unknown>;
  previous: Record<string, unknown> | null;
  http_request: Record<string, string> | null;
};

async function eventsOf(where: Prisma.Sql): Promise<EventRow[]> {
  return prisma.$queryRaw<EventRow[]>`
    SELECT type, actor_type, actor_id, subject_user_id, data, previous, http_request FROM events WHERE ${where} ORDER BY seq`;
}

describe("the rule: no change without its event", () => {
  it("refuses to commit a transaction that changed an audited table without an event, and rolls it back", async () => {
    const user = await makeUser(prisma, "audited");
    await expect(
      db.transaction((tx) => tx.execute(Prisma.sql`UPDATE users SET name = 'Sneaky' WHERE id = ${user.id}`)),
    ).rejects.toBeInstanceOf(UnrecordedChangeError);
    await expect(db.execute(Prisma.sql`UPDATE users SET name = 'Sneaky' WHERE id = ${user.id}`)).rejects.toThrow(
      /without recording an event/,
    );
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe(user.name);
    // With its event it commits; a statement that touched nothing is no change.
    await db.transaction(async (tx) => {
      await tx.execute(Prisma.sql`UPDATE users SET name = 'Renamed' WHERE id = ${user.id}`);
      await recordEvent(tx, { type: "user.updated", actor: { type: "system" }, data: { id: user.id } });
    });
    await db.transaction((tx) => tx.execute(Prisma.sql`UPDATE users SET name = 'x' WHERE id = 'user_nobody'`));
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Renamed");
  });
});

describe("payloads and actors", () => {
  it("a role change carries the membership as the API shows it, the previous role, and the request's address", async () => {
    const { admin, member, org } = await makeAdminAndMember(prisma);
    await withEventContext({ clientIp: "203.0.113.9", userAgent: "Test browser" }, () =>
      changeMemberRole(db, admin.id, org.slug, member.id, "admin"),
    );
    const [event] = await eventsOf(Prisma.sql`organization_id = ${org.id}`);
    expect(event).toMatchObject({
      type: "organizationMembership.updated",
      actor_type: "user",
      actor_id: admin.id,
      subject_user_id: member.id,
      previous: { role: "org:member", role_name: "Member" },
      http_request: { client_ip: "203.0.113.9", user_agent: "Test browser" },
      data: {
        object: "organization_membership",
        role: "org:admin",
        organization: { id: org.id, object: "organization" },
        public_user_data: { user_id: member.id, identifier: member.email },
      },
    });
  });

  it("the REST API's changes name the API key; a removal carries the membership as it was", async () => {
    const { member, org } = await makeAdminAndMember(prisma);
    await withEventContext({ actor: { type: "api_key", id: "ak_test" } }, () =>
      removeMember(db, INSTANCE, org.slug, member.id),
    );
    const [event] = await eventsOf(Prisma.sql`organization_id = ${org.id}`);
    expect(event).toMatchObject({
      type: "organizationMembership.deleted",
      actor_type: "api_key",
      actor_id: "ak_test",
      data: { object: "organization_membership", role: "org:member", public_user_data: { user_id: member.id } },
    });
  });

  it("invite, accept, sign-up, sessions, profile and account deletion each write theirs", async () => {
    const owner = await signUp(db, newSignUp("owner"));
    await prisma.user.update({ where: { id: owner.id }, data: { emailVerified: new Date() } });
    const created = await createOrganization(db, owner.id, { name: "Event Rockets" });
    const invitee = await makeUser(prisma, "invitee");
    const [invitation] = await createInvitations(db, owner.id, created.slug, { emails: invitee.email });
    const token = new URL(invitation!.url!).pathname.split("/").pop()!;
    await acceptInvitation(db, invitee.id, token);
    const session = await startSession(db, invitee.id, { userAgent: "Test" });
    await revokeSession(db, invitee.id, session.id);
    await updateName(db, invitee.id, { name: "Renamed Invitee" });
    await withEventContext({ actor: { type: "api_key", id: "ak_test" } }, () =>
      updateUserAsInstance(db, invitee.id, { publicMetadata: { plan: "pro" } }),
    );
    // The payloads, read before the account goes (its personal data is erased from them after).
    const updates = await eventsOf(Prisma.sql`subject_user_id = ${invitee.id} AND type = 'user.updated'`);
    expect(updates[0]!.previous).toMatchObject({ first_name: expect.anything() });
    expect(updates[1]).toMatchObject({
      actor_type: "api_key",
      previous: { public_metadata: {} },
      data: { public_metadata: { plan: "pro" } },
    });
    const [accepted] = await eventsOf(
      Prisma.sql`organization_id = ${created.id} AND type = 'organizationInvitation.accepted'`,
    );
    expect(accepted!.data).toMatchObject({ status: "accepted", user_id: invitee.id, email_address: invitee.email });
    await deleteAccount(db, invitee.id, { confirm: invitee.email });

    expect((await eventsOf(Prisma.sql`organization_id = ${created.id}`)).map((e) => e.type)).toEqual([
      "organization.created",
      "organizationMembership.created",
      "organizationInvitation.created",
      "organizationInvitation.accepted",
      "organizationMembership.created",
      "organizationMembership.deleted",
    ]);
    const aboutInvitee = await eventsOf(Prisma.sql`subject_user_id = ${invitee.id} AND organization_id IS NULL`);
    expect(aboutInvitee.map((e) => e.type)).toEqual([
      "session.created",
      "session.revoked",
      "user.updated",
      "user.updated",
      "user.deleted",
    ]);
    expect(aboutInvitee[3]).toMatchObject({ actor_type: "api_key" });
    expect(aboutInvitee[4]!.data).toEqual({ object: "user", id: invitee.id, deleted: true });
    expect((await eventsOf(Prisma.sql`subject_user_id = ${owner.id}`)).map((e) => e.type)).toContain("user.created");
  });

  it("an invitation that passes its expiry gets its expired event once", async () => {
    const admin = await makeUser(prisma, "admin");
    const org = await makeOrganization(prisma, [[admin, "admin"]]);
    await prisma.invitation.create({
      data: {
        organizationId: org.id,
        email: uniqueEmail("lapsed"),
        tokenHash: `lapsed-${org.id}`,
        expiresAt: new Date(Date.now() - 1000),
      },
    });
    while ((await recordExpiredInvitations(db)) > 0);
    const events = await eventsOf(Prisma.sql`organization_id = ${org.id}`);
    expect(events.map((e) => e.type)).toEqual(["organizationInvitation.expired"]);
    expect(events[0]).toMatchObject({ actor_type: "system", data: { status: "expired" } });
  });
});

describe("the activity log", () => {
  it("tells the story in words, newest first, filtered and paged, and exports it as CSV", async () => {
    const ada = await signUp(db, { ...newSignUp("ada"), name: "Ada Admin" });
    await prisma.user.update({ where: { id: ada.id }, data: { emailVerified: new Date() } });
    const organization = await createOrganization(db, ada.id, { name: "Story Rockets" });
    const ben = await makeUser(prisma, "ben");
    await prisma.user.update({ where: { id: ben.id }, data: { name: "Ben Basic" } });
    const [invitation] = await createInvitations(db, ada.id, organization.slug, { emails: ben.email });
    await acceptInvitation(db, ben.id, new URL(invitation!.url!).pathname.split("/").pop()!);
    await changeMemberRole(db, ada.id, organization.slug, ben.id, "admin");
    await changeMemberRole(db, ada.id, organization.slug, ben.id, "basic_member");
    await removeMember(db, ada.id, organization.slug, ben.id);

    const mine = (await listMyOrganizations(db, ada.id)).find((o) => o.id === organization.id)!;
    const page = await listActivity(db, mine);
    expect(page.entries.map((e) => e.summary)).toEqual([
      "Ada Admin removed Ben Basic",
      "Ada Admin changed Ben Basic's role from Admin to Member",
      "Ada Admin changed Ben Basic's role from Member to Admin",
      "Ben Basic joined as Member",
      `${ben.email} accepted the invitation`,
      `Ada Admin invited ${ben.email} as Member`,
      "Ada Admin joined as Admin",
      "Ada Admin created the organization Story Rockets",
    ]);
    const roles = await listActivity(db, mine, { type: "organizationMembership.updated" });
    expect(roles.entries).toHaveLength(2);
    const aboutBen = await listActivity(db, mine, { member: ben.id });
    expect(aboutBen.entries.every((e) => e.summary.includes("Ben Basic") || e.summary.includes(ben.email))).toBe(true);
    await expect(listActivity(db, mine, { type: "nope" })).rejects.toThrow(/event type/);

    // Keyset pages: more than a page of role changes, read in two pages with nothing lost or repeated.
    const carl = await makeUser(prisma, "carl");
    await prisma.membership.create({
      data: { organizationId: organization.id, userId: carl.id, role: "basic_member" },
    });
    for (let i = 0; i < ACTIVITY_PAGE_SIZE; i++)
      await changeMemberRole(db, ada.id, organization.slug, carl.id, i % 2 === 0 ? "admin" : "basic_member");
    const first = await listActivity(db, mine);
    const second = await listActivity(db, mine, { before: first.nextBefore! });
    expect(first.entries).toHaveLength(ACTIVITY_PAGE_SIZE);
    const ids = [...first.entries, ...second.entries].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(ACTIVITY_PAGE_SIZE + 8);

    const csv: string[] = [];
    for await (const entry of exportActivity(db, mine, { type: "organization.created" }))
      csv.push(activityCsvRow(entry));
    expect(csv).toHaveLength(1);
    expect(csv[0]).toContain("Ada Admin created the organization Story Rockets");
    expect(csvLine(["=HYPERLINK(1)", 'say "hi"', "a,b"])).toBe(`'=HYPERLINK(1),"say ""hi""","a,b"\r\n`);

    // Basic members do not read it.
    const basic = await makeUser(prisma, "basic");
    await prisma.membership.create({
      data: { organizationId: organization.id, userId: basic.id, role: "basic_member" },
    });
    const theirs = (await listMyOrganizations(db, basic.id)).find((o) => o.id === organization.id)!;
    await expect(listActivity(db, theirs)).rejects.toMatchObject({ code: "missing_organization_permission" });
  });
});
