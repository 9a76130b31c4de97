import { getInvitationRecords, getOrganizationRecord } from "@/lib/domain/instance-reads";
import { createInvitationItems } from "@/lib/domain/invitations/admin";
import { INSTANCE } from "@/lib/domain/access";
import { apiRoute, json, methodNotAllowed, paramError } from "@/lib/api/http";
import { writeAnswer } from "@/lib/api/idempotency";
import { readArrayBody } from "@/lib/api/params";
import { invitationJson } from "@/lib/api/serialize";
import { actingUser, invitationItem } from "../shared";

type Params = { org: string };

/** At most 10 invitations, all or nothing. */
export const POST = apiRoute<Params>(async (request, { org }) => {
  const bodies = await readArrayBody(request);
  const inviters = new Set(bodies.map((body) => actingUser(body.inviterUserId, "inviter_user_id")));
  if (inviters.size > 1)
    throw paramError(
      "form_param_value_invalid",
      "inviter_user_id",
      "Use one inviter_user_id for all invitations of a bulk request.",
    );
  return writeAnswer(request, bodies, async (tx) => {
    const issued = await createInvitationItems(tx, [...inviters][0] ?? INSTANCE, org, bodies.map(invitationItem));
    const organization = await getOrganizationRecord(tx, org);
    const records = await getInvitationRecords(
      tx,
      issued.map((invitation) => invitation.id),
    );
    const data = records.map((record, i) => invitationJson(record, organization, issued[i]));
    return json({ data, total_count: data.length });
  });
});

export const GET = methodNotAllowed(["POST"]);
export const PATCH = GET;
export const PUT = GET;
export const DELETE = GET;
