import { afterAll, describe, expect, it } from "vitest";
import { prisma, db } from "@/lib/db";
import { isDomainError } from "@/lib/domain/errors";
import { SIGN_UPS_PER_EMAIL } from "@/lib/domain/rate-limit";
import { ADDRESS_POLICY, CLIENT_POLICY, accountClientKey } from "@/lib/domain/throttle";
import { signUp, verifyCredentials } from "@/lib/domain/users";
import { newSignUp, uniqueEmail } from "./support/factories";

afterAll(() => prisma.$disconnect());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return "no error";
}

describe("sign-up", () => {
  it("normalizes the email, hashes with argon2id and returns no hash", async () => {
    const input = newSignUp("norm");
    const user = await signUp(db, { ...input, email: `  ${input.email.toUpperCase()}  ` });
    expect(user.email).toBe(input.email);
    expect(Object.keys(user).sort()).toEqual(["createdAt", "email", "emailVerified", "id", "name"]);
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(input.password);
  });

  it("queues the welcome email, with its verification link, in the same transaction", async () => {
    const input = newSignUp("welcome");
    const user = await signUp(db, input);
    const emails = await prisma.outboxEmail.findMany({ where: { to: input.email } });
    expect(emails).toHaveLength(1);
    expect(emails[0]?.status).toBe("pending");
    expect(emails[0]?.html).toContain("Welcome");
    expect(emails[0]?.text).toContain("Your account is ready.");
    expect(emails[0]?.text).toMatch(/\/verify-email\/[A-Za-z0-9_-]{43}/);
    expect(await prisma.accountToken.count({ where: { userId: user.id, kind: "email_verification" } })).toBe(1);
  });

  it("refuses a taken email in any letter case, without a second user or email", async () => {
    const input = newSignUp("dup");
    await signUp(db, input);
    expect(await codeOf(signUp(db, { ...input, email: input.email.toUpperCase() }))).toBe("form_identifier_exists");
    expect(await prisma.user.count({ where: { email: input.email } })).toBe(1);
    expect(await prisma.outboxEmail.count({ where: { to: input.email } })).toBe(1);
  });

  it("lets exactly one of many concurrent sign-ups with one email win", async () => {
    const input = newSignUp("race");
    // As many as the sign-up and sign-in limits let through for one address and one email.
    const racers = Math.min(SIGN_UPS_PER_EMAIL.maxFailures, CLIENT_POLICY.maxFailures);
    const results = await Promise.allSettled(Array.from({ length: racers }, () => signUp(db, input)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect(isDomainError(r.reason) && r.reason.code).toBe("form_identifier_exists");
    }
    expect(await prisma.user.count({ where: { email: input.email } })).toBe(1);
    expect(await prisma.outboxEmail.count({ where: { to: input.email } })).toBe(1);
  });

  it.each([
    [{ name: "", email: uniqueEmail(), password: "long-enough-password" }, "name"],
    [{ name: "A", email: "not-an-email", password: "long-enough-password" }, "email"],
    [{ name: "A", email: uniqueEmail(), password: "short" }, "password"],
    [{ name: "A", email: uniqueEmail() }, "password"],
  ])("refuses invalid input with the field named (%o)", async (input, field) => {
    const error = await signUp(db, input).catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe("form_param_format_invalid");
    expect(isDomainError(error) && error.meta.paramName).toBe(field);
  });
});

describe("credentials", () => {
  it("accepts the right password with any email case and returns a DTO", async () => {
    const input = newSignUp("creds");
    const created = await signUp(db, input);
    const user = await verifyCredentials(
      db,
      { email: input.email.toUpperCase(), password: input.password },
      "203.0.113.1",
    );
    expect(user).toEqual({ ...created, sessionVersion: 0 });
  });

  it("gives one error for a wrong password and for an unknown email", async () => {
    const input = newSignUp("wrong");
    await signUp(db, input);
    expect(await codeOf(verifyCredentials(db, { email: input.email, password: "nope" }, null))).toBe(
      "form_password_incorrect",
    );
    expect(await codeOf(verifyCredentials(db, { email: uniqueEmail(), password: "nope" }, null))).toBe(
      "form_password_incorrect",
    );
  });

  it("blocks a client of an account after repeated failures, even for the right password", async () => {
    const input = newSignUp("block");
    await signUp(db, input);
    const codes: string[] = [];
    for (let i = 0; i < CLIENT_POLICY.maxFailures; i++) {
      codes.push(await codeOf(verifyCredentials(db, { email: input.email, password: `wrong-${i}` }, null)));
    }
    expect(codes.slice(0, -1).every((c) => c === "form_password_incorrect")).toBe(true);
    expect(codes.at(-1)).toBe("too_many_requests");
    const blocked = await verifyCredentials(db, input, null).catch((e: unknown) => e);
    expect(isDomainError(blocked) && blocked.code).toBe("too_many_requests");
    expect(isDomainError(blocked) && blocked.message).toMatch(/Try again in 15 minutes\./);
    expect(isDomainError(blocked) && Number(blocked.meta.retryAfterSeconds)).toBeGreaterThan(14 * 60);

    // The block ends on time: moved into the past in the data, not waited for.
    await prisma.signInThrottle.update({
      where: { key: accountClientKey(input.email, null) },
      data: { blockedUntil: new Date(Date.now() - 1000) },
    });
    await expect(verifyCredentials(db, input, null)).resolves.toMatchObject({ email: input.email });
  });

  it("counts concurrent failures without losing any", async () => {
    const input = newSignUp("parallel");
    await signUp(db, input);
    const codes = await Promise.all(
      Array.from({ length: CLIENT_POLICY.maxFailures + 3 }, (_, i) =>
        codeOf(verifyCredentials(db, { email: input.email, password: `wrong-${i}` }, null)),
      ),
    );
    // Every attempt was counted before its password was checked: none verified past the limit.
    expect(codes.filter((c) => c === "form_password_incorrect")).toHaveLength(CLIENT_POLICY.maxFailures - 1);
    expect(codes.filter((c) => c === "too_many_requests")).toHaveLength(4);
    const row = await prisma.signInThrottle.findUniqueOrThrow({ where: { key: accountClientKey(input.email, null) } });
    // Attempts that arrived after the block were refused before being counted.
    expect(row.failures).toBeGreaterThanOrEqual(CLIENT_POLICY.maxFailures);
    await expect(verifyCredentials(db, input, null)).rejects.toMatchObject({ code: "too_many_requests" });
  });

  it("blocks a client address that fails across many accounts", async () => {
    const address = `198.51.100.${Math.floor(Math.random() * 250)}-${Date.now()}`;
    const codes: string[] = [];
    for (let i = 0; i < ADDRESS_POLICY.maxFailures; i++) {
      codes.push(await codeOf(verifyCredentials(db, { email: uniqueEmail("spray"), password: "guess" }, address)));
    }
    expect(codes.at(-1)).toBe("too_many_requests");
    const input = newSignUp("victim");
    await signUp(db, input);
    expect(await codeOf(verifyCredentials(db, input, address))).toBe("too_many_requests");
    // Another address is not affected.
    await expect(verifyCredentials(db, input, "192.0.2.77")).resolves.toMatchObject({ email: input.email });
  });
});
