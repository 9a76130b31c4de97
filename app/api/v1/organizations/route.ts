import { db } from "@/lib/server/database";
import { getOrganizationRecord, listOrganizationRecords } from "@/lib/domain/instance-reads";
import { createOrganizationAsInstance } from "@/lib/domain/organizations/organizations";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";
import { optionalParams, Query, requireParams } from "@/lib/api/params";
import { organizationJson, pageJson } from "@/lib/api/serialize";

export const GET = apiRoute(async (request) => {
  const q = Query.of(request);
  const page = await listOrganizationRecords(db, {
    ...q.page(),
    query: q.string("query"),
    ids: q.list("organization_id"),
    orderBy: q.orderBy(["name", "created_at", "members_count"] as const, "-created_at"),
    counts: q.bool("include_members_count"),
  });
  return json(pageJson(page, organizationJson));
});

export const POST = writeRoute(async (tx, body) => {
  requireParams(body, "name");
  const created = await createOrganizationAsInstance(tx, {
    name: body.name,
    ...optionalParams(body, "slug", "createdBy", "maxAllowedMemberships", "publicMetadata", "privateMetadata"),
  });
  return json(organizationJson(await getOrganizationRecord(tx, created.id)));
});

export const PATCH = methodNotAllowed(["GET", "POST"]);
export const PUT = PATCH;
export const DELETE = PATCH;
