import { db } from "@/lib/server/database";
import { deletePermission, getPermission, updatePermission } from "@/lib/domain/roles/permissions";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";
import { optionalParams } from "@/lib/api/params";
import { deletedJson, permissionJson } from "@/lib/api/serialize";

type Params = { permissionId: string };

export const GET = apiRoute<Params>(async (_request, { permissionId }) =>
  json(permissionJson(await getPermission(db, permissionId))),
);

/** System permissions (org:sys_*) cannot be changed: 403. */
export const PATCH = writeRoute<Params>(async (tx, body, { permissionId }) => {
  const permission = await updatePermission(tx, permissionId, optionalParams(body, "name", "key", "description"));
  return json(permissionJson(permission));
});

/** System permissions cannot be deleted: 403. A custom one leaves every role that had it. */
export const DELETE = apiRoute<Params>(async (_request, { permissionId }) =>
  json(deletedJson("permission", (await deletePermission(db, permissionId)).id)),
);

export const POST = methodNotAllowed(["GET", "PATCH", "DELETE"]);
export const PUT = POST;
