import { db } from "@/lib/server/database";
import { getInvitationRecords, getOrganizationRecord, listInvitationRecords } from "@/lib/domain/instance-reads";
import { createInvitationItems } from "@/lib/domain/invitations/admin";
import { apiRoute, json, methodNotAllowed, paramError } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";
import { Query } from "@/lib/api/params";
import { invitationJson, pageJson } from "@/lib/api/serialize";
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
  const page = await listInvitationRecords(db, organization.id, {
    ...q.page(),
    statuses: statuses as InvitationStatusValue[],
  });
  return json(pageJson(page, (invitation) => invitationJson(invitation, organization)));
});

export const POST = writeRoute<Params>(async (tx, body, { org }) => {
  const item = invitationItem(body);
  const [issued] = await createInvitationItems(tx, actingUser(body.inviterUserId, "inviter_user_id"), org, [item]);
  const organization = await getOrganizationRecord(tx, org);
  const [record] = await getInvitationRecords(tx, [issued!.id]);
  return json(invitationJson(record!, organization, issued));
});

export const PATCH = methodNotAllowed(["GET", "POST"]);
export const PUT = PATCH;
export const DELETE = PATCH;
