import { db } from "@/lib/server/database";
import { deleteRole, getRole, updateRole } from "@/lib/domain/roles/roles";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";
import { optionalParams } from "@/lib/api/params";
import { deletedJson, roleJson } from "@/lib/api/serialize";

type Params = { roleId: string };

export const GET = apiRoute<Params>(async (_request, { roleId }) => json(roleJson(await getRole(db, roleId))));

/** Name, key, description; `permissions` (permission ids) replaces the role's permissions. */
export const PATCH = writeRoute<Params>(async (tx, body, { roleId }) => {
  const role = await updateRole(tx, roleId, {
    ...optionalParams(body, "name", "key", "permissions"),
    // Sent as null, the description is cleared.
    description: body.description,
  });
  return json(roleJson(role));
});

/** Refused (422 organization_role_assigned_members) while members hold it, or it is the creator or default role. */
export const DELETE = apiRoute<Params>(async (_request, { roleId }) =>
  json(deletedJson("role", (await deleteRole(db, roleId)).id)),
);

export const POST = methodNotAllowed(["GET", "PATCH", "DELETE"]);
export const PUT = POST;
