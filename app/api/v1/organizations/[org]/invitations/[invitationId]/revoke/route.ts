import { getInvitationRecord, getOrganizationRecord } from "@/lib/domain/instance-reads";
import { revokeInvitation } from "@/lib/domain/invitations/admin";
import { json, methodNotAllowed } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";
import { invitationJson } from "@/lib/api/serialize";
import { actingUser } from "../../shared";

type Params = { org: string; invitationId: string };

export const POST = writeRoute<Params>(async (tx, body, { org, invitationId }) => {
  const organization = await getOrganizationRecord(tx, org);
  await revokeInvitation(tx, actingUser(body.requestingUserId, "requesting_user_id"), organization.id, invitationId);
  return json(invitationJson(await getInvitationRecord(tx, organization.id, invitationId), organization));
});

export const GET = methodNotAllowed(["POST"]);
export const PATCH = GET;
export const PUT = GET;
export const DELETE = GET;
