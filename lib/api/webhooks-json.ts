// Webhook endpoints and deliveries in the REST API's dialect: snake_case, an
// `object` discriminator, Unix-millisecond timestamps.
import type { WebhookDeliveryDto, WebhookEndpointDto } from "../domain/webhook-endpoints";

const ms = (date: Date | null) => (date ? date.getTime() : null);

/** The endpoint; `secret` only where it is handed out (creation and rotation). */
export function webhookEndpointJson(endpoint: WebhookEndpointDto & { secret?: string }) {
  return {
    object: "webhook_endpoint",
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    // null: every event type.
    events: endpoint.events,
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabledReason,
    failing_since: ms(endpoint.failingSince),
    last_success_at: ms(endpoint.lastSuccessAt),
    created_at: ms(endpoint.createdAt),
    updated_at: ms(endpoint.updatedAt),
    ...(endpoint.secret === undefined ? {} : { secret: endpoint.secret }),
  };
}

export function webhookDeliveryJson(delivery: WebhookDeliveryDto) {
  return {
    object: "webhook_delivery",
    id: delivery.id,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    next_attempt_at: ms(delivery.nextAttemptAt),
    last_status: delivery.lastStatus,
    last_error: delivery.lastError,
    created_at: ms(delivery.createdAt),
    delivered_at: ms(delivery.deliveredAt),
    last_attempt: delivery.lastAttempt && {
      status_code: delivery.lastAttempt.statusCode,
      latency_ms: delivery.lastAttempt.latencyMs,
      response_excerpt: delivery.lastAttempt.responseExcerpt,
      attempted_at: ms(delivery.lastAttempt.attemptedAt),
    },
  };
}
