import { db } from "@/lib/server/database";
import { getOrganizationRecord } from "@/lib/domain/instance-reads";
import { deleteOrganization, updateOrganization } from "@/lib/domain/organizations/organizations";
import { INSTANCE } from "@/lib/domain/access";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeAnswer } from "@/lib/api/idempotency";
import { Query, readBody } from "@/lib/api/params";
import { deletedJson, organizationJson } from "@/lib/api/serialize";

type Params = { org: string };

export const GET = apiRoute<Params>(async (request, { org }) => {
  const record = await getOrganizationRecord(db, org, { counts: Query.of(request).bool("include_members_count") });
  return json(organizationJson(record));
});

export const PATCH = apiRoute<Params>(async (request, { org }) => {
  const body = await readBody(request);
  const update = Object.fromEntries(
    (["name", "slug", "maxAllowedMemberships", "adminDeleteEnabled"] as const)
      .filter((key) => body[key] !== undefined && body[key] !== null)
      .map((key) => [key, body[key]]),
  );
  return writeAnswer(request, body, async (tx) => {
    // Nothing recognised to change: answer with the organization as it is.
    if (Object.keys(update).length > 0) await updateOrganization(tx, INSTANCE, org, update);
    return json(
      organizationJson(await getOrganizationRecord(tx, org.startsWith("org_") ? org : String(update.slug ?? org))),
    );
  });
});

export const DELETE = apiRoute<Params>(async (_request, { org }) => {
  const deleted = await deleteOrganization(db, INSTANCE, org);
  return json(deletedJson("organization", deleted.id, { slug: deleted.slug }));
});

export const POST = methodNotAllowed(["GET", "PATCH", "DELETE"]);
export const PUT = POST;
