import { db } from "@/lib/server/database";
import { createPermission, listPermissions } from "@/lib/domain/roles/permissions";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeAnswer } from "@/lib/api/idempotency";
import { Query, readBody, requireParams } from "@/lib/api/params";
import { permissionJson } from "@/lib/api/serialize";

/** The instance's permissions, system ones included (Clerk's GET /v1/organization_permissions). */
export const GET = apiRoute(async (request) => {
  const q = Query.of(request);
  const { data, totalCount } = await listPermissions(db, {
    ...q.page(),
    query: q.string("query"),
    orderBy: q.orderBy(["created_at", "name", "key"] as const, "-created_at"),
  });
  return json({ data: data.map(permissionJson), total_count: totalCount });
});

export const POST = apiRoute(async (request) => {
  const body = await readBody(request);
  return writeAnswer(request, body, async (tx) => {
    requireParams(body, "name", "key");
    const permission = await createPermission(tx, {
      name: body.name,
      key: body.key,
      description: body.description ?? undefined,
    });
    return json(permissionJson(permission));
  });
});

export const PATCH = methodNotAllowed(["GET", "POST"]);
export const PUT = PATCH;
export const DELETE = PATCH;
