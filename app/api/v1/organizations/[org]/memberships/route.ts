import { db } from "@/lib/db";
import { getMembershipWithOrganization, getOrganizationRecord, listMembershipRecords } from "@/lib/domain/instance-reads";
import { addMember, INSTANCE } from "@/lib/domain/organizations";
import { apiRoute, json } from "@/lib/api/http";
import { Query, readBody, requireParams, roleFromApi, rolesFromApi } from "@/lib/api/params";
import { membershipJson } from "@/lib/api/serialize";

type Params = { org: string };

export const GET = apiRoute<Params>(async (request, { org }) => {
  const q = Query.of(request);
  const organization = await getOrganizationRecord(db, org);
  const { data, totalCount } = await listMembershipRecords(db, organization.id, {
    ...q.page(),
    userIds: q.list("user_id"),
    emails: q.list("email_address"),
    roles: rolesFromApi(q.list("role")),
    query: q.string("query"),
    orderBy: q.orderBy(["created_at", "first_name", "last_name", "email_address"] as const, "-created_at"),
  });
  return json({ data: data.map((membership) => membershipJson(membership, organization)), total_count: totalCount });
});

export const POST = apiRoute<Params>(async (request, { org }) => {
  const body = await readBody(request);
  requireParams(body, "user_id", "role");
  const member = await addMember(db, INSTANCE, org, String(body.userId), roleFromApi(body.role));
  const { membership, organization } = await getMembershipWithOrganization(db, org, member.userId);
  return json(membershipJson(membership, organization));
});
