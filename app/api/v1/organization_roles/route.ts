import { db } from "@/lib/server/database";
import { createRole, listRoles } from "@/lib/domain/roles/roles";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeAnswer } from "@/lib/api/idempotency";
import { Query, readBody, requireParams } from "@/lib/api/params";
import { roleJson } from "@/lib/api/serialize";

/** The instance's roles (Clerk's GET /v1/organization_roles): query, order_by, limit, offset. */
export const GET = apiRoute(async (request) => {
  const q = Query.of(request);
  const { data, totalCount } = await listRoles(db, {
    ...q.page(),
    query: q.string("query"),
    orderBy: q.orderBy(["created_at", "name", "key"] as const, "-created_at"),
  });
  return json({ data: data.map(roleJson), total_count: totalCount });
});

export const POST = apiRoute(async (request) => {
  const body = await readBody(request);
  return writeAnswer(request, body, async (tx) => {
    requireParams(body, "name", "key");
    const role = await createRole(tx, {
      name: body.name,
      key: body.key,
      description: body.description ?? undefined,
      permissions: body.permissions ?? undefined,
    });
    return json(roleJson(role));
  });
});

export const PATCH = methodNotAllowed(["GET", "POST"]);
export const PUT = PATCH;
export const DELETE = PATCH;
