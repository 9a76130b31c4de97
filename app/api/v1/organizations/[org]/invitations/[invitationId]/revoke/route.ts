import { getInvitationRecord, getOrganizationRecord } from "@/lib/domain/instance-reads";
import { revokeInvitation } from "@/lib/domain/invitations/admin";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeAnswer } from "@/lib/api/idempotency";
import { readBody } from "@/lib/api/params";
import { invitationJson } from "@/lib/api/serialize";
import { actingUser } from "../../shared";

type Params = { org: string; invitationId: string };

export const POST = apiRoute<Params>(async (request, { org, invitationId }) => {
  const body = await readBody(request);
  return writeAnswer(request, body, async (tx) => {
    const organization = await getOrganizationRecord(tx, org);
    await revokeInvitation(tx, actingUser(body.requestingUserId, "requesting_user_id"), organization.id, invitationId);
    return json(invitationJson(await getInvitationRecord(tx, organization.id, invitationId), organization));
  });
});

export const GET = methodNotAllowed(["POST"]);
export const PATCH = GET;
export const PUT = GET;
export const DELETE = GET;
