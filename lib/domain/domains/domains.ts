// Verified domains, the admins' side: add a domain, prove it (with a 6-digit
// code mailed to an address there: ./verification.ts; or at once when the
// admin's own verified address is there), choose its enrollment mode, delete it. Every change
// happens under the organization's lock, then the domain row's; a domain name
// is verified by one organization at most (a transaction-scoped advisory lock
// on the name orders two organizations verifying it at once, and the unique
// index on verified_name backs it up). The REST API calls the same functions.
import type { Db, Tx } from "../../db";
import { grantOf, INSTANCE_GRANT, type Grant } from "../../authz";
import { Prisma } from "../../generated/prisma/client";
import { rolePermissionKeysSql } from "../roles/sql";
import { numberSetting } from "../../settings";
import { isLookupKey } from "../../validation/text";
import { INSTANCE, lockAsMember, requirePermission, sqlWhereRef } from "../access";
import { DomainError, invalidParam, notFound } from "../errors";
import { domainDeletedEvent, domainEvent } from "../event-payloads";
import { enrollDomain, withdrawDomain } from "./enrollment";
import { isCommonEmailDomain } from "./mail-providers";
import {
  domainSql,
  insertDomainSql,
  isEnrollmentMode,
  listDomainsSql,
  markVerifiedSql,
  toDomain,
  type DomainDto,
  type DomainRow,
  type EnrollmentMode,
} from "./sql";

export type { DomainDto, EnrollmentMode } from "./sql";
export { ENROLLMENT_MODES, MAX_CODE_ATTEMPTS } from "./sql";

/** Domains one organization may have (verified or not). */
export const MAX_DOMAINS_PER_ORGANIZATION = numberSetting("MAX_DOMAINS_PER_ORGANIZATION", 10, { min: 1 });
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
export const DOMAIN_FORMAT_MESSAGE = "Enter a domain name such as acme.com (without https:// or an @).";

/** A domain name as stored (lowercase ASCII, no trailing dot), or a form_param_format_invalid naming `param`. */
export function parseDomainName(value: unknown, param = "name"): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new DomainError("form_param_missing", "Enter a domain name such as acme.com.", {
      paramName: param,
      fieldErrors: { [param]: "Enter a domain name such as acme.com." },
    });
  }
  const name = value.trim().toLowerCase().replace(/\.$/, "");
  const labels = name.split(".");
  if (
    name.length > 253 ||
    labels.length < 2 ||
    !labels.every((label) => DOMAIN_LABEL.test(label)) ||
    !TOP_LEVEL.test(labels.at(-1)!)
  ) {
    throw invalidParam(param, DOMAIN_FORMAT_MESSAGE);
  }
  return name;
}

function commonDomain(name: string, param = "name"): DomainError {
  const message = `${name} is a free or disposable email provider: anyone can have an address there, so it cannot be an organization's domain.`;
  return new DomainError("organization_domain_common", message, {
    paramName: param,
    fieldErrors: { [param]: message },
  });
}

function takenDomain(name: string, ownOrganization: boolean, param = "name"): DomainError {
  const message = ownOrganization
    ? `${name} is already one of this organization's domains.`
    : `${name} is verified by another organization.`;
  return new DomainError("organization_domain_already_exists", message, {
    paramName: param,
    fieldErrors: { [param]: message },
  });
}

export async function lockForDomains(tx: Tx, actorId: string, ref: string): Promise<string> {
  const actor = await lockAsMember(tx, actorId, ref);
  requirePermission(actor.role, "org:sys_domains:manage");
  return actor.organizationId;
}

export async function lockDomain(tx: Tx, organizationId: string, domainId: string): Promise<DomainDto> {
  if (!isLookupKey(domainId)) throw notFound("domain");
  const row = await tx.one<DomainRow>(domainSql(organizationId, domainId, true));
  if (!row) throw notFound("domain");
  return toDomain(row);
}

export async function readDomain(tx: Db, organizationId: string, domainId: string): Promise<DomainDto> {
  const row = await tx.one<DomainRow>(domainSql(organizationId, domainId));
  if (!row) throw notFound("domain");
  return toDomain(row);
}

/**
 * Waits for any other transaction verifying the same name (two organizations
 * at once), then says whether another organization holds it verified.
 */
async function verifiedElsewhere(tx: Tx, organizationId: string, name: string): Promise<boolean> {
  await tx.execute(Prisma.sql`SELECT pg_advisory_xact_lock(hashtextextended(${`domain:${name}`}, 0))`);
  // A statement of its own after the lock: it sees what the other transaction committed.
  const holder = await tx.one<{ organization_id: string }>(
    Prisma.sql`SELECT organization_id FROM organization_domains WHERE verified_name = ${name}`,
  );
  return holder !== undefined && holder.organization_id !== organizationId;
}

/**
 * Marks the domain verified (refused when another organization verified the
 * name first), records its event (an update, or the creation of a domain
 * created verified) and enrolls the people at it.
 */
export async function verifyLocked(
  tx: Tx,
  actorId: string,
  before: DomainDto,
  affiliationEmail: string | null,
  created = false,
): Promise<DomainDto> {
  if (await verifiedElsewhere(tx, before.organizationId, before.name)) throw takenDomain(before.name, false);
  await tx.execute(markVerifiedSql(before.id, affiliationEmail));
  if (created) await domainEvent(tx, actorId, "organizationDomain.created", before.organizationId, before.id);
  else await domainEvent(tx, actorId, "organizationDomain.updated", before.organizationId, before.id, before);
  await enrollDomain(tx, before.id);
  return readDomain(tx, before.organizationId, before.id);
}

/** The organization's domains (admins), newest first. */
export async function listDomains(
  db: Db,
  actorId: string,
  ref: string,
  { limit = 100, offset = 0 }: { limit?: number; offset?: number } = {},
): Promise<{ data: DomainDto[]; totalCount: number }> {
  return db.transaction(async (tx) => {
    const actor = await lockAsMemberShared(tx, actorId, ref);
    requirePermission(actor.role, "org:sys_domains:read");
    const rows = await tx.rows<DomainRow & { total: number }>(listDomainsSql(actor.organizationId, limit, offset));
    return { data: rows.map((row) => toDomain(row)), totalCount: rows[0]?.total ?? 0 };
  });
}

/** lockAsMember's read without the lock (listing changes nothing). */
async function lockAsMemberShared(
  tx: Tx,
  actorId: string,
  ref: string,
): Promise<{ organizationId: string; role: Grant }> {
  const found = await tx.one<{ id: string }>(Prisma.sql`SELECT o.id FROM organizations o WHERE ${sqlWhereRef(ref)}`);
  if (!found) throw notFound();
  if (actorId === INSTANCE) return { organizationId: found.id, role: INSTANCE_GRANT };
  const membership = await tx.one<{ role: string; permissions: string[] }>(
    Prisma.sql`SELECT m.role, ${rolePermissionKeysSql("m.role")} AS permissions
                 FROM organization_memberships m WHERE m.organization_id = ${found.id} AND m.user_id = ${actorId}`,
  );
  if (!membership) throw notFound();
  return { organizationId: found.id, role: grantOf(membership) };
}

export type NewDomainInput = { name?: unknown; enrollmentMode?: unknown; verified?: unknown };

/**
 * Adds a domain. Refused when malformed, a free or disposable mail provider,
 * verified by another organization, already the organization's, or past
 * MAX_DOMAINS_PER_ORGANIZATION. It starts unverified, except: through the
 * REST API with `verified: true` (Clerk's default there), or when the admin
 * adding it has a verified address at it (that proves the affiliation).
 */
export async function addDomain(
  db: Db,
  actorId: string,
  ref: string,
  input: NewDomainInput,
  options: { trustVerified?: boolean } = {},
): Promise<DomainDto> {
  const name = parseDomainName(input.name);
  if (isCommonEmailDomain(name)) throw commonDomain(name);
  const mode = input.enrollmentMode ?? "manual_invitation";
  if (!isEnrollmentMode(mode)) throw badMode();
  if (input.verified !== undefined && typeof input.verified !== "boolean")
    throw invalidParam("verified", "verified must be true or false.");
  return db.transaction(async (tx) => {
    const organizationId = await lockForDomains(tx, actorId, ref);
    const count = await tx.one<{ n: number; own: boolean }>(Prisma.sql`
      SELECT count(*)::int AS n, bool_or(name = ${name}) AS own FROM organization_domains WHERE organization_id = ${organizationId}`);
    if (count?.own) throw takenDomain(name, true);
    if ((count?.n ?? 0) >= MAX_DOMAINS_PER_ORGANIZATION) {
      throw new DomainError(
        "organization_domain_quota_exceeded",
        `An organization can have at most ${MAX_DOMAINS_PER_ORGANIZATION} domains. Delete one to add another.`,
        { cap: MAX_DOMAINS_PER_ORGANIZATION },
      );
    }
    const elsewhere = await tx.one(
      Prisma.sql`SELECT 1 FROM organization_domains WHERE verified_name = ${name} AND organization_id <> ${organizationId}`,
    );
    if (elsewhere) throw takenDomain(name, false);
    const inserted = await tx.one<{ id: string }>(
      insertDomainSql(organizationId, name, mode, actorId === INSTANCE ? null : actorId),
    );
    // A concurrent add of the same name by this organization (the lock makes it rare): the same answer.
    if (!inserted) throw takenDomain(name, true);
    const created = await readDomain(tx, organizationId, inserted.id);
    if (options.trustVerified && input.verified !== false) return verifyLocked(tx, actorId, created, null, true);
    const own = await ownVerifiedAddressAt(tx, actorId, name);
    if (own) return verifyLocked(tx, actorId, created, own, true);
    await domainEvent(tx, actorId, "organizationDomain.created", organizationId, inserted.id);
    return created;
  });
}

/** The acting person's own address when it is verified and at the domain: proof enough. */
async function ownVerifiedAddressAt(tx: Db, actorId: string, name: string): Promise<string | null> {
  if (actorId === INSTANCE) return null;
  const user = await tx.one<{ email: string }>(
    Prisma.sql`SELECT email FROM users WHERE id = ${actorId} AND email_verified IS NOT NULL`,
  );
  return user && user.email.split("@")[1] === name ? user.email : null;
}

function badMode(): DomainError {
  return new DomainError(
    "form_param_value_invalid",
    "enrollment_mode must be manual_invitation, automatic_invitation or automatic_suggestion.",
    { paramName: "enrollmentMode", issue: "value", fieldErrors: { enrollmentMode: "Choose an enrollment mode." } },
  );
}

export type DomainChanges = { name?: unknown; enrollmentMode?: unknown; verified?: unknown };

/**
 * Changes a domain: its enrollment mode (the pages), and through the REST
 * API also its name and `verified` (as Clerk's updateOrganizationDomain).
 * A new mode or name, or losing verification, withdraws the pending automatic
 * invitations and suggestions; a verified domain then enrolls people anew.
 */
export async function updateDomain(
  db: Db,
  actorId: string,
  ref: string,
  domainId: string,
  changes: DomainChanges,
  options: { trustVerified?: boolean } = {},
): Promise<DomainDto> {
  const name = changes.name === undefined || changes.name === null ? undefined : parseDomainName(changes.name);
  if (name !== undefined && isCommonEmailDomain(name)) throw commonDomain(name);
  const mode = changes.enrollmentMode ?? undefined;
  if (mode !== undefined && !isEnrollmentMode(mode)) throw badMode();
  if (changes.verified !== undefined && changes.verified !== null && typeof changes.verified !== "boolean")
    throw invalidParam("verified", "verified must be true or false.");
  if (changes.verified !== undefined && changes.verified !== null && !options.trustVerified)
    throw invalidParam("verified", "Verify a domain with the code sent to an address there.");
  const verified = typeof changes.verified === "boolean" ? changes.verified : undefined;
  return db.transaction(async (tx) => {
    const organizationId = await lockForDomains(tx, actorId, ref);
    const before = await lockDomain(tx, organizationId, domainId);
    const renamed = name !== undefined && name !== before.name;
    if (renamed) {
      const own = await tx.one(
        Prisma.sql`SELECT 1 FROM organization_domains WHERE organization_id = ${organizationId} AND name = ${name}`,
      );
      if (own) throw takenDomain(name, true);
      const elsewhere = await tx.one(
        Prisma.sql`SELECT 1 FROM organization_domains WHERE verified_name = ${name} AND organization_id <> ${organizationId}`,
      );
      if (elsewhere) throw takenDomain(name, false);
    }
    const newMode = (mode ?? before.enrollmentMode) as EnrollmentMode;
    const modeChanged = newMode !== before.enrollmentMode;
    const staysVerified = verified ?? (renamed ? false : before.verified);
    const losesVerification = before.verified && (!staysVerified || renamed);
    const becomesVerified = staysVerified && (!before.verified || renamed);
    if (!renamed && !modeChanged && !losesVerification && !becomesVerified) return before;
    if (modeChanged || renamed || losesVerification) await withdrawDomain(tx, actorId, organizationId, before.id);
    await tx.execute(Prisma.sql`
      UPDATE organization_domains
         SET name = ${name ?? before.name}, enrollment_mode = ${newMode}::domain_enrollment_mode,
             enrollment_mode_since = CASE WHEN ${modeChanged || renamed}::boolean THEN now() ELSE enrollment_mode_since END,
             verified_name = CASE WHEN ${losesVerification}::boolean THEN NULL ELSE verified_name END,
             verified_at = CASE WHEN ${losesVerification}::boolean THEN NULL ELSE verified_at END,
             code_hash = CASE WHEN ${renamed}::boolean THEN NULL ELSE code_hash END,
             affiliation_email = CASE WHEN ${renamed}::boolean THEN NULL ELSE affiliation_email END,
             updated_at = now()
       WHERE id = ${before.id}`);
    if (becomesVerified) {
      const current = await readDomain(tx, organizationId, before.id);
      if (await verifiedElsewhere(tx, organizationId, current.name)) throw takenDomain(current.name, false);
      await tx.execute(markVerifiedSql(before.id, null));
    }
    await domainEvent(tx, actorId, "organizationDomain.updated", organizationId, before.id, before);
    await enrollDomain(tx, before.id);
    return readDomain(tx, organizationId, before.id);
  });
}

/** Deletes a domain, withdrawing its pending automatic invitations and suggestions (requests stay). */
export async function deleteDomain(db: Db, actorId: string, ref: string, domainId: string): Promise<DomainDto> {
  return db.transaction(async (tx) => {
    const organizationId = await lockForDomains(tx, actorId, ref);
    const domain = await lockDomain(tx, organizationId, domainId);
    await withdrawDomain(tx, actorId, organizationId, domain.id);
    await tx.execute(Prisma.sql`DELETE FROM organization_domains WHERE id = ${domain.id}`);
    await domainDeletedEvent(tx, actorId, domain);
    return domain;
  });
}
