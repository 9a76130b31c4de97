-- Emails the operator chose not to deliver (EMAIL_DELIVERY=off) are recorded as
-- such, never as sent. (Not used in this migration: ADD VALUE runs in a transaction.)
ALTER TYPE "email_status" ADD VALUE 'undelivered';

-- Invitation emails a person sent (new and resent), for the per-inviter hourly limit.
CREATE TABLE "invitation_sends" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "inviter_id" TEXT NOT NULL,
    "emails" INTEGER NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invitation_sends_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "invitation_sends_inviter_id_sent_at_idx" ON "invitation_sends"("inviter_id", "sent_at");

ALTER TABLE "invitation_sends" ADD CONSTRAINT "invitation_sends_inviter_id_fkey" FOREIGN KEY ("inviter_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
