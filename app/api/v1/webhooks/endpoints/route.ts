import { db } from "@/lib/server/database";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/domain/webhook-endpoints";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeAnswer } from "@/lib/api/idempotency";
import { Query, readBody, requireParams } from "@/lib/api/params";
import { webhookEndpointJson } from "@/lib/api/webhooks-json";

export const GET = apiRoute(async (request) => {
  const { data, totalCount } = await listWebhookEndpoints(db, Query.of(request).page());
  return json({ data: data.map((endpoint) => webhookEndpointJson(endpoint)), total_count: totalCount });
});

/** Answers the endpoint with its secret: the only time it is shown, apart from a rotation. */
export const POST = apiRoute(async (request) => {
  const body = await readBody(request);
  return writeAnswer(request, body, async (tx) => {
    requireParams(body, "url");
    return json(webhookEndpointJson(await createWebhookEndpoint(tx, body)));
  });
});

export const PATCH = methodNotAllowed(["GET", "POST"]);
export const PUT = PATCH;
export const DELETE = PATCH;
