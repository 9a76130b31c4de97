import { db } from "@/lib/server/database";
import { replayWebhookDeliveries } from "@/lib/domain/webhook-endpoints";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";

/** Sends one delivery again (whatever its status, unless it is being sent right now). */
export const POST = apiRoute<{ id: string; deliveryId: string }>(async (_request, { id, deliveryId }) => {
  const { queued } = await replayWebhookDeliveries(db, id, { deliveryId });
  return json({ object: "webhook_replay", endpoint_id: id, queued });
});

export const GET = methodNotAllowed(["POST"]);
export const PATCH = GET;
export const PUT = GET;
export const DELETE = GET;
