import { transaction } from "@/lib/server/database";
import { getUserRecord } from "@/lib/domain/instance-reads";
import { updateUserMetadataAsInstance } from "@/lib/domain/instance-users";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { readBody } from "@/lib/api/params";
import { userJson } from "@/lib/api/serialize";

type Params = { userId: string };

function metadataRoute(mode: "merge" | "replace") {
  return apiRoute<Params>(async (request, { userId }) => {
    const body = await readBody(request);
    return transaction(async (tx) => {
      await updateUserMetadataAsInstance(
        tx,
        userId,
        {
          publicMetadata: body.publicMetadata,
          privateMetadata: body.privateMetadata,
          unsafeMetadata: body.unsafeMetadata,
        },
        mode,
      );
      return json(userJson(await getUserRecord(tx, userId)));
    });
  });
}

/** users.updateUserMetadata: deep merge; a null value deletes a key. */
export const PATCH = metadataRoute("merge");
/** users.replaceUserMetadata (and updateUser's metadata): each field sent replaces the stored one. */
export const PUT = metadataRoute("replace");

export const GET = methodNotAllowed(["PATCH", "PUT"]);
export const POST = GET;
export const DELETE = GET;
