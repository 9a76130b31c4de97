import { transaction } from "@/lib/server/database";
import { INSTANCE } from "@/lib/domain/access";
import { deleteDomain, updateDomain } from "@/lib/domain/domains/domains";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { readBody } from "@/lib/api/params";
import { deletedJson, domainJson } from "@/lib/api/serialize";

type Params = { org: string; domainId: string };

/** Clerk's updateOrganizationDomain: name, enrollment_mode, verified. */
export const PATCH = apiRoute<Params>(async (request, { org, domainId }) => {
  const body = await readBody(request);
  return transaction(async (tx) => {
    const domain = await updateDomain(
      tx,
      INSTANCE,
      org,
      domainId,
      { name: body.name, enrollmentMode: body.enrollmentMode, verified: body.verified },
      { trustVerified: true },
    );
    return json(domainJson(domain));
  });
});

/** Clerk's deleteOrganizationDomain answers the deleted object. */
export const DELETE = apiRoute<Params>(async (_request, { org, domainId }) => {
  return transaction(async (tx) => {
    const domain = await deleteDomain(tx, INSTANCE, org, domainId);
    return json(deletedJson("organization_domain", domain.id));
  });
});

export const GET = methodNotAllowed(["PATCH", "DELETE"]);
export const POST = GET;
export const PUT = GET;
