import { getMembershipWithOrganization } from "@/lib/domain/instance-reads";
import { INSTANCE } from "@/lib/domain/access";
import { updateMembershipMetadata } from "@/lib/domain/organizations/metadata";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeAnswer } from "@/lib/api/idempotency";
import { readBody } from "@/lib/api/params";
import { membershipJson } from "@/lib/api/serialize";

type Params = { org: string; userId: string };

/** Deep merge of the membership's metadata; a null value deletes a key. */
export const PATCH = apiRoute<Params>(async (request, { org, userId }) => {
  const body = await readBody(request);
  return writeAnswer(request, body, async (tx) => {
    await updateMembershipMetadata(tx, INSTANCE, org, userId, {
      publicMetadata: body.publicMetadata,
      privateMetadata: body.privateMetadata,
    });
    const { membership, organization } = await getMembershipWithOrganization(tx, org, userId);
    return json(membershipJson(membership, organization));
  });
});

export const GET = methodNotAllowed(["PATCH"]);
export const POST = GET;
export const PUT = GET;
export const DELETE = GET;
