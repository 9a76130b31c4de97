import { getMembershipWithOrganization } from "@/lib/domain/instance-reads";
import { INSTANCE } from "@/lib/domain/access";
import { updateMembershipMetadata } from "@/lib/domain/organizations/metadata";
import { json, methodNotAllowed } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";
import { membershipJson } from "@/lib/api/serialize";

type Params = { org: string; userId: string };

/** Deep merge of the membership's metadata; a null value deletes a key. */
export const PATCH = writeRoute<Params>(async (tx, body, { org, userId }) => {
  await updateMembershipMetadata(tx, INSTANCE, org, userId, {
    publicMetadata: body.publicMetadata,
    privateMetadata: body.privateMetadata,
  });
  const { membership, organization } = await getMembershipWithOrganization(tx, org, userId);
  return json(membershipJson(membership, organization));
});

export const GET = methodNotAllowed(["PATCH"]);
export const POST = GET;
export const PUT = GET;
export const DELETE = GET;
