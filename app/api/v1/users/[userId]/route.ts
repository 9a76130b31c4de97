import { db, transaction } from "@/lib/server/database";
import { deleteAccount } from "@/lib/domain/delete-account";
import { getUserRecord } from "@/lib/domain/instance-reads";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { deletedJson, userJson } from "@/lib/api/serialize";
import { readBody } from "@/lib/api/params";
import { updateUserAsInstance } from "@/lib/domain/instance-users";

type Params = { userId: string };

export const GET = apiRoute<Params>(async (_request, { userId }) => json(userJson(await getUserRecord(db, userId))));

/**
 * users.deleteUser: the same rules as deleting one's own account in the pages
 * (refused while the last admin of an organization with other members;
 * organizations where the user is alone go too), confirmed on the user's behalf.
 */
export const DELETE = apiRoute<Params>(async (_request, { userId }) => {
  const user = await getUserRecord(db, userId);
  await deleteAccount(db, userId, { confirm: user.email });
  return json(deletedJson("user", userId));
});

/** users.updateUser: names, external_id and metadata (each sent replaces what was). */
export const PATCH = apiRoute<Params>(async (request, { userId }) => {
  const body = await readBody(request);
  return transaction(async (tx) => {
    await updateUserAsInstance(tx, userId, body);
    return json(userJson(await getUserRecord(tx, userId)));
  });
});

export const PUT = methodNotAllowed(["GET", "PATCH", "DELETE"]);
export const POST = PUT;
