import { db } from "@/lib/server/database";
import { deleteRole, getRole, updateRole } from "@/lib/domain/roles/roles";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeAnswer } from "@/lib/api/idempotency";
import { readBody } from "@/lib/api/params";
import { roleJson } from "@/lib/api/serialize";

type Params = { roleId: string };

export const GET = apiRoute<Params>(async (_request, { roleId }) => json(roleJson(await getRole(db, roleId))));

/** Name, key, description; `permissions` (permission ids) replaces the role's permissions. */
export const PATCH = apiRoute<Params>(async (request, { roleId }) => {
  const body = await readBody(request);
  return writeAnswer(request, body, async (tx) => {
    const role = await updateRole(tx, roleId, {
      name: body.name ?? undefined,
      key: body.key ?? undefined,
      description: body.description,
      permissions: body.permissions ?? undefined,
    });
    return json(roleJson(role));
  });
});

/** Refused (422 organization_role_assigned_members) while members hold it, or it is the creator or default role. */
export const DELETE = apiRoute<Params>(async (_request, { roleId }) => {
  const role = await deleteRole(db, roleId);
  return json({ object: "role", id: role.id, deleted: true });
});

export const POST = methodNotAllowed(["GET", "PATCH", "DELETE"]);
export const PUT = POST;
