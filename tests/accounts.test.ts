import { afterAll, describe, expect, it } from "vitest";
import { prisma, db } from "@/lib/db";
import { hashToken } from "@/lib/domain/tokens";
import { deleteAccount } from "@/lib/domain/delete-account";
import { requestEmailVerification, verifyEmail } from "@/lib/domain/email-verification";
import { isDomainError } from "@/lib/domain/errors";
import { createInvitations } from "@/lib/domain/invitations/admin";
import { signUpWithInvitation, viewInvitation } from "@/lib/domain/invitations/invitee";
import { requestPasswordReset, resetPassword, resetRequestedMessage } from "@/lib/domain/password-reset";
import {
  changePassword,
  confirmEmailChange,
  requestEmailChange,
  signOutEverywhere,
  updateName,
} from "@/lib/domain/profile";
import { listSessions, startSession } from "@/lib/domain/sessions";
import { ACCOUNT_EMAILS_PER_USER, RESET_PER_ADDRESS, RESET_PER_CLIENT } from "@/lib/domain/rate-limit";
import { getSessionUser, signUp, verifyCredentials, type UserDto } from "@/lib/domain/users";
import type { Role } from "@/lib/authz";
import { newSignUp, uniqueEmail } from "./support/factories";
import { makeAdminAndMember, makeOrganization, makeUser } from "./support/orgs";
import { realPostgres } from "./support/database";

afterAll(() => prisma.$disconnect());

/** The token in the newest queued email to `to` whose link starts with `path`, as the recipient would click it. */
async function tokenFromEmail(to: string, path: string): Promise<string> {
  const emails = await prisma.outboxEmail.findMany({ where: { to }, orderBy: { createdAt: "desc" } });
  for (const email of emails) {
    const match = email.text.match(new RegExp(`${path}/([A-Za-z0-9_-]+)`));
    if (match) return match[1]!;
  }
  throw new Error(`no ${path} link in emails to ${to}`);
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isDomainError(error)) throw new Error(`expected a domain error, got ${String(error)}`);
  return error;
}

async function signedUp(label: string) {
  const input = newSignUp(label);
  const user = await signUp(db, input);
  return { ...input, user };
}

describe("email verification", () => {
  it("sign-up queues one welcome email carrying a 256-bit, hashed, 24-hour verification link", async () => {
    const { user, email } = await signedUp("verify");
    expect(user.emailVerified).toBeNull();
    const emails = await prisma.outboxEmail.findMany({ where: { to: email } });
    expect(emails).toHaveLength(1);
    const token = await tokenFromEmail(email, "/verify-email");
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const row = await prisma.accountToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row).toMatchObject({ kind: "email_verification", email, usedAt: null });
    const hours = (row.expiresAt.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
  });

  it("verifies once; the link is single use", async () => {
    const { user, email } = await signedUp("once");
    const token = await tokenFromEmail(email, "/verify-email");
    await expect(verifyEmail(db, token)).resolves.toEqual({ email });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeInstanceOf(Date);
    const again = await failure(verifyEmail(db, token));
    expect(again.code).toBe("verification_failed");
    expect(again.message).toBe("This link has already been used.");
  });

  it("refuses an expired link and leaves the account unverified", async () => {
    const { user, email } = await signedUp("expired");
    const token = await tokenFromEmail(email, "/verify-email");
    await prisma.accountToken.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const error = await failure(verifyEmail(db, token));
    expect(error.code).toBe("verification_expired");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeNull();
  });

  it("a resend makes the earlier link stop working, and resends are rate-limited", async () => {
    const { user, email } = await signedUp("resend");
    const first = await tokenFromEmail(email, "/verify-email");
    await requestEmailVerification(db, user.id);
    const second = await tokenFromEmail(email, "/verify-email");
    expect(second).not.toBe(first);
    expect((await failure(verifyEmail(db, first))).code).toBe("verification_failed");
    for (let i = 1; i < ACCOUNT_EMAILS_PER_USER.maxFailures; i++) await requestEmailVerification(db, user.id);
    const limited = await failure(requestEmailVerification(db, user.id));
    expect(limited.code).toBe("too_many_requests");
    expect(limited.message).toMatch(/Try again in (60|59) minutes\./);
    expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(1 + ACCOUNT_EMAILS_PER_USER.maxFailures);
  });

  it("an account made from an invitation emailed only to its address is verified already", async () => {
    const admin = await makeUser(prisma, "inviter");
    const org = await makeOrganization(prisma, [[admin, "admin"]]);
    const email = uniqueEmail("invited");
    await createInvitations(db, admin.id, org.slug, { emails: [email] }, { emailOnly: true });
    const { user } = await signUpWithInvitation(db, await tokenFromEmail(email, "/invitations"), {
      name: "Invited",
      password: "long enough password",
    });
    expect(user.emailVerified).toBeInstanceOf(Date);
  });
});

describe("password reset", () => {
  it("answers known and unknown addresses identically, and sends an email either way", async () => {
    const { email } = await signedUp("known");
    const unknown = uniqueEmail("unknown");
    const known = await requestPasswordReset(db, { email }, null);
    const stranger = await requestPasswordReset(db, { email: unknown }, null);
    expect(known.message.replace(email, "X")).toBe(stranger.message.replace(unknown, "X"));
    expect(known.message).toBe(resetRequestedMessage(email));
    expect((await prisma.outboxEmail.findMany({ where: { to: email, subject: { contains: "Reset" } } })).length).toBe(
      1,
    );
    const noAccount = await prisma.outboxEmail.findMany({ where: { to: unknown } });
    expect(noAccount).toHaveLength(1);
    expect(noAccount[0]!.subject).toBe(
      (await prisma.outboxEmail.findFirstOrThrow({ where: { to: email, subject: { contains: "Reset" } } })).subject,
    );
    expect(noAccount[0]!.text).toContain("there is no account for this address");
    expect(await prisma.accountToken.count({ where: { email: unknown } })).toBe(0);
  });

  it("takes about the same time for known and unknown addresses", async () => {
    const accounts = await Promise.all(Array.from({ length: 6 }, (_, i) => signedUp(`timing${i}`)));
    const time = async (email: string) => {
      const start = performance.now();
      await requestPasswordReset(db, { email }, null);
      return performance.now() - start;
    };
    await time(uniqueEmail("warmup"));
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (const account of accounts) {
      knownTimes.push(await time(account.email));
      unknownTimes.push(await time(uniqueEmail("nobody")));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [k, u] = [median(knownTimes), median(unknownTimes)];
    console.info(`password reset request, median of 6: known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`);
    // Generous: equal work on both paths; shared CI cores add noise.
    expect(Math.abs(k - u)).toBeLessThan(Math.max(25, 0.5 * Math.max(k, u)));
  });

  it("sets the new password once, ends every session, and the old password stops working", async () => {
    const { user, email, password } = await signedUp("reset");
    const before = (await verifyCredentials(db, { email, password }, null)).sessionVersion;
    const session = await startSession(db, user.id);
    await requestPasswordReset(db, { email }, null);
    const token = await tokenFromEmail(email, "/reset-password");
    const row = await prisma.accountToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(3_600_000);
    await resetPassword(db, token, { password: "a brand new password" });
    expect(await getSessionUser(db, user.id, before, session.id)).toBeNull();
    await expect(verifyCredentials(db, { email, password }, null)).rejects.toMatchObject({
      code: "form_password_incorrect",
    });
    const after = await verifyCredentials(db, { email, password: "a brand new password" }, null);
    expect(after.sessionVersion).toBe(before + 1);
    // The ended row stays ended; a new sign-in starts a new session under the new version.
    expect(await getSessionUser(db, user.id, after.sessionVersion, session.id)).toBeNull();
    expect(await getSessionUser(db, user.id, after.sessionVersion, (await startSession(db, user.id)).id)).toMatchObject(
      { id: user.id },
    );
    // Single use.
    const again = await failure(resetPassword(db, token, { password: "yet another password" }));
    expect(again.message).toBe("This link has already been used.");
    await expect(verifyCredentials(db, { email, password: "a brand new password" }, null)).resolves.toMatchObject({
      id: user.id,
    });
  });

  it("refuses an expired reset link without changing anything", async () => {
    const { email, password } = await signedUp("resetexp");
    await requestPasswordReset(db, { email }, null);
    const token = await tokenFromEmail(email, "/reset-password");
    await prisma.accountToken.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect((await failure(resetPassword(db, token, { password: "another new password" }))).code).toBe(
      "verification_expired",
    );
    await expect(verifyCredentials(db, { email, password }, null)).resolves.toMatchObject({ email });
  });

  it("a newer reset email makes the older link stop working", async () => {
    const { email } = await signedUp("resetnewer");
    await requestPasswordReset(db, { email }, null);
    const first = await tokenFromEmail(email, "/reset-password");
    await requestPasswordReset(db, { email }, null);
    expect((await failure(resetPassword(db, first, { password: "another new password" }))).code).toBe(
      "verification_failed",
    );
  });

  it.skipIf(!realPostgres)("of two concurrent uses of one link exactly one succeeds", async () => {
    const { email } = await signedUp("resetrace");
    await requestPasswordReset(db, { email }, null);
    const token = await tokenFromEmail(email, "/reset-password");
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => resetPassword(db, token, { password: `concurrent password ${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const winner = results.findIndex((r) => r.status === "fulfilled");
    await expect(
      verifyCredentials(db, { email, password: `concurrent password ${winner}` }, null),
    ).resolves.toMatchObject({ email });
    expect((await prisma.user.findUniqueOrThrow({ where: { email } })).sessionVersion).toBe(1);
  });

  it("limits requests per address, the same for unknown addresses, with a wait that names no account", async () => {
    const { email } = await signedUp("resetlimit");
    const unknown = uniqueEmail("resetlimit-unknown");
    const messages: string[] = [];
    for (const address of [email, unknown]) {
      for (let i = 0; i < RESET_PER_ADDRESS.maxFailures; i++) await requestPasswordReset(db, { email: address }, null);
      messages.push((await failure(requestPasswordReset(db, { email: address }, null))).message);
    }
    expect(messages[0]).toBe(messages[1]);
    expect(messages[0]).toMatch(/^Too many password reset requests\. Try again in (60|59) minutes\.$/);
    expect(await prisma.outboxEmail.count({ where: { to: unknown } })).toBe(RESET_PER_ADDRESS.maxFailures);
  });

  it("limits requests per client address across many email addresses", async () => {
    const client = `203.0.113.${Date.now()}`;
    for (let i = 0; i < RESET_PER_CLIENT.maxFailures; i++)
      await requestPasswordReset(db, { email: uniqueEmail("spray") }, client);
    expect((await failure(requestPasswordReset(db, { email: uniqueEmail("spray") }, client))).code).toBe(
      "too_many_requests",
    );
    await expect(requestPasswordReset(db, { email: uniqueEmail("spray") }, "192.0.2.200")).resolves.toBeTruthy();
  });
});

describe("profile", () => {
  it("changes the name", async () => {
    const { user } = await signedUp("rename");
    await expect(updateName(db, user.id, { name: "  New Name " })).resolves.toMatchObject({ name: "New Name" });
    expect((await failure(updateName(db, user.id, { name: "" }))).meta.paramName).toBe("name");
  });

  it("changes the password only with the current one, and ends other sessions", async () => {
    const { user, email, password } = await signedUp("chpw");
    const wrong = await failure(
      changePassword(db, user.id, { currentPassword: "not it", newPassword: "new password here" }),
    );
    expect(wrong.meta.fieldErrors).toEqual({ currentPassword: "That is not your current password." });
    expect(
      (await failure(changePassword(db, user.id, { currentPassword: password, newPassword: "short" }))).meta.paramName,
    ).toBe("newPassword");
    const session = await startSession(db, user.id);
    const { sessionVersion } = await changePassword(db, user.id, {
      currentPassword: password,
      newPassword: "new password here",
    });
    expect(sessionVersion).toBe(1);
    expect(await getSessionUser(db, user.id, 0, session.id)).toBeNull();
    expect(await getSessionUser(db, user.id, 1, session.id)).toBeNull();
    await expect(verifyCredentials(db, { email, password: "new password here" }, null)).resolves.toMatchObject({
      sessionVersion: 1,
    });
  });

  it("sign out everywhere ends every session", async () => {
    const { user } = await signedUp("everywhere");
    const [one, two] = [await startSession(db, user.id), await startSession(db, user.id)];
    expect(await getSessionUser(db, user.id, 0, one.id)).toMatchObject({ id: user.id });
    expect(await getSessionUser(db, user.id, 0, two.id)).toMatchObject({ id: user.id });
    await expect(signOutEverywhere(db, user.id)).resolves.toEqual({ sessionVersion: 1 });
    expect(await getSessionUser(db, user.id, 0, one.id)).toBeNull();
    expect(await getSessionUser(db, user.id, 1, two.id)).toBeNull();
    expect(await listSessions(db, user.id, null)).toEqual([]);
    expect(await getSessionUser(db, user.id, 1, (await startSession(db, user.id)).id)).toMatchObject({ id: user.id });
  });

  it("changes the email only when the link sent to the new address is used, once", async () => {
    const { user, email, password } = await signedUp("chmail");
    const newEmail = uniqueEmail("chmail-new");
    await requestEmailChange(db, user.id, { newEmail: newEmail.toUpperCase(), password });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(email);
    const token = await tokenFromEmail(newEmail, "/confirm-email");
    await expect(confirmEmailChange(db, token)).resolves.toEqual({ email: newEmail, previousEmail: email });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.email).toBe(newEmail);
    expect(row.emailVerified).toBeInstanceOf(Date);
    expect((await prisma.outboxEmail.findMany({ where: { to: email } })).map((e) => e.subject)).toContain(
      "Your Orgs email address was changed",
    );
    expect((await failure(confirmEmailChange(db, token))).message).toBe("This link has already been used.");
  });

  it("an email change asked for with a known password dies when the owner resets the password or signs out everywhere", async () => {
    const { user, email, password } = await signedUp("hijack");
    await requestEmailChange(db, user.id, { newEmail: uniqueEmail("attacker"), password });
    const hijack = await tokenFromEmail(
      (await prisma.accountToken.findFirstOrThrow({ where: { userId: user.id, kind: "email_change" } })).newEmail!,
      "/confirm-email",
    );
    await requestPasswordReset(db, { email }, null);
    await resetPassword(db, await tokenFromEmail(email, "/reset-password"), { password: "the owner's new password" });
    expect((await failure(confirmEmailChange(db, hijack))).code).toMatch(/^verification_/);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(email);

    await requestEmailChange(db, user.id, { newEmail: uniqueEmail("attacker2"), password: "the owner's new password" });
    const second = await tokenFromEmail(
      (await prisma.accountToken.findFirstOrThrow({ where: { userId: user.id, kind: "email_change", usedAt: null } }))
        .newEmail!,
      "/confirm-email",
    );
    await signOutEverywhere(db, user.id);
    expect((await failure(confirmEmailChange(db, second))).code).toMatch(/^verification_/);
  });

  it("refuses a taken address when asked, and when the link is used after someone took it", async () => {
    const { user, password } = await signedUp("chtaken");
    const other = await signedUp("chtaken-other");
    const taken = await failure(requestEmailChange(db, user.id, { newEmail: other.email, password }));
    expect(taken.meta.fieldErrors).toEqual({ newEmail: "Another account already uses this email address." });
    const wanted = uniqueEmail("chtaken-later");
    await requestEmailChange(db, user.id, { newEmail: wanted, password });
    const token = await tokenFromEmail(wanted, "/confirm-email");
    await signUp(db, { ...newSignUp("squatter"), email: wanted });
    expect((await failure(confirmEmailChange(db, token))).code).toBe("form_identifier_exists");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
  });

  it("asks for the password before an email change, and refuses an expired link", async () => {
    const { user, password } = await signedUp("chexp");
    expect(
      (await failure(requestEmailChange(db, user.id, { newEmail: uniqueEmail(), password: "wrong" }))).meta.paramName,
    ).toBe("password");
    const newEmail = uniqueEmail("chexp-new");
    await requestEmailChange(db, user.id, { newEmail, password });
    const token = await tokenFromEmail(newEmail, "/confirm-email");
    await prisma.accountToken.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect((await failure(confirmEmailChange(db, token))).code).toBe("verification_expired");
  });
});

describe("deleting an account", () => {
  it("needs the email typed to confirm", async () => {
    const { user } = await signedUp("delconfirm");
    expect((await failure(deleteAccount(db, user.id, { confirm: "someone else" }))).meta.paramName).toBe("confirm");
    expect(await prisma.user.count({ where: { id: user.id } })).toBe(1);
  });

  it("is refused while the person is the only admin of organizations with other members, naming them, and changes nothing", async () => {
    const person = await makeUser(prisma, "lastadmin");
    const member = await makeUser(prisma, "member");
    const memberships: Array<[UserDto, Role]> = [
      [person, "admin"],
      [member, "basic_member"],
    ];
    const first = await makeOrganization(prisma, memberships, "alpha");
    const second = await makeOrganization(prisma, memberships, "beta");
    const alone = await makeOrganization(prisma, [[person, "admin"]], "solo");
    const error = await failure(deleteAccount(db, person.id, { confirm: person.email }));
    expect(error.code).toBe("organization_minimum_permissions_needed");
    expect(error.message).toContain(first.name);
    expect(error.message).toContain(second.name);
    expect(error.message).not.toContain(alone.name);
    expect(error.message).toMatch(/Make another member an admin of each of them, or delete them/);
    expect(await prisma.user.count({ where: { id: person.id } })).toBe(1);
    expect(await prisma.organization.count({ where: { id: { in: [first.id, second.id, alone.id] } } })).toBe(3);
    expect(await prisma.membership.count({ where: { userId: person.id } })).toBe(3);
  });

  it("deletes the person, their sole-member organizations and their data; invitations they sent stay valid", async () => {
    const person = await makeUser(prisma, "leaver");
    const colleague = await makeUser(prisma, "colleague");
    const shared = await makeOrganization(
      prisma,
      [
        [person, "admin"],
        [colleague, "admin"],
      ],
      "shared",
    );
    const solo = await makeOrganization(prisma, [[person, "admin"]], "solo");
    const invitee = uniqueEmail("invitee");
    const [issued] = await createInvitations(db, person.id, shared.slug, { emails: [invitee] });
    await requestPasswordReset(db, { email: person.email }, null);

    const result = await deleteAccount(db, person.id, { confirm: ` ${person.email.toUpperCase()} ` });
    expect(result.deletedOrganizations).toEqual([solo.name]);
    expect(await prisma.user.count({ where: { id: person.id } })).toBe(0);
    expect(await prisma.organization.count({ where: { id: solo.id } })).toBe(0);
    expect(await prisma.membership.count({ where: { userId: person.id } })).toBe(0);
    expect(await prisma.accountToken.count({ where: { userId: person.id } })).toBe(0);
    expect(await prisma.membership.count({ where: { organizationId: shared.id } })).toBe(1);
    const view = await viewInvitation(db, issued!.url!.split("/invitations/")[1]!);
    expect(view?.invitation).toMatchObject({ status: "pending", inviterName: null });
    // Only the goodbye note is left addressed to them.
    expect((await prisma.outboxEmail.findMany({ where: { to: person.email } })).map((e) => e.subject)).toEqual([
      "Your Orgs account was deleted",
    ]);
  });

  it("a member who is not the last admin just leaves", async () => {
    const { member: person, org } = await makeAdminAndMember(prisma, { admin: "stays", member: "member-leaver" });
    await expect(deleteAccount(db, person.id, { confirm: person.email })).resolves.toEqual({
      email: person.email,
      deletedOrganizations: [],
    });
    expect(await prisma.membership.count({ where: { organizationId: org.id } })).toBe(1);
  });

  it.skipIf(!realPostgres)(
    "two admins deleting their accounts at once cannot leave an organization without an admin",
    async () => {
      const a = await makeUser(prisma, "twin-a");
      const b = await makeUser(prisma, "twin-b");
      const member = await makeUser(prisma, "twin-member");
      const org = await makeOrganization(prisma, [
        [a, "admin"],
        [b, "admin"],
        [member, "basic_member"],
      ]);
      const results = await Promise.allSettled([
        deleteAccount(db, a.id, { confirm: a.email }),
        deleteAccount(db, b.id, { confirm: b.email }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await prisma.membership.count({ where: { organizationId: org.id, role: "org:admin" } })).toBe(1);
    },
  );
});
