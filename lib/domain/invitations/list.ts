// The invitations an admin sees on the members page (and the tests): by
// status, newest first, one page and the total in one statement.
import type { Db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { listInvitationsSchema, type InvitationStatusValue } from "../../validation/invitations";
import { requirePermission } from "../access";
import { getOrganization } from "../organizations/organizations";
import type { MyOrganizationDto } from "../organizations/sql";
import { fromListRow, INVITATION_LIST_COLUMNS, statusFilter, type InvitationListRow, type InvitationPage } from "./sql";

type ListInput = { status?: unknown; page?: unknown; pageSize?: unknown };

export async function listInvitations(
  db: Db,
  actorId: string,
  ref: string,
  input: ListInput = {},
): Promise<InvitationPage> {
  return listInvitationsOf(db, await getOrganization(db, actorId, ref), input);
}

/**
 * listInvitations for a caller that already holds the actor's organization
 * as the domain read it for them (listMyOrganizations, getOrganization): the
 * permission is checked against that role. A pending invitation past its
 * expiry counts as expired, without a write.
 */
export async function listInvitationsOf(
  db: Db,
  organization: MyOrganizationDto,
  input: ListInput = {},
): Promise<InvitationPage> {
  requirePermission(organization.role, "org:invitations:manage");
  const organizationId = organization.id;
  const { status, page, pageSize } = listInvitationsSchema.parse({
    ...input,
    status: input.status === undefined ? undefined : Array.isArray(input.status) ? input.status : [input.status],
  });
  const now = new Date();
  const wanted = new Set(status);
  // One statement: the page, its inviters' names and the total (a window count).
  const rows = await db.rows<InvitationListRow>(
    Prisma.sql`
    SELECT ${INVITATION_LIST_COLUMNS}
      FROM organization_invitations i
      LEFT JOIN users u ON u.id = i.inviter_id
     WHERE i.organization_id = ${organizationId}
       AND ${statusFilter(wanted, now)}
     ORDER BY i.created_at DESC, i.id
     LIMIT ${pageSize}::int OFFSET ${(page - 1) * pageSize}::int`,
  );
  const data = rows.map((row) => fromListRow(row, now));
  // Past the last page the window count is absent: count separately only then.
  const totalCount = rows[0]?.total ?? (page > 1 ? await countInvitations(db, organizationId, wanted, now) : 0);
  return { data, totalCount, page, pageSize };
}

async function countInvitations(
  db: Db,
  organizationId: string,
  wanted: Set<InvitationStatusValue>,
  now: Date,
): Promise<number> {
  const row = await db.one<{ n: number }>(
    Prisma.sql`
    SELECT count(*)::int AS n FROM organization_invitations i
     WHERE i.organization_id = ${organizationId}
       AND ${statusFilter(wanted, now)}`,
  );
  return row?.n ?? 0;
}
