import { db, transaction } from "@/lib/server/database";
import { getMembershipWithOrganization } from "@/lib/domain/instance-reads";
import { changeMemberRoleRecord, removeMember } from "@/lib/domain/memberships/memberships";
import { INSTANCE } from "@/lib/domain/access";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { readBody, requireParams, roleFromApi } from "@/lib/api/params";
import { membershipJson } from "@/lib/api/serialize";

type Params = { org: string; userId: string };

export const PATCH = apiRoute<Params>(async (request, { org, userId }) => {
  const body = await readBody(request);
  requireParams(body, "role");
  // The answer is read in the change's transaction (by the change's own statement).
  const { membership, organization } = await changeMemberRoleRecord(db, INSTANCE, org, userId, roleFromApi(body.role));
  return json(membershipJson(membership, organization));
});

/** Answers with the membership as it was, like Clerk. */
export const DELETE = apiRoute<Params>(async (_request, { org, userId }) => {
  return transaction(async (tx) => {
    const { membership, organization } = await getMembershipWithOrganization(tx, org, userId);
    await removeMember(tx, INSTANCE, organization.id, userId);
    return json(membershipJson(membership, organization));
  });
});

export const GET = methodNotAllowed(["PATCH", "DELETE"]);
export const POST = GET;
export const PUT = GET;
