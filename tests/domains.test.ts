// Verified domains against PostgreSQL: adding (free-mail and malformed names,
// another organization's verified domain, the cap), verifying by emailed code
// (tries, expiry, resends) or at once with the admin's own address, enrollment
// modes (automatic invitations and suggestions, only for verified addresses,
// withdrawn on a mode switch or delete), requests accepted and rejected, the
// events and their words, and the races: two organizations verifying one
// domain at once, 20 parallel accepts of one request, the member cap.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, prisma } from "@/lib/db";
import { INSTANCE } from "@/lib/domain/access";
import { listActivity } from "@/lib/domain/activity";
import { addDomain, deleteDomain, listDomains, parseDomainName, updateDomain } from "@/lib/domain/domains/domains";
import { DOMAIN_CODES_PER_HOUR, sendDomainCode, verifyDomainCode } from "@/lib/domain/domains/verification";
import { isCommonEmailDomain } from "@/lib/domain/domains/mail-providers";
import {
  acceptMembershipRequest,
  countPendingRequests,
  dismissSuggestion,
  listMySuggestions,
  listPendingRequests,
  notifyWaitingRequests,
  rejectMembershipRequest,
  requestToJoin,
} from "@/lib/domain/domains/requests";
import { acceptMyInvitation, declineMyInvitation, listMyInvitations } from "@/lib/domain/invitations/mine";
import { verifyEmail } from "@/lib/domain/email-verification";
import { createInvitations } from "@/lib/domain/invitations/admin";
import { getOrganization } from "@/lib/domain/organizations/organizations";
import { storeAccountToken, tokenExpiry } from "@/lib/domain/account-tokens";
import { newToken } from "@/lib/domain/tokens";
import { domainJson } from "@/lib/api/serialize";
import { makeOrganization } from "./support/orgs";
import { codeOf } from "./support/errors";

afterAll(() => prisma.$disconnect());

/** A domain nobody else in the test database uses. */
const newDomain = (label = "acme") => `${label}-${randomUUID().slice(0, 8)}.test`;

async function person(domain: string, label = "person", { verified = true } = {}) {
  return prisma.user.create({
    data: {
      name: `${label} ${randomUUID().slice(0, 6)}`,
      email: `${label}-${randomUUID().slice(0, 8)}@${domain}`,
      emailVerified: verified ? new Date() : null,
    },
    select: { id: true, name: true, email: true, emailVerified: true, createdAt: true },
  });
}

async function orgWithAdmin(adminDomain = "example.test") {
  const admin = await person(adminDomain, "admin");
  const org = await makeOrganization(prisma, [[admin, "admin"]]);
  return { admin, org };
}

/** The code in the newest verification email to `to`. */
async function codeSentTo(to: string): Promise<string> {
  const email = await prisma.outboxEmail.findFirst({ where: { to }, orderBy: { createdAt: "desc" } });
  const code = email?.subject.match(/\b(\d{6})\b/)?.[1];
  expect(code, `a code emailed to ${to}`).toBeDefined();
  return code!;
}

/** Adds and verifies a domain through the emailed code. */
async function verifiedDomain(adminId: string, orgId: string, name = newDomain()) {
  const domain = await addDomain(db, adminId, orgId, { name });
  const affiliation = `it-${randomUUID().slice(0, 6)}@${name}`;
  await sendDomainCode(db, adminId, orgId, domain.id, affiliation);
  return verifyDomainCode(db, adminId, orgId, domain.id, await codeSentTo(affiliation));
}

/** Adds and verifies a domain, then sets how people at it are enrolled. */
async function enrolledDomain(
  adminId: string,
  orgId: string,
  name: string,
  enrollmentMode: "automatic_invitation" | "automatic_suggestion",
) {
  const domain = await verifiedDomain(adminId, orgId, name);
  await updateDomain(db, adminId, orgId, domain.id, { enrollmentMode });
  return domain;
}

/** The person asks to join through the one suggestion they are shown; returns the request. */
async function askToJoin(userId: string) {
  const [suggestion] = await listMySuggestions(db, userId);
  return (await requestToJoin(db, userId, suggestion!.id)).request;
}

describe("adding a domain", () => {
  it("refuses free and disposable mail providers (from the npm lists), and their subdomains", async () => {
    expect(isCommonEmailDomain("gmail.com")).toBe(true);
    expect(isCommonEmailDomain("outlook.com")).toBe(true);
    expect(isCommonEmailDomain("mailinator.com")).toBe(true);
    expect(isCommonEmailDomain("eu.mailinator.com")).toBe(true);
    expect(isCommonEmailDomain("acme-rockets.test")).toBe(false);
    const { admin, org } = await orgWithAdmin();
    expect(await codeOf(addDomain(db, admin.id, org.id, { name: "gmail.com" }))).toBe("organization_domain_common");
    expect(await codeOf(addDomain(db, admin.id, org.id, { name: "Mailinator.com" }))).toBe(
      "organization_domain_common",
    );
    expect(await prisma.organizationDomain.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("refuses malformed names, naming the parameter; normalizes case and a trailing dot", async () => {
    for (const bad of [
      "acme",
      "https://acme.com",
      "@acme.com",
      "ac me.com",
      "-acme.com",
      "acme..com",
      "acme.c0m",
      "a".repeat(64) + ".com",
    ]) {
      const error = await addDomain(db, INSTANCE, "nowhere", { name: bad }).catch(
        (e: { code: string; meta: Record<string, unknown> }) => e,
      );
      expect(error, bad).toMatchObject({ code: "form_param_format_invalid", meta: { paramName: "name" } });
    }
    expect(parseDomainName("  Acme.COM. ")).toBe("acme.com");
    expect(parseDomainName("xn--bcher-kva.example")).toBe("xn--bcher-kva.example");
  });

  it("refuses a domain another organization verified, and one the organization already has", async () => {
    const a = await orgWithAdmin();
    const b = await orgWithAdmin();
    const domain = await verifiedDomain(a.admin.id, a.org.id);
    expect(await codeOf(addDomain(db, b.admin.id, b.org.id, { name: domain.name }))).toBe(
      "organization_domain_already_exists",
    );
    expect(await codeOf(addDomain(db, a.admin.id, a.org.id, { name: domain.name }))).toBe(
      "organization_domain_already_exists",
    );
    // Unverified elsewhere is no claim: both may add it, the first to verify holds it.
    const open = newDomain();
    await addDomain(db, a.admin.id, a.org.id, { name: open });
    expect(await codeOf(addDomain(db, b.admin.id, b.org.id, { name: open }))).toBe("ok");
  });

  it("caps the domains per organization (MAX_DOMAINS_PER_ORGANIZATION, 10)", async () => {
    const { admin, org } = await orgWithAdmin();
    for (let i = 0; i < 10; i++) await addDomain(db, admin.id, org.id, { name: newDomain(`cap${i}`) });
    expect(await codeOf(addDomain(db, admin.id, org.id, { name: newDomain("eleventh") }))).toBe(
      "organization_domain_quota_exceeded",
    );
  });

  it("is for admins: a basic member can neither manage nor list domains", async () => {
    const { admin, org } = await orgWithAdmin();
    const member = await person("example.test", "member");
    await prisma.membership.create({ data: { organizationId: org.id, userId: member.id, role: "basic_member" } });
    const domain = await addDomain(db, admin.id, org.id, { name: newDomain() });
    expect(await codeOf(addDomain(db, member.id, org.id, { name: newDomain() }))).toBe(
      "missing_organization_permission",
    );
    expect(await codeOf(listDomains(db, member.id, org.id))).toBe("missing_organization_permission");
    expect(await codeOf(deleteDomain(db, member.id, org.id, domain.id))).toBe("missing_organization_permission");
    expect(
      await codeOf(updateDomain(db, member.id, org.id, domain.id, { enrollmentMode: "automatic_invitation" })),
    ).toBe("missing_organization_permission");
    expect(await codeOf(sendDomainCode(db, member.id, org.id, domain.id, `x@${domain.name}`))).toBe(
      "missing_organization_permission",
    );
  });
});

describe("verifying a domain", () => {
  it("by a 6-digit code mailed to an address at the domain: stored hashed, 5 tries, then a new code", async () => {
    const { admin, org } = await orgWithAdmin();
    const name = newDomain();
    const domain = await addDomain(db, admin.id, org.id, { name });
    expect(domain.verified).toBe(false);
    expect(await codeOf(sendDomainCode(db, admin.id, org.id, domain.id, "it@elsewhere.test"))).toBe(
      "form_param_format_invalid",
    );
    const affiliation = `it@${name}`;
    const sent = await sendDomainCode(db, admin.id, org.id, domain.id, affiliation);
    expect(sent.affiliationEmail).toBe(affiliation);
    expect(sent.codeExpiresAt!.getTime() - Date.now()).toBeGreaterThan(9 * 60 * 1000);
    expect(sent.codeExpiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60 * 1000);
    const code = await codeSentTo(affiliation);
    const row = await prisma.organizationDomain.findUniqueOrThrow({ where: { id: domain.id } });
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.codeHash).not.toContain(code);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      expect(await codeOf(verifyDomainCode(db, admin.id, org.id, domain.id, wrong))).toBe("form_code_incorrect");
    }
    // The sixth try is refused even with the right code: a new one must be sent.
    expect(await codeOf(verifyDomainCode(db, admin.id, org.id, domain.id, code))).toBe("verification_failed");
    await sendDomainCode(db, admin.id, org.id, domain.id, affiliation);
    const fresh = await codeSentTo(affiliation);
    const verified = await verifyDomainCode(db, admin.id, org.id, domain.id, fresh);
    expect(verified).toMatchObject({ verified: true, affiliationEmail: affiliation });
    expect(domainJson(verified)).toMatchObject({
      object: "organization_domain",
      verification: { status: "verified", strategy: "email_code" },
    });
  });

  it("refuses an expired code, and limits the codes sent per hour", async () => {
    const { admin, org } = await orgWithAdmin();
    const name = newDomain();
    const domain = await addDomain(db, admin.id, org.id, { name });
    await sendDomainCode(db, admin.id, org.id, domain.id, `it@${name}`);
    const code = await codeSentTo(`it@${name}`);
    await prisma.organizationDomain.update({
      where: { id: domain.id },
      data: { codeExpiresAt: new Date(Date.now() - 1000) },
    });
    expect(await codeOf(verifyDomainCode(db, admin.id, org.id, domain.id, code))).toBe("verification_expired");
    for (let i = 1; i < DOMAIN_CODES_PER_HOUR; i++) await sendDomainCode(db, admin.id, org.id, domain.id, `it@${name}`);
    expect(await codeOf(sendDomainCode(db, admin.id, org.id, domain.id, `it@${name}`))).toBe("too_many_requests");
    expect(await prisma.outboxEmail.count({ where: { to: `it@${name}` } })).toBe(DOMAIN_CODES_PER_HOUR);
  });

  it("at once for an admin whose own verified address is at the domain (not an unverified one)", async () => {
    const name = newDomain();
    const { admin, org } = await orgWithAdmin(name);
    const domain = await addDomain(db, admin.id, org.id, { name });
    expect(domain).toMatchObject({ verified: true, affiliationEmail: admin.email });

    const other = newDomain();
    const unverified = await person(other, "unverified", { verified: false });
    const org2 = await makeOrganization(prisma, [[unverified, "admin"]]);
    expect((await addDomain(db, unverified.id, org2.id, { name: other })).verified).toBe(false);
  });

  it("through the API, created verified (Clerk's default) or not", async () => {
    const { org } = await orgWithAdmin();
    const added = (verified: boolean) =>
      addDomain(db, INSTANCE, org.id, { name: newDomain(), verified }, { trustVerified: true });
    expect((await added(true)).verified).toBe(true);
    const unverified = await added(false);
    expect(unverified.verified).toBe(false);
    expect(domainJson(unverified).verification).toBeNull();
    // The pages cannot mark a domain verified without the code.
    expect(await codeOf(updateDomain(db, INSTANCE, org.id, unverified.id, { verified: true }))).toBe(
      "form_param_format_invalid",
    );
  });

  it("race: two organizations verifying the same domain at once, one wins", async () => {
    const name = newDomain("contested");
    const a = await orgWithAdmin();
    const b = await orgWithAdmin();
    const domainA = await addDomain(db, a.admin.id, a.org.id, { name });
    const domainB = await addDomain(db, b.admin.id, b.org.id, { name });
    await sendDomainCode(db, a.admin.id, a.org.id, domainA.id, `a@${name}`);
    await sendDomainCode(db, b.admin.id, b.org.id, domainB.id, `b@${name}`);
    const [codeA, codeB] = [await codeSentTo(`a@${name}`), await codeSentTo(`b@${name}`)];
    const results = await Promise.all([
      codeOf(verifyDomainCode(db, a.admin.id, a.org.id, domainA.id, codeA)),
      codeOf(verifyDomainCode(db, b.admin.id, b.org.id, domainB.id, codeB)),
    ]);
    expect(results.sort()).toEqual(["ok", "organization_domain_already_exists"]);
    expect(await prisma.organizationDomain.count({ where: { verifiedName: name } })).toBe(1);
  });

  it("race: 10 rounds of two organizations creating the domain verified through the API at once", async () => {
    for (let round = 0; round < 10; round++) {
      const name = newDomain("api-race");
      const [a, b] = [await orgWithAdmin(), await orgWithAdmin()];
      const results = await Promise.all(
        [a, b].map(({ org }) =>
          codeOf(addDomain(db, INSTANCE, org.id, { name, verified: true }, { trustVerified: true })),
        ),
      );
      expect(results.sort()).toEqual(["ok", "organization_domain_already_exists"]);
      expect(await prisma.organizationDomain.count({ where: { verifiedName: name } })).toBe(1);
    }
  });
});

describe("automatic invitations", () => {
  it("invite the verified people at the domain when it is verified in that mode, never the unverified", async () => {
    const name = newDomain();
    const { admin, org } = await orgWithAdmin();
    const verified = await person(name, "ben");
    const unverified = await person(name, "cy", { verified: false });
    const elsewhere = await person(newDomain("other"), "dee");
    const domain = await addDomain(db, admin.id, org.id, { name });
    await updateDomain(db, admin.id, org.id, domain.id, { enrollmentMode: "automatic_invitation" });
    // Not verified yet: nobody is invited.
    expect(await prisma.invitation.count({ where: { domainId: domain.id } })).toBe(0);
    await sendDomainCode(db, admin.id, org.id, domain.id, `it@${name}`);
    const after = await verifyDomainCode(db, admin.id, org.id, domain.id, await codeSentTo(`it@${name}`));
    expect(after.totalPendingInvitations).toBe(1);
    const invitations = await prisma.invitation.findMany({ where: { domainId: domain.id } });
    expect(invitations.map((i) => [i.email, i.role, i.status, i.inviterId])).toEqual([
      [verified.email, "org:member", "pending", null],
    ]);
    // Emailed once, and shown on /orgs as an automatic invitation.
    expect(await prisma.outboxEmail.count({ where: { to: verified.email, subject: { contains: "invited" } } })).toBe(1);
    const mine = await listMyInvitations(db, verified.id);
    expect(mine.invitations).toEqual([expect.objectContaining({ domainName: name, role: "org:member" })]);
    expect((await listMyInvitations(db, unverified.id)).invitations).toEqual([]);
    expect((await listMyInvitations(db, elsewhere.id)).invitations).toEqual([]);
    // Accepting makes a member with the default role.
    await acceptMyInvitation(db, verified.id, mine.invitations[0]!.id);
    expect(
      await prisma.membership.findUnique({
        where: { organizationId_userId: { organizationId: org.id, userId: verified.id } },
        select: { role: true },
      }),
    ).toEqual({ role: "org:member" });
  });

  it("invite a person when their address becomes verified (sign-up verification), once", async () => {
    const name = newDomain();
    const { admin, org } = await orgWithAdmin();
    const domain = await enrolledDomain(admin.id, org.id, name, "automatic_invitation");
    const newcomer = await person(name, "newcomer", { verified: false });
    expect(await prisma.invitation.count({ where: { email: newcomer.email } })).toBe(0);
    const { token, tokenHash } = newToken();
    await db.transaction((tx) =>
      storeAccountToken(tx, {
        userId: newcomer.id,
        kind: "email_verification",
        tokenHash,
        email: newcomer.email,
        expiresAt: tokenExpiry("email_verification"),
      }),
    );
    await verifyEmail(db, token);
    expect(await prisma.invitation.count({ where: { email: newcomer.email, status: "pending" } })).toBe(1);
    // Dismissed, it is not made again (until the mode is set anew).
    const [invitation] = (await listMyInvitations(db, newcomer.id)).invitations;
    await declineMyInvitation(db, newcomer.id, invitation!.id);
    await updateDomain(db, admin.id, org.id, domain.id, { enrollmentMode: "automatic_invitation" });
    expect(await prisma.invitation.count({ where: { email: newcomer.email, status: "pending" } })).toBe(0);
  });

  it("hold no place under the member cap, and do not count against the hourly invitation limit", async () => {
    const name = newDomain();
    const { admin, org } = await orgWithAdmin();
    await prisma.organization.update({ where: { id: org.id }, data: { maxAllowedMemberships: 2 } });
    const people = [await person(name, "p1"), await person(name, "p2"), await person(name, "p3")];
    const domain = await enrolledDomain(admin.id, org.id, name, "automatic_invitation");
    expect(await prisma.invitation.count({ where: { domainId: domain.id, status: "pending" } })).toBe(3);
    // The admin can still invite one person by hand (1 member + 1 pending = the cap of 2).
    await createInvitations(db, admin.id, org.id, { emails: `hand-${randomUUID().slice(0, 6)}@example.test` });
    const ids = (await Promise.all(people.map((p) => listMyInvitations(db, p.id)))).map((m) => m.invitations[0]!.id);
    // Joining counts: the cap (1 admin + 1 pending invitation) is full.
    expect(await codeOf(acceptMyInvitation(db, people[0]!.id, ids[0]!))).toBe("organization_membership_quota_exceeded");
  });

  it("are withdrawn by a mode switch or deleting the domain (requests already made stay)", async () => {
    const name = newDomain();
    const { admin, org } = await orgWithAdmin();
    const ben = await person(name, "ben");
    const cy = await person(name, "cy");
    const domain = await enrolledDomain(admin.id, org.id, name, "automatic_suggestion");
    await askToJoin(ben.id);
    expect((await listMySuggestions(db, cy.id)).length).toBe(1);
    const switched = await updateDomain(db, admin.id, org.id, domain.id, { enrollmentMode: "automatic_invitation" });
    expect(switched.totalPendingSuggestions).toBe(0);
    expect(await listMySuggestions(db, cy.id)).toEqual([]);
    // Ben asked already: no invitation, his request stays for the admins.
    expect((await listMyInvitations(db, ben.id)).invitations).toEqual([]);
    expect((await listMyInvitations(db, cy.id)).invitations).toHaveLength(1);
    const orgDto = await getOrganization(db, admin.id, org.id);
    expect(await countPendingRequests(db, orgDto)).toBe(1);
    await deleteDomain(db, admin.id, org.id, domain.id);
    expect((await listMyInvitations(db, cy.id)).invitations).toEqual([]);
    expect(await prisma.invitation.findFirst({ where: { email: cy.email } })).toMatchObject({ status: "revoked" });
    expect(await countPendingRequests(db, orgDto)).toBe(1);
  });
});

describe("suggestions and requests", () => {
  it("a verified person asks to join, an admin accepts: a member with the default role; events in words", async () => {
    const name = newDomain();
    const { admin, org } = await orgWithAdmin();
    const ada = await person(name, "ada");
    await enrolledDomain(admin.id, org.id, name, "automatic_suggestion");
    const [suggestion] = await listMySuggestions(db, ada.id);
    expect(suggestion).toMatchObject({ status: "pending", domainName: name, organization: { id: org.id } });
    const { request } = await requestToJoin(db, ada.id, suggestion!.id);
    // Asking twice is harmless.
    expect((await requestToJoin(db, ada.id, suggestion!.id)).request.id).toBe(request.id);
    expect(await listMySuggestions(db, ada.id)).toEqual([expect.objectContaining({ requestId: request.id })]);
    // The admins are emailed (batched).
    expect(await prisma.outboxEmail.count({ where: { to: admin.email, subject: { contains: "asked to join" } } })).toBe(
      1,
    );
    const orgDto = await getOrganization(db, admin.id, org.id);
    const pending = await listPendingRequests(db, orgDto);
    expect(pending.data.map((r) => r.user.email)).toEqual([ada.email]);
    await acceptMembershipRequest(db, admin.id, org.id, request.id);
    expect(
      await prisma.membership.findUnique({
        where: { organizationId_userId: { organizationId: org.id, userId: ada.id } },
        select: { role: true },
      }),
    ).toEqual({ role: "org:member" });
    expect(await listMySuggestions(db, ada.id)).toEqual([]);
    const words = (await listActivity(db, orgDto)).entries.map((entry) => entry.summary);
    expect(words).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/asked to join$/),
        expect.stringMatching(/accepted .*'s request to join$/),
        expect.stringMatching(new RegExp(`set ${name.replace(/\./g, "\\.")} to automatic suggestions$`)),
        expect.stringMatching(new RegExp(`verified the domain ${name.replace(/\./g, "\\.")}$`)),
        expect.stringMatching(new RegExp(`added the domain ${name.replace(/\./g, "\\.")}$`)),
      ]),
    );
    const types = await prisma.event.findMany({ where: { organizationId: org.id }, select: { type: true } });
    expect(types.map((t) => t.type)).toEqual(
      expect.arrayContaining([
        "organizationDomain.created",
        "organizationDomain.updated",
        "organizationMembershipRequest.created",
        "organizationMembershipRequest.accepted",
        "organizationMembership.created",
      ]),
    );
  });

  it("the sweep emails the requests that waited out the interval, once", async () => {
    const name = newDomain();
    const { admin, org } = await orgWithAdmin();
    const [ada, ben] = [await person(name, "ada"), await person(name, "ben")];
    await enrolledDomain(admin.id, org.id, name, "automatic_suggestion");
    for (const p of [ada, ben]) await askToJoin(p.id);
    const emails = () =>
      prisma.outboxEmail.findMany({ where: { to: admin.email, subject: { contains: "asked to join" } } });
    expect(await emails()).toHaveLength(1);
    await notifyWaitingRequests(db);
    expect(await emails()).toHaveLength(1);
    // The interval passes (set in the data, not waited for): the sweep names Ben, once.
    await prisma.membershipRequest.updateMany({
      where: { organizationId: org.id, adminsNotifiedAt: { not: null } },
      data: { adminsNotifiedAt: new Date(Date.now() - 2 * 60 * 60 * 1000) },
    });
    await Promise.all([notifyWaitingRequests(db), notifyWaitingRequests(db)]);
    const sent = await emails();
    expect(sent).toHaveLength(2);
    expect(sent.map((email) => email.text).join("\n")).toContain(ben.name);
  });

  it("batches the admins' emails: one per interval however many ask", async () => {
    const name = newDomain();
    const { admin, org } = await orgWithAdmin();
    const people = [await person(name, "a"), await person(name, "b"), await person(name, "c")];
    await enrolledDomain(admin.id, org.id, name, "automatic_suggestion");
    for (const p of people) await askToJoin(p.id);
    expect(await prisma.outboxEmail.count({ where: { to: admin.email, subject: { contains: "asked to join" } } })).toBe(
      1,
    );
  });

  it("rejecting, dismissing, and nothing for a person whose address is unverified or elsewhere", async () => {
    const name = newDomain();
    const { admin, org } = await orgWithAdmin();
    const ben = await person(name, "ben");
    const cy = await person(name, "cy");
    const unverified = await person(name, "dee", { verified: false });
    await enrolledDomain(admin.id, org.id, name, "automatic_suggestion");
    expect(await listMySuggestions(db, unverified.id)).toEqual([]);
    const request = await askToJoin(ben.id);
    await rejectMembershipRequest(db, admin.id, org.id, request.id);
    expect(await codeOf(acceptMembershipRequest(db, admin.id, org.id, request.id))).toBe(
      "organization_membership_request_not_pending",
    );
    expect(await prisma.membership.count({ where: { organizationId: org.id } })).toBe(1);
    const [cySuggestion] = await listMySuggestions(db, cy.id);
    await dismissSuggestion(db, cy.id, cySuggestion!.id);
    expect(await listMySuggestions(db, cy.id)).toEqual([]);
    expect(await codeOf(requestToJoin(db, cy.id, cySuggestion!.id))).toBe("organization_invitation_not_pending");
    // Someone else's suggestion is not found.
    expect(await codeOf(requestToJoin(db, ben.id, cySuggestion!.id))).toBe("resource_not_found");
  });

  it("race: 20 parallel accepts of one request make one membership", async () => {
    const name = newDomain();
    const { admin, org } = await orgWithAdmin();
    const ada = await person(name, "ada");
    await enrolledDomain(admin.id, org.id, name, "automatic_suggestion");
    const request = await askToJoin(ada.id);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => codeOf(acceptMembershipRequest(db, admin.id, org.id, request.id))),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(new Set(results.filter((r) => r !== "ok"))).toEqual(
      new Set(["organization_membership_request_not_pending"]),
    );
    expect(await prisma.membership.count({ where: { organizationId: org.id, userId: ada.id } })).toBe(1);
    expect(
      await prisma.event.count({ where: { organizationId: org.id, type: "organizationMembershipRequest.accepted" } }),
    ).toBe(1);
  });

  it("race: accepting requests in parallel honours the member cap", async () => {
    const name = newDomain();
    const { admin, org } = await orgWithAdmin();
    await prisma.organization.update({ where: { id: org.id }, data: { maxAllowedMemberships: 3 } });
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => person(name, `p${i}`)));
    await enrolledDomain(admin.id, org.id, name, "automatic_suggestion");
    const requests = [];
    for (const p of people) requests.push(await askToJoin(p.id));
    const results = await Promise.all(
      requests.map((request) => codeOf(acceptMembershipRequest(db, admin.id, org.id, request.id))),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(2);
    expect(results.filter((r) => r === "organization_membership_quota_exceeded")).toHaveLength(4);
    expect(await prisma.membership.count({ where: { organizationId: org.id } })).toBe(3);
  });
});
