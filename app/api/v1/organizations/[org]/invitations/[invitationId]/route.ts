import { db } from "@/lib/server/database";
import { getInvitationRecord, getOrganizationRecord } from "@/lib/domain/instance-reads";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { invitationJson } from "@/lib/api/serialize";

type Params = { org: string; invitationId: string };

export const GET = apiRoute<Params>(async (_request, { org, invitationId }) => {
  const organization = await getOrganizationRecord(db, org);
  return json(invitationJson(await getInvitationRecord(db, organization.id, invitationId), organization));
});

export const POST = methodNotAllowed(["GET"]);
export const PATCH = POST;
export const PUT = POST;
export const DELETE = POST;
