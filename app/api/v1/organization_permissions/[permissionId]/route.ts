import { db } from "@/lib/server/database";
import { deletePermission, getPermission, updatePermission } from "@/lib/domain/roles/permissions";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeAnswer } from "@/lib/api/idempotency";
import { readBody } from "@/lib/api/params";
import { permissionJson } from "@/lib/api/serialize";

type Params = { permissionId: string };

export const GET = apiRoute<Params>(async (_request, { permissionId }) =>
  json(permissionJson(await getPermission(db, permissionId))),
);

/** System permissions (org:sys_*) cannot be changed: 403. */
export const PATCH = apiRoute<Params>(async (request, { permissionId }) => {
  const body = await readBody(request);
  return writeAnswer(request, body, async (tx) => {
    const permission = await updatePermission(tx, permissionId, {
      name: body.name ?? undefined,
      key: body.key ?? undefined,
      description: body.description ?? undefined,
    });
    return json(permissionJson(permission));
  });
});

/** System permissions cannot be deleted: 403. A custom one leaves every role that had it. */
export const DELETE = apiRoute<Params>(async (_request, { permissionId }) => {
  const permission = await deletePermission(db, permissionId);
  return json({ object: "permission", id: permission.id, deleted: true });
});

export const POST = methodNotAllowed(["GET", "PATCH", "DELETE"]);
export const PUT = POST;
