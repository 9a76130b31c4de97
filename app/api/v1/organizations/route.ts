import { db } from "@/lib/server/database";
import { getOrganizationRecord, listOrganizationRecords } from "@/lib/domain/instance-reads";
import { createOrganizationAsInstance } from "@/lib/domain/organizations/organizations";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeAnswer } from "@/lib/api/idempotency";
import { Query, readBody, requireParams } from "@/lib/api/params";
import { organizationJson } from "@/lib/api/serialize";

export const GET = apiRoute(async (request) => {
  const q = Query.of(request);
  const { data, totalCount } = await listOrganizationRecords(db, {
    ...q.page(),
    query: q.string("query"),
    ids: q.list("organization_id"),
    orderBy: q.orderBy(["name", "created_at", "members_count"] as const, "-created_at"),
    counts: q.bool("include_members_count"),
  });
  return json({ data: data.map(organizationJson), total_count: totalCount });
});

export const POST = apiRoute(async (request) => {
  const body = await readBody(request);
  return writeAnswer(request, body, async (tx) => {
    requireParams(body, "name");
    const created = await createOrganizationAsInstance(tx, {
      name: body.name,
      slug: body.slug ?? undefined,
      createdBy: body.createdBy ?? undefined,
      maxAllowedMemberships: body.maxAllowedMemberships ?? undefined,
      publicMetadata: body.publicMetadata ?? undefined,
      privateMetadata: body.privateMetadata ?? undefined,
    });
    return json(organizationJson(await getOrganizationRecord(tx, created.id)));
  });
});

export const PATCH = methodNotAllowed(["GET", "POST"]);
export const PUT = PATCH;
export const DELETE = PATCH;
