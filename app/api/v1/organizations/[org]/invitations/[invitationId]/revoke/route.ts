import { db } from "@/lib/db";
import { getInvitationRecord, getOrganizationRecord } from "@/lib/domain/instance-reads";
import { revokeInvitation } from "@/lib/domain/invitations";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { readBody } from "@/lib/api/params";
import { invitationJson } from "@/lib/api/serialize";
import { actingUser } from "../../shared";

type Params = { org: string; invitationId: string };

export const POST = apiRoute<Params>(async (request, { org, invitationId }) => {
  const body = await readBody(request);
  const organization = await getOrganizationRecord(db, org);
  await revokeInvitation(db, actingUser(body.requestingUserId, "requesting_user_id"), organization.id, invitationId);
  return json(invitationJson(await getInvitationRecord(db, organization.id, invitationId), organization));
});

export const GET = methodNotAllowed(["POST"]);
export const PATCH = GET;
export const PUT = GET;
export const DELETE = GET;
