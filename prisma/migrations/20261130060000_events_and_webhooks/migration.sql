-- One row per change, written in the change's transaction: the audit log and
-- the source of webhook deliveries. `seq` orders them (keyset pagination);
-- `id` (evt_...) is what receivers see. No foreign keys: an event outlives the
-- organization, user or key it names.
CREATE TABLE "events" (
    "seq" BIGSERIAL NOT NULL,
    "id" TEXT NOT NULL DEFAULT ('evt_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "organization_id" TEXT,
    "subject_user_id" TEXT,
    "data" JSONB NOT NULL,
    "previous" JSONB,
    "http_request" JSONB,

    CONSTRAINT "events_pkey" PRIMARY KEY ("seq")
);

CREATE UNIQUE INDEX "events_id_key" ON "events"("id");
CREATE INDEX "events_organization_id_seq_idx" ON "events"("organization_id", "seq");
CREATE INDEX "events_organization_id_type_seq_idx" ON "events"("organization_id", "type", "seq");
CREATE INDEX "events_organization_id_actor_id_seq_idx" ON "events"("organization_id", "actor_id", "seq");
CREATE INDEX "events_organization_id_subject_user_id_seq_idx" ON "events"("organization_id", "subject_user_id", "seq");
CREATE INDEX "events_occurred_at_idx" ON "events"("occurred_at");

-- Where events are sent. `events` NULL means every type.
CREATE TABLE "webhook_endpoints" (
    "id" TEXT NOT NULL DEFAULT ('whe_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "secret" TEXT NOT NULL,
    "events" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabled_reason" TEXT,
    "failing_since" TIMESTAMPTZ(3),
    "last_success_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);

-- One row per (endpoint, event): claimed under SKIP LOCKED like the email outbox.
-- status: pending | delivering | delivered | failed
CREATE TABLE "webhook_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "event_seq" BIGINT NOT NULL,
    "organization_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "last_status" INTEGER,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retrying_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "webhook_deliveries_endpoint_id_event_seq_key" ON "webhook_deliveries"("endpoint_id", "event_seq");
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "webhook_deliveries"("status", "next_attempt_at");
CREATE INDEX "webhook_deliveries_endpoint_id_status_idx" ON "webhook_deliveries"("endpoint_id", "status");

ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_seq_fkey" FOREIGN KEY ("event_seq") REFERENCES "events"("seq") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every attempt: what the receiver answered and how long it took.
CREATE TABLE "webhook_attempts" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" BIGINT NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status_code" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "response_excerpt" TEXT,
    "error" TEXT,

    CONSTRAINT "webhook_attempts_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "webhook_attempts_delivery_id_idx" ON "webhook_attempts"("delivery_id");

ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The expiry an organizationInvitation.expired event was written for (once per expiry; a resend sets a new one).
ALTER TABLE "organization_invitations" ADD COLUMN "expiry_event_for" TIMESTAMPTZ(3);
CREATE INDEX "organization_invitations_status_expires_at_idx" ON "organization_invitations"("status", "expires_at");
