import { db } from "@/lib/server/database";
import { getInvitationRecords, getOrganizationRecord, listInvitationRecords } from "@/lib/domain/instance-reads";
import { createInvitationItems } from "@/lib/domain/invitations/admin";
import { apiRoute, json, methodNotAllowed, paramError } from "@/lib/api/http";
import { writeAnswer } from "@/lib/api/idempotency";
import { Query, readBody } from "@/lib/api/params";
import { invitationJson } from "@/lib/api/serialize";
import { INVITATION_STATUSES, type InvitationStatusValue } from "@/lib/validation/invitations";
import { actingUser, invitationItem } from "./shared";

type Params = { org: string };

export const GET = apiRoute<Params>(async (request, { org }) => {
  const q = Query.of(request);
  const statuses = q.list("status");
  for (const status of statuses) {
    if (!(INVITATION_STATUSES as readonly string[]).includes(status)) {
      throw paramError(
        "form_param_value_invalid",
        "status",
        `status must be one of ${INVITATION_STATUSES.join(", ")}.`,
      );
    }
  }
  const organization = await getOrganizationRecord(db, org);
  const { data, totalCount } = await listInvitationRecords(db, organization.id, {
    ...q.page(),
    statuses: statuses as InvitationStatusValue[],
  });
  return json({ data: data.map((invitation) => invitationJson(invitation, organization)), total_count: totalCount });
});

export const POST = apiRoute<Params>(async (request, { org }) => {
  const body = await readBody(request);
  return writeAnswer(request, body, async (tx) => {
    const item = invitationItem(body);
    const [issued] = await createInvitationItems(tx, actingUser(body.inviterUserId, "inviter_user_id"), org, [item]);
    const organization = await getOrganizationRecord(tx, org);
    const [record] = await getInvitationRecords(tx, [issued!.id]);
    return json(invitationJson(record!, organization, issued));
  });
});

export const PATCH = methodNotAllowed(["GET", "POST"]);
export const PUT = PATCH;
export const DELETE = PATCH;
