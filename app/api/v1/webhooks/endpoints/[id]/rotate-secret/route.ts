import { db } from "@/lib/server/database";
import { rotateWebhookSecret } from "@/lib/domain/webhook-endpoints";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { webhookEndpointJson } from "@/lib/api/webhooks-json";

/** A new secret, answered once; deliveries from now on are signed with it. */
export const POST = apiRoute<{ id: string }>(async (_request, { id }) =>
  json(webhookEndpointJson(await rotateWebhookSecret(db, id))),
);

export const GET = methodNotAllowed(["POST"]);
export const PATCH = GET;
export const PUT = GET;
export const DELETE = GET;
