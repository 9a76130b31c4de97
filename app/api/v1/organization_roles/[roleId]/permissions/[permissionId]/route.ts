import { assignPermission, removePermission } from "@/lib/domain/roles/roles";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeAnswer } from "@/lib/api/idempotency";
import { roleJson } from "@/lib/api/serialize";
import { transaction } from "@/lib/server/database";

type Params = { roleId: string; permissionId: string };

/** Gives the role the permission (409 duplicate_record when it has it already). */
export const POST = apiRoute<Params>(async (request, { roleId, permissionId }) =>
  writeAnswer(request, {}, async (tx) => json(roleJson(await assignPermission(tx, roleId, permissionId)))),
);

/** Takes the permission from the role (refused when an organization would be left without a manager). */
export const DELETE = apiRoute<Params>(async (_request, { roleId, permissionId }) =>
  transaction(async (tx) => json(roleJson(await removePermission(tx, roleId, permissionId)))),
);

export const GET = methodNotAllowed(["POST", "DELETE"]);
export const PATCH = GET;
export const PUT = GET;
