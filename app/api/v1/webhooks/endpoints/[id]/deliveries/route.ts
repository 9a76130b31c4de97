import { db } from "@/lib/server/database";
import { DELIVERY_STATUSES, listWebhookDeliveries, type DeliveryStatus } from "@/lib/domain/webhook-endpoints";
import { apiRoute, json, methodNotAllowed, paramError } from "@/lib/api/http";
import { Query } from "@/lib/api/params";
import { pageJson } from "@/lib/api/serialize";
import { webhookDeliveryJson } from "@/lib/api/webhooks-json";

/** An endpoint's deliveries, newest first; `status` filters (pending, delivering, delivered, failed). */
export const GET = apiRoute<{ id: string }>(async (request, { id }) => {
  const q = Query.of(request);
  const status = q.string("status");
  if (status !== undefined && !DELIVERY_STATUSES.includes(status as DeliveryStatus))
    throw paramError("form_param_value_invalid", "status", `status must be one of ${DELIVERY_STATUSES.join(", ")}.`);
  const page = await listWebhookDeliveries(db, id, {
    ...q.page(),
    status: status as DeliveryStatus | undefined,
  });
  return json(pageJson(page, webhookDeliveryJson));
});

export const POST = methodNotAllowed(["GET"]);
export const PATCH = POST;
export const PUT = POST;
export const DELETE = POST;
