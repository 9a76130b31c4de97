// Proving a domain with a 6-digit code mailed to an address there (the affiliation address):
// sending the code, and checking it, under the organization's lock then the domain row's (the
// order ./domains.ts keeps).
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import type { Db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { domainCodeEmail } from "../../email/domain-emails";
import { queueEmail } from "../../email/outbox";
import { numberSetting } from "../../settings";
import { emailSchema, normalizeEmail } from "../../validation/auth";
import { DomainError, invalidParam } from "../errors";
import { lockDomain, lockForDomains, readDomain, verifyLocked } from "./domains";
import { domainSecretSql, MAX_CODE_ATTEMPTS, type DomainDto, type DomainSecretRow } from "./sql";

/** Verification codes one domain may be sent per hour (the first and the resends). */
export const DOMAIN_CODES_PER_HOUR = numberSetting("DOMAIN_VERIFICATION_CODES_PER_HOUR", 5, { min: 1 });
export const CODE_LIFETIME_MINUTES = 10;

const hashCode = (domainId: string, code: string) => createHash("sha256").update(`${domainId}:${code}`).digest();

function alreadyVerified(name: string): DomainError {
  return new DomainError("organization_domain_already_verified", `${name} is already verified.`);
}

/**
 * Mails a 6-digit code to an address at the domain (the affiliation
 * address). A new code replaces the previous one; DOMAIN_CODES_PER_HOUR per
 * domain. The code works CODE_LIFETIME_MINUTES, for MAX_CODE_ATTEMPTS tries.
 */
export async function sendDomainCode(
  db: Db,
  actorId: string,
  ref: string,
  domainId: string,
  affiliationEmail: unknown,
): Promise<DomainDto> {
  const parsed = emailSchema.safeParse(affiliationEmail);
  if (!parsed.success) {
    throw invalidParam("affiliationEmail", parsed.error.issues[0]?.message ?? "Enter an email address.");
  }
  const email = normalizeEmail(parsed.data);
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  return db.transaction(async (tx) => {
    const organizationId = await lockForDomains(tx, actorId, ref);
    const domain = await lockDomain(tx, organizationId, domainId);
    if (domain.verified) throw alreadyVerified(domain.name);
    if (email.split("@")[1] !== domain.name) {
      throw invalidParam("affiliationEmail", `Enter an address at ${domain.name}, such as you@${domain.name}.`);
    }
    const secret = (await tx.one<DomainSecretRow>(domainSecretSql(domain.id)))!;
    const now = Date.now();
    const windowOpen = secret.codes_window_start && now - secret.codes_window_start.getTime() < 60 * 60 * 1000;
    if (windowOpen && secret.codes_sent >= DOMAIN_CODES_PER_HOUR) {
      const retryAt = secret.codes_window_start!.getTime() + 60 * 60 * 1000;
      const minutes = Math.max(1, Math.ceil((retryAt - now) / 60_000));
      throw new DomainError(
        "too_many_requests",
        `${DOMAIN_CODES_PER_HOUR} codes were sent for ${domain.name} in the last hour. Another can be sent in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`,
        { retryAfterSeconds: minutes * 60 },
      );
    }
    const organization = (await tx.one<{ name: string }>(
      Prisma.sql`SELECT name FROM organizations WHERE id = ${organizationId}`,
    ))!;
    // Bookkeeping of the verification in progress: the domain is not changed until it is verified.
    await tx.execute(Prisma.sql`/* no event */
      UPDATE organization_domains
         SET code_hash = ${hashCode(domain.id, code).toString("hex")}, code_attempts = 0,
             code_expires_at = ${new Date(now + CODE_LIFETIME_MINUTES * 60 * 1000)},
             affiliation_email = ${email},
             codes_sent = ${windowOpen ? secret.codes_sent + 1 : 1}::int,
             codes_window_start = ${windowOpen ? secret.codes_window_start : new Date(now)}
       WHERE id = ${domain.id}`);
    await queueEmail(tx, email, await domainCodeEmail(organization.name, domain.name, code));
    return readDomain(tx, organizationId, domain.id);
  });
}

/**
 * Checks a code. A wrong code counts a try (committed even though the call is
 * refused); the right one verifies the domain, unless another organization
 * verified the name first.
 */
export async function verifyDomainCode(
  db: Db,
  actorId: string,
  ref: string,
  domainId: string,
  code: unknown,
): Promise<DomainDto> {
  const typed = typeof code === "string" ? code.replace(/\s+/g, "") : "";
  if (!/^\d{6}$/.test(typed)) throw invalidParam("code", "Enter the 6-digit code from the email.");
  const outcome = await db.transaction(async (tx): Promise<DomainDto | DomainError> => {
    const organizationId = await lockForDomains(tx, actorId, ref);
    const domain = await lockDomain(tx, organizationId, domainId);
    if (domain.verified) return domain;
    const secret = (await tx.one<DomainSecretRow>(domainSecretSql(domain.id)))!;
    if (!secret.code_hash || !secret.code_expires_at || secret.code_expires_at.getTime() <= Date.now()) {
      return new DomainError("verification_expired", "This code has expired. Send a new one.", {
        paramName: "code",
        fieldErrors: { code: "This code has expired. Send a new one." },
      });
    }
    if (secret.code_attempts >= MAX_CODE_ATTEMPTS) {
      return new DomainError("verification_failed", "Too many wrong codes. Send a new one.", {
        paramName: "code",
        fieldErrors: { code: "Too many wrong codes. Send a new one." },
      });
    }
    const right = timingSafeEqual(Buffer.from(secret.code_hash, "hex"), hashCode(domain.id, typed));
    if (!right) {
      await tx.execute(Prisma.sql`/* no event */
        UPDATE organization_domains SET code_attempts = code_attempts + 1 WHERE id = ${domain.id}`);
      const left = MAX_CODE_ATTEMPTS - secret.code_attempts - 1;
      const message =
        left > 0
          ? `That code is not right. ${left} ${left === 1 ? "try" : "tries"} left.`
          : "That code is not right, and it was the last try. Send a new code.";
      return new DomainError("form_code_incorrect", message, { paramName: "code", fieldErrors: { code: message } });
    }
    return verifyLocked(tx, actorId, domain, null);
  });
  if (outcome instanceof DomainError) throw outcome;
  return outcome;
}
