// Throttling rules against PostgreSQL: strangers cannot lock an owner out,
// one client's failures slow that client, a trusted device counts only its
// own failures, and sign-ups are limited like sign-ins.
import { afterAll, describe, expect, it } from "vitest";
import { prisma, db } from "@/lib/db";
import { isDomainError } from "@/lib/domain/errors";
import { hashPassword } from "@/lib/domain/passwords";
import { SIGN_UPS_PER_CLIENT, SIGN_UPS_PER_EMAIL } from "@/lib/domain/rate-limit";
import { ACCOUNT_POLICY, CLIENT_POLICY, accountKey, type TrustedDevice } from "@/lib/domain/throttle";
import { signUp, verifyCredentials } from "@/lib/domain/users";
import { newSignUp, uniqueEmail } from "./support/factories";

afterAll(() => prisma.$disconnect());

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

let next = 0;
/** A client address no other test uses. */
function stranger(): string {
  next += 1;
  return `198.18.${Math.floor(Math.random() * 200)}.${next % 250}-${Date.now()}-${next}`;
}

describe("sign-in throttling per account and client", () => {
  it("five strangers' failures do not block the owner", async () => {
    const owner = newSignUp("owner");
    await signUp(db, owner);
    for (let i = 0; i < 5; i++) {
      expect(await outcome(verifyCredentials(db, { email: owner.email, password: `wrong-${i}` }, stranger()))).toBe(
        "form_password_incorrect",
      );
    }
    expect(await outcome(verifyCredentials(db, owner, stranger()))).toBe("ok");
  });

  it("one client's failures block that client only", async () => {
    const owner = newSignUp("owner");
    await signUp(db, owner);
    const guesser = stranger();
    const codes: string[] = [];
    for (let i = 0; i < CLIENT_POLICY.maxFailures + 1; i++) {
      codes.push(await outcome(verifyCredentials(db, { email: owner.email, password: `wrong-${i}` }, guesser)));
    }
    expect(codes.slice(0, -2).every((code) => code === "form_password_incorrect")).toBe(true);
    expect(codes.slice(-2)).toEqual(["too_many_requests", "too_many_requests"]);
    const blocked = await verifyCredentials(db, owner, guesser).catch((error: unknown) => error);
    expect(isDomainError(blocked) && blocked.message).toMatch(
      /^Too many failed sign-in attempts\. Try again in 15 minutes\.$/,
    );
    expect(await outcome(verifyCredentials(db, owner, stranger()))).toBe("ok");
  });

  it("the account's own limit holds against many clients; the owner's device still signs in", async () => {
    const owner = newSignUp("owner");
    const { email } = await signUp(db, owner);
    const device: TrustedDevice = { email, id: "device-of-the-owner-0001" };
    // Spread over many clients, in parallel batches.
    for (let batch = 0; batch < ACCOUNT_POLICY.maxFailures; batch += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, ACCOUNT_POLICY.maxFailures - batch) }, (_, i) =>
          outcome(verifyCredentials(db, { email, password: `wrong-${batch + i}` }, stranger())),
        ),
      );
    }
    const row = await prisma.signInThrottle.findUniqueOrThrow({ where: { key: accountKey(email) } });
    expect(row.failures).toBe(ACCOUNT_POLICY.maxFailures);
    // Any client without the owner's device waits, even with the password...
    expect(await outcome(verifyCredentials(db, owner, stranger()))).toBe("too_many_requests");
    // ...and a device of another account does not count for this one.
    expect(await outcome(verifyCredentials(db, owner, stranger(), { email: uniqueEmail(), id: device.id }))).toBe(
      "too_many_requests",
    );
    // The owner's device signs in, from any address.
    expect(await outcome(verifyCredentials(db, owner, stranger(), device))).toBe("ok");
    // Signing in does not give the strangers their attempts back.
    expect(
      (await prisma.signInThrottle.findUniqueOrThrow({ where: { key: accountKey(email) } })).blockedUntil!.getTime(),
    ).toBeGreaterThan(Date.now());
  });

  it("a device's own failures still count against that device", async () => {
    const owner = newSignUp("owner");
    const { email } = await signUp(db, owner);
    const device: TrustedDevice = { email, id: "device-that-guesses-0001" };
    const codes: string[] = [];
    for (let i = 0; i < CLIENT_POLICY.maxFailures; i++) {
      codes.push(await outcome(verifyCredentials(db, { email, password: `wrong-${i}` }, stranger(), device)));
    }
    expect(codes.at(-1)).toBe("too_many_requests");
    expect(await outcome(verifyCredentials(db, owner, stranger(), device))).toBe("too_many_requests");
    // Another of the owner's browsers is not affected.
    expect(await outcome(verifyCredentials(db, owner, stranger(), { email, id: "another-owner-device-01" }))).toBe(
      "ok",
    );
  });
});

describe("sign-up limits", () => {
  it("limits sign-ups per client address, before any password is hashed", async () => {
    const client = stranger();
    for (let i = 0; i < SIGN_UPS_PER_CLIENT.maxFailures; i++) await signUp(db, newSignUp("burst"), client);
    const refused = newSignUp("burst");
    const error = await signUp(db, refused, client).catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe("too_many_requests");
    expect(isDomainError(error) && error.message).toMatch(/^Too many sign-up attempts\. Try again in 60 minutes\.$/);
    expect(await prisma.user.count({ where: { email: refused.email } })).toBe(0);
    // Another client signs up.
    expect(await outcome(signUp(db, newSignUp("burst"), stranger()))).toBe("ok");
  });

  it("limits sign-ups per email address, from any client", async () => {
    const target = newSignUp("target");
    const codes: string[] = [];
    for (let i = 0; i < SIGN_UPS_PER_EMAIL.maxFailures + 1; i++)
      codes.push(await outcome(signUp(db, target, stranger())));
    expect(codes[0]).toBe("ok");
    expect(codes.slice(1, -1).every((code) => code === "form_identifier_exists")).toBe(true);
    expect(codes.at(-1)).toBe("too_many_requests");
  });

  it("'an account with this email exists' counts as a failed sign-in from that client", async () => {
    const owner = newSignUp("owner");
    await prisma.user.create({
      data: { name: owner.name, email: owner.email, passwordHash: await hashPassword(owner.password) },
    });
    const prober = stranger();
    const answers: string[] = [];
    for (let i = 0; i < CLIENT_POLICY.maxFailures; i++) {
      answers.push(
        await signUp(db, { ...owner, password: `probe-${i}-password` }, prober).then(
          () => "ok",
          (e: Error) => e.message,
        ),
      );
    }
    expect(
      answers
        .slice(0, -1)
        .every((message) => message === "An account with this email already exists. Sign in instead."),
    ).toBe(true);
    expect(answers.at(-1)).toMatch(/^Too many sign-up attempts\. Try again in 15 minutes\.$/);
    // The prober's sign-ins for that account wait too; the owner elsewhere does not.
    expect(await outcome(verifyCredentials(db, owner, prober))).toBe("too_many_requests");
    expect(await outcome(verifyCredentials(db, owner, stranger()))).toBe("ok");
  });
});
