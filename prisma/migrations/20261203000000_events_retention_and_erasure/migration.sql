-- Retention and erasure of events (lib/domain/event-retention.ts).

-- An invitation event's address (a deleted account's address is found by it and
-- erased), and when a deleted person's data was erased from an event.
ALTER TABLE "events" ADD COLUMN "subject_email" TEXT,
ADD COLUMN "erased_at" TIMESTAMPTZ(3);

-- A deleted person's events, wherever they happened, in order (the erasure's batches).
CREATE INDEX "events_subject_user_id_seq_idx" ON "events"("subject_user_id", "seq");
CREATE INDEX "events_actor_id_seq_idx" ON "events"("actor_id", "seq");
CREATE INDEX "events_subject_email_seq_idx" ON "events"("subject_email", "seq");

-- Pruning an event cascades to its deliveries: found by this index, not a scan per event.
CREATE INDEX "webhook_deliveries_event_seq_idx" ON "webhook_deliveries"("event_seq");

-- A deleted account whose personal data the sweep is erasing from the events,
-- in batches after `after_seq`; the row goes when the erasure is done.
CREATE TABLE "event_erasures" (
    "user_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "after_seq" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "event_erasures_pkey" PRIMARY KEY ("user_id")
);
