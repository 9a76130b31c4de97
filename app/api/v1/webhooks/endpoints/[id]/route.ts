import { db } from "@/lib/server/database";
import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from "@/lib/domain/webhook-endpoints";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { readBody } from "@/lib/api/params";
import { deletedJson } from "@/lib/api/serialize";
import { webhookEndpointJson } from "@/lib/api/webhooks-json";

type Params = { id: string };

export const GET = apiRoute<Params>(async (_request, { id }) =>
  json(webhookEndpointJson(await getWebhookEndpoint(db, id))),
);

/** Changes what the body names: url, events (null = all), description, enabled. */
export const PATCH = apiRoute<Params>(async (request, { id }) => {
  const body = await readBody(request);
  return json(webhookEndpointJson(await updateWebhookEndpoint(db, id, body)));
});

export const DELETE = apiRoute<Params>(async (_request, { id }) => {
  const deleted = await deleteWebhookEndpoint(db, id);
  return json(deletedJson("webhook_endpoint", deleted.id));
});

export const POST = methodNotAllowed(["GET", "PATCH", "DELETE"]);
export const PUT = POST;
