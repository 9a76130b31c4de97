import { db, transaction } from "@/lib/server/database";
import { getOrganizationRecord } from "@/lib/domain/instance-reads";
import { removeOrganizationLogo, setOrganizationLogo } from "@/lib/domain/organizations/logo";
import { INSTANCE } from "@/lib/domain/access";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { LOGO_UPLOAD_MAX_BODY_BYTES, readUploadedFile } from "@/lib/api/upload";
import { organizationJson } from "@/lib/api/serialize";

type Params = { org: string };

// @clerk/backend's updateOrganizationLogo: PUT multipart/form-data with `file` (and an optional
// uploader_user_id, which Clerk only records: accepted, not stored).
export const PUT = apiRoute<Params>(
  async (request, { org }) => {
    const { bytes } = await readUploadedFile(request, "file", LOGO_UPLOAD_MAX_BODY_BYTES);
    // The answer is read in the change's transaction: it cannot fail after the change committed.
    const record = await setOrganizationLogo(db, INSTANCE, org, bytes, (tx, id) => getOrganizationRecord(tx, id));
    return json(organizationJson(record));
  },
  { maxBodyBytes: LOGO_UPLOAD_MAX_BODY_BYTES },
);

export const DELETE = apiRoute<Params>(async (_request, { org }) => {
  const record = await transaction(async (tx) => {
    const { id } = await removeOrganizationLogo(tx, INSTANCE, org);
    return getOrganizationRecord(tx, id);
  });
  return json(organizationJson(record));
});

export const GET = methodNotAllowed(["PUT", "DELETE"]);
export const POST = GET;
export const PATCH = GET;
