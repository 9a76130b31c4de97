import { db } from "@/lib/server/database";
import { replayWebhookDeliveries } from "@/lib/domain/webhook-endpoints";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";

/** Sends every failed delivery of the endpoint again. */
export const POST = apiRoute<{ id: string }>(async (_request, { id }) => {
  const { queued } = await replayWebhookDeliveries(db, id);
  return json({ object: "webhook_replay", endpoint_id: id, queued });
});

export const GET = methodNotAllowed(["POST"]);
export const PATCH = GET;
export const PUT = GET;
export const DELETE = GET;
