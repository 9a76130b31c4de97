import { db } from "@/lib/server/database";
import { getMembershipWithOrganization, listMembershipRecords, MEMBERSHIP_ORDERS } from "@/lib/domain/instance-reads";
import { addMember } from "@/lib/domain/memberships/memberships";
import { INSTANCE } from "@/lib/domain/access";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";
import { Query, requireParams, roleFromApi, rolesFromApi } from "@/lib/api/params";
import { membershipJson, pageJson } from "@/lib/api/serialize";

type Params = { org: string };

export const GET = apiRoute<Params>(async (request, { org }) => {
  const q = Query.of(request);
  const roles = rolesFromApi(q.list("role"));
  const { organization, ...page } = await listMembershipRecords(db, org, {
    ...q.page(),
    userIds: q.list("user_id"),
    emails: q.list("email_address"),
    roles: roles ?? [],
    query: q.string("query"),
    nameQuery: q.string("name_query"),
    emailQuery: q.string("email_address_query"),
    createdBefore: q.timestamp("created_at_before"),
    createdAfter: q.timestamp("created_at_after"),
    // Roles this instance does not have, and identifiers not kept here, match nobody.
    none:
      roles === null ||
      q.anyOf("phone_number", "username", "web3_wallet") ||
      Boolean(q.string("phone_number_query") || q.string("username_query")),
    orderBy: q.orderBy(MEMBERSHIP_ORDERS, "-created_at"),
  });
  return json(pageJson(page, (membership) => membershipJson(membership, organization)));
});

export const POST = writeRoute<Params>(async (tx, body, { org }) => {
  requireParams(body, "user_id", "role");
  const member = await addMember(tx, INSTANCE, org, String(body.userId), roleFromApi(body.role));
  const { membership, organization } = await getMembershipWithOrganization(tx, org, member.userId);
  return json(membershipJson(membership, organization));
});

export const PATCH = methodNotAllowed(["GET", "POST"]);
export const PUT = PATCH;
export const DELETE = PATCH;
