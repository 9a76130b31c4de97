import { db } from "@/lib/server/database";
import { createPermission, listPermissions } from "@/lib/domain/roles/permissions";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";
import { catalogCreateParams, catalogListParams } from "@/lib/api/params";
import { pageJson, permissionJson } from "@/lib/api/serialize";

/** The instance's permissions, system ones included (Clerk's GET /v1/organization_permissions). */
export const GET = apiRoute(async (request) =>
  json(pageJson(await listPermissions(db, catalogListParams(request)), permissionJson)),
);

export const POST = writeRoute(async (tx, body) =>
  json(permissionJson(await createPermission(tx, catalogCreateParams(body, "description")))),
);

export const PATCH = methodNotAllowed(["GET", "POST"]);
export const PUT = PATCH;
export const DELETE = PATCH;
