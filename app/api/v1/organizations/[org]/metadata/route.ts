import { getOrganizationRecord } from "@/lib/domain/instance-reads";
import { INSTANCE } from "@/lib/domain/access";
import { updateOrganizationMetadata } from "@/lib/domain/organizations/metadata";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeAnswer } from "@/lib/api/idempotency";
import { readBody } from "@/lib/api/params";
import { organizationJson } from "@/lib/api/serialize";

type Params = { org: string };

function metadataRoute(mode: "merge" | "replace") {
  return apiRoute<Params>(async (request, { org }) => {
    const body = await readBody(request);
    return writeAnswer(request, body, async (tx) => {
      const updated = await updateOrganizationMetadata(
        tx,
        INSTANCE,
        org,
        { publicMetadata: body.publicMetadata, privateMetadata: body.privateMetadata },
        mode,
      );
      return json(organizationJson(await getOrganizationRecord(tx, updated.id)));
    });
  });
}

/** Deep merge; a null value deletes a key. */
export const PATCH = metadataRoute("merge");
/** Each field sent replaces the stored one. */
export const PUT = metadataRoute("replace");

export const GET = methodNotAllowed(["PATCH", "PUT"]);
export const POST = GET;
export const DELETE = GET;
