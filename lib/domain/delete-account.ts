// Deleting one's own account. Refused while the person is the only admin of an
// organization that has other members; organizations where they are the only
// member are deleted with them. Memberships and links go by cascade;
// invitations they sent stay valid (inviter set to NULL); what the app keeps
// about the address elsewhere (outbox, throttles) is removed.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { rolePermissionKeysSql } from "./roles/sql";
import { grantOf, type RoleKey } from "../authz";
import { SHARE_ROLES_LOCK } from "./access";
import { accountDeletedNotice } from "../email/account-emails";
import { queueEmail } from "../email/outbox";
import { normalizeEmail } from "../validation/auth";
import { isLookupKey } from "../validation/text";
import { verifyKey } from "./email-verification";
import { DomainError, invalidParam, notFound } from "./errors";
import { ADMINS_OF_M, isLastAdmin, lastAdminMessage, M_IS_LAST_ADMIN } from "./memberships/admins";
import { resetAddressKey } from "./password-reset";
import { emailChangeKey } from "./profile";
import { accountThrottleSql } from "./throttle";
import { queueEventErasure } from "./event-retention";

export type BlockingOrganization = { id: string; name: string; slug: string };

type MembershipRow = {
  organization_id: string;
  name: string;
  slug: string;
  role: RoleKey;
  permissions: string[];
  members: number;
  admins: number;
};

// Memberships changed between locking the organizations and locking the user (a join raced the delete).
import {
  membershipDeletedEvent,
  membershipPayload,
  organizationDeletedEvent,
  userDeletedEvent,
} from "./event-payloads";

class MembershipsMoved extends Error {}

async function lockAndCheck(tx: Db, userId: string) {
  // Organizations first, in id order (every other operation locks one organization, then rows under it),
  // then the user row: that blocks new memberships for this user until commit.
  const locked = await tx.rows<{ id: string }>(Prisma.sql`
    SELECT o.id, ${SHARE_ROLES_LOCK} AS roles_locked FROM organizations o
     WHERE o.created_by_id = ${userId}
        OR EXISTS (SELECT 1 FROM organization_memberships m WHERE m.organization_id = o.id AND m.user_id = ${userId})
     ORDER BY o.id
       FOR UPDATE OF o`);
  const user = await tx.one<{ email: string }>(Prisma.sql`SELECT email FROM users WHERE id = ${userId} FOR UPDATE`);
  if (!user) throw notFound("account");
  const memberships = await tx.rows<MembershipRow>(Prisma.sql`
    SELECT m.organization_id, o.name, o.slug, m.role, ${rolePermissionKeysSql("m.role")} AS permissions,
           (SELECT count(*)::int FROM organization_memberships x WHERE x.organization_id = m.organization_id) AS members,
           ${ADMINS_OF_M} AS admins
      FROM organization_memberships m
      JOIN organizations o ON o.id = m.organization_id
     WHERE m.user_id = ${userId}
     ORDER BY o.name, o.id`);
  const lockedIds = new Set(locked.map((row) => row.id));
  if (memberships.some((m) => !lockedIds.has(m.organization_id))) throw new MembershipsMoved();
  return { email: user.email, memberships };
}

/**
 * Deletes the account once the person typed their email address to confirm.
 * Returns the names of the organizations deleted with it.
 */
export async function deleteAccount(
  db: Db,
  userId: string,
  input: { confirm?: unknown },
): Promise<{ email: string; deletedOrganizations: string[] }> {
  if (!isLookupKey(userId)) throw notFound("account");
  const current = await db.one<{ email: string }>(Prisma.sql`SELECT email FROM users WHERE id = ${userId}`);
  if (!current) throw notFound("account");
  const confirm = typeof input.confirm === "string" ? normalizeEmail(input.confirm) : "";
  if (confirm !== current.email) {
    throw invalidParam("confirm", `Type your email address, ${current.email}, to confirm.`);
  }
  const goodbye = await accountDeletedNotice();

  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const { email, memberships } = await lockAndCheck(tx, userId);
        const blocking = memberships.filter((m) => isLastAdmin(grantOf(m), m.admins) && m.members > 1);
        if (blocking.length > 0) {
          const organizations: BlockingOrganization[] = blocking.map((m) => ({
            id: m.organization_id,
            name: m.name,
            slug: m.slug,
          }));
          throw new DomainError("organization_minimum_permissions_needed", lastAdminMessage(organizations), {
            organizations,
          });
        }
        const alone = memberships.filter((m) => m.members === 1);
        // Where others stay, the membership leaves with the account: read as it was, for its event.
        const leaving = memberships.filter((m) => m.members > 1);
        const before = await Promise.all(leaving.map((m) => membershipPayload(tx, m.organization_id, userId)));
        await tx.execute(
          Prisma.sql`DELETE FROM organizations WHERE id = ANY(${alone.map((m) => m.organization_id)}::text[])`,
        );
        for (const m of alone) await organizationDeletedEvent(tx, userId, { id: m.organization_id, slug: m.slug });
        // Nothing addressed to them waits in the outbox, and no throttle keeps their address or id.
        await tx.execute(Prisma.sql`DELETE FROM outbox_emails WHERE "to" = ${email}`);
        await tx.execute(Prisma.sql`
          DELETE FROM sign_in_throttles
           WHERE key = ANY(${[resetAddressKey(email), verifyKey(userId), emailChangeKey(userId)]}::text[])
              OR ${accountThrottleSql(email)}`);
        await tx.execute(Prisma.sql`DELETE FROM users WHERE id = ${userId}`);
        for (const [i, m] of leaving.entries())
          await membershipDeletedEvent(tx, userId, m.organization_id, userId, before[i]!);
        await userDeletedEvent(tx, userId, userId);
        // Their names and addresses in the events are erased after this commits, in batches (the sweep).
        await queueEventErasure(tx, userId, email);
        await queueEmail(tx, email, goodbye);
        return { email, deletedOrganizations: alone.map((m) => m.name) };
      });
    } catch (error) {
      if (error instanceof MembershipsMoved && attempt < 3) continue;
      if (error instanceof MembershipsMoved)
        throw new DomainError("too_many_requests", "Your memberships changed while deleting. Try again.");
      throw error;
    }
  }
}

/**
 * For display: organizations that would refuse the deletion right now. The
 * deletion itself checks again under locks.
 */
export async function accountDeletionBlockers(db: Db, userId: string): Promise<BlockingOrganization[]> {
  return db.rows<BlockingOrganization>(Prisma.sql`
    SELECT o.id, o.name, o.slug
      FROM organization_memberships m
      JOIN organizations o ON o.id = m.organization_id
     WHERE m.user_id = ${userId} AND ${M_IS_LAST_ADMIN}
       AND (SELECT count(*) FROM organization_memberships x WHERE x.organization_id = o.id) > 1
     ORDER BY o.name, o.id`);
}
