import { getOrganizationRecord } from "@/lib/domain/instance-reads";
import { INSTANCE } from "@/lib/domain/access";
import { updateOrganizationMetadata } from "@/lib/domain/organizations/metadata";
import { json, methodNotAllowed } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";
import { organizationJson } from "@/lib/api/serialize";

type Params = { org: string };

function metadataRoute(mode: "merge" | "replace") {
  return writeRoute<Params>(async (tx, body, { org }) => {
    const updated = await updateOrganizationMetadata(
      tx,
      INSTANCE,
      org,
      { publicMetadata: body.publicMetadata, privateMetadata: body.privateMetadata },
      mode,
    );
    return json(organizationJson(await getOrganizationRecord(tx, updated.id)));
  });
}

/** Deep merge; a null value deletes a key. */
export const PATCH = metadataRoute("merge");
/** Each field sent replaces the stored one. */
export const PUT = metadataRoute("replace");

export const GET = methodNotAllowed(["PATCH", "PUT"]);
export const POST = GET;
export const DELETE = GET;
