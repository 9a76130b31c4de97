import { db } from "@/lib/server/database";
import { createRole, listRoles } from "@/lib/domain/roles/roles";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";
import { catalogCreateParams, catalogListParams } from "@/lib/api/params";
import { pageJson, roleJson } from "@/lib/api/serialize";

/** The instance's roles (Clerk's GET /v1/organization_roles): query, order_by, limit, offset. */
export const GET = apiRoute(async (request) =>
  json(pageJson(await listRoles(db, catalogListParams(request)), roleJson)),
);

export const POST = writeRoute(async (tx, body) =>
  json(roleJson(await createRole(tx, catalogCreateParams(body, "description", "permissions")))),
);

export const PATCH = methodNotAllowed(["GET", "POST"]);
export const PUT = PATCH;
export const DELETE = PATCH;
