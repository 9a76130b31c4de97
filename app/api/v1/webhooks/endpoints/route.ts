import { db } from "@/lib/server/database";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/domain/webhook-endpoints";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";
import { Query, requireParams } from "@/lib/api/params";
import { pageJson } from "@/lib/api/serialize";
import { webhookEndpointJson } from "@/lib/api/webhooks-json";

export const GET = apiRoute(async (request) =>
  json(pageJson(await listWebhookEndpoints(db, Query.of(request).page()), webhookEndpointJson)),
);

/** Answers the endpoint with its secret: the only time it is shown, apart from a rotation. */
export const POST = writeRoute(async (tx, body) => {
  requireParams(body, "url");
  return json(webhookEndpointJson(await createWebhookEndpoint(tx, body)));
});

export const PATCH = methodNotAllowed(["GET", "POST"]);
export const PUT = PATCH;
export const DELETE = PATCH;
