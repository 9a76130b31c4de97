// organizationInvitation.expired, written once per expiry by a sweep (the
// worker, or the web server's in-process one): invitations expire by time, not
// by a change anyone makes, so no request would ever write their event.
import { Prisma } from "../../generated/prisma/client";
import type { Db } from "../../db";
import { invitationEvents } from "../event-payloads";
import { unreportedExpirySql } from "./sql";

/** Writes the expired event of up to `limit` invitations that passed their expiry; returns how many. */
export async function recordExpiredInvitations(db: Db, limit = 200): Promise<number> {
  return db.transaction(async (tx) => {
    // Claimed under SKIP LOCKED: two sweeps never write the same invitation's event.
    const rows = await tx.rows<{ id: string; organization_id: string }>(Prisma.sql`
        UPDATE organization_invitations i SET expiry_event_for = i.expires_at
         WHERE i.id IN (
           SELECT id FROM organization_invitations
            WHERE ${unreportedExpirySql()}
            ORDER BY expires_at
            LIMIT ${limit}::int
            FOR UPDATE SKIP LOCKED)
        RETURNING i.id, i.organization_id`);
    const byOrganization = new Map<string, string[]>();
    for (const row of rows)
      byOrganization.set(row.organization_id, [...(byOrganization.get(row.organization_id) ?? []), row.id]);
    for (const [organizationId, ids] of byOrganization)
      await invitationEvents(tx, null, "organizationInvitation.expired", organizationId, ids);
    return rows.length;
  });
}
