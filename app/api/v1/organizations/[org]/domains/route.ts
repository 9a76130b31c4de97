import { db } from "@/lib/server/database";
import { INSTANCE } from "@/lib/domain/access";
import { addDomain, listDomains } from "@/lib/domain/domains/domains";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";
import { Query } from "@/lib/api/params";
import { domainJson, pageJson } from "@/lib/api/serialize";

type Params = { org: string };

/** Clerk's getOrganizationDomainList: `{data, total_count}`, newest first. */
export const GET = apiRoute<Params>(async (request, { org }) =>
  json(pageJson(await listDomains(db, INSTANCE, org, Query.of(request).page()), domainJson)),
);

/** Clerk's createOrganizationDomain: verified unless `verified: false` (the SDK sends true by default). */
export const POST = writeRoute<Params>(async (tx, body, { org }) => {
  const domain = await addDomain(
    tx,
    INSTANCE,
    org,
    { name: body.name, enrollmentMode: body.enrollmentMode, verified: body.verified ?? true },
    { trustVerified: true },
  );
  return json(domainJson(domain));
});

export const PATCH = methodNotAllowed(["GET", "POST"]);
export const PUT = PATCH;
export const DELETE = PATCH;
