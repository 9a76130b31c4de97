import { db } from "@/lib/server/database";
import { deleteAccount } from "@/lib/domain/delete-account";
import { getUserRecord } from "@/lib/domain/instance-reads";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { userJson } from "@/lib/api/serialize";

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
  return json({ object: "user", id: userId, deleted: true });
});

export const PATCH = methodNotAllowed(["GET", "DELETE"]);
export const PUT = PATCH;
export const POST = PATCH;
