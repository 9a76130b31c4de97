// What a verified domain does for people: in automatic_invitation mode,
// everyone whose **verified** address is at the domain gets a pending
// invitation with the default role (emailed once); in automatic_suggestion
// mode they get a suggestion to request to join. Run when a domain becomes
// verified or changes mode (for everyone at the domain), and when a person's
// address becomes verified (sign-up verification, an email change, a reset,
// an account made verified). Switching modes or deleting the domain withdraws
// the pending invitations and suggestions it made; requests already made stay
// for the admins to decide.
import type { Db, Tx } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import type { RoleKey } from "../../authz";
import { getRoleSettings } from "../roles/roles";
import { domainInvitationEmail } from "../../email/domain-emails";
import { queueEmails } from "../../email/outbox";
import { invitationEvents } from "../event-payloads";
import { INVITATION_EXPIRY_DAYS } from "../invitations/admin";
import {
  insertDomainInvitationsSql,
  insertSuggestionsSql,
  withdrawDomainInvitationsSql,
  withdrawSuggestionsSql,
  type EnrollmentMode,
} from "./sql";

/**
 * The role a person gets by joining through a verified domain (an automatic
 * invitation, an accepted request): the instance's default role for
 * invitations (docs/roles-and-permissions.md).
 */
export async function defaultRoleForDomainJoins(tx: Db): Promise<RoleKey> {
  return (await getRoleSettings(tx)).defaultRole;
}

/**
 * Invites (or suggests to) the people whose verified address is at the
 * domain, by its current mode; `onlyUser` limits it to one person. Nothing for
 * an unverified domain or manual_invitation mode.
 */
export async function enrollDomain(tx: Tx, domainId: string, onlyUser: string | null = null): Promise<void> {
  const domain = await tx.one<{ organization_id: string; name: string; mode: EnrollmentMode; verified: boolean }>(
    Prisma.sql`SELECT d.organization_id, d.name, d.enrollment_mode::text AS mode, d.verified_at IS NOT NULL AS verified
                 FROM organization_domains d WHERE d.id = ${domainId}`,
  );
  if (!domain || !domain.verified) return;
  if (domain.mode === "automatic_invitation") {
    const expiresAt = new Date(Date.now() + INVITATION_EXPIRY_DAYS * 24 * 60 * 60 * 1000);
    const created = await tx.rows<{ id: string; email: string }>(
      insertDomainInvitationsSql(domainId, onlyUser, await defaultRoleForDomainJoins(tx), expiresAt),
    );
    if (created.length === 0) return;
    await invitationEvents(
      tx,
      null,
      "organizationInvitation.created",
      domain.organization_id,
      created.map((row) => row.id),
    );
    const organization = await tx.one<{ name: string }>(
      Prisma.sql`SELECT name FROM organizations WHERE id = ${domain.organization_id}`,
    );
    const email = await domainInvitationEmail(organization?.name ?? "", domain.name);
    await queueEmails(
      tx,
      created.map((row) => ({ to: row.email, email })),
    );
  } else if (domain.mode === "automatic_suggestion") {
    await tx.rows(insertSuggestionsSql(domainId, onlyUser));
  }
}

/**
 * Withdraws what the domain handed out and is still pending: its automatic
 * invitations (revoked, with their events) and its suggestions. Requests
 * people already made are left for the admins.
 */
export async function withdrawDomain(
  tx: Tx,
  actorId: string | null,
  organizationId: string,
  domainId: string,
): Promise<void> {
  const revoked = await tx.rows<{ id: string }>(withdrawDomainInvitationsSql(domainId));
  await invitationEvents(
    tx,
    actorId,
    "organizationInvitation.revoked",
    organizationId,
    revoked.map((row) => row.id),
  );
  await tx.execute(withdrawSuggestionsSql(domainId));
}

/**
 * A person's address is (newly) verified, or changed: the suggestions made
 * for a domain their address is no longer at are withdrawn, and the verified
 * domain of their address (at most one organization holds it) enrolls them.
 * Call it in the transaction that verified or changed the address.
 */
export async function enrollVerifiedAddress(tx: Tx, userId: string): Promise<void> {
  const user = await tx.one<{ domain: string; verified: boolean }>(
    Prisma.sql`SELECT lower(split_part(email, '@', 2)) AS domain, email_verified IS NOT NULL AS verified
                 FROM users WHERE id = ${userId}`,
  );
  if (!user) return;
  await tx.execute(Prisma.sql`
    UPDATE organization_suggestions s SET status = 'withdrawn', pending_key = NULL, updated_at = now()
      FROM organization_domains d
     WHERE s.user_id = ${userId} AND s.status = 'pending' AND d.id = s.domain_id
       AND (d.name <> ${user.domain} OR NOT ${user.verified}::boolean)`);
  if (!user.verified) return;
  const found = await tx.one<{ id: string; organization_id: string }>(Prisma.sql`
    SELECT id, organization_id FROM organization_domains
     WHERE verified_name = ${user.domain} AND enrollment_mode <> 'manual_invitation'`);
  if (!found) return;
  // The locks in the order a domain's changes take them (the organization, then the domain), so
  // a mode change or deletion running meanwhile is waited for, never deadlocked with: KEY SHARE
  // waits only for a holder of the organization's lock, and FOR SHARE on the domain for its writer.
  await tx.rows(Prisma.sql`SELECT id FROM organizations WHERE id = ${found.organization_id} FOR KEY SHARE`);
  const domain = await tx.one<{ id: string }>(Prisma.sql`
    SELECT id FROM organization_domains
     WHERE id = ${found.id} AND verified_name = ${user.domain} AND enrollment_mode <> 'manual_invitation'
       FOR SHARE`);
  if (domain) await enrollDomain(tx, domain.id, userId);
}
