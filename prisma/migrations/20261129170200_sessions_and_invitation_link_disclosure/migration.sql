-- Sessions the app can end one by one. Auth.js's database-session table was
-- never used (sessions are JWTs): it is replaced by one row per sign-in, which
-- the token names (its `sid`) and every request checks.
DROP TABLE "sessions";

CREATE TABLE "sessions" (
    "id" TEXT NOT NULL DEFAULT ('sess_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "user_id" TEXT NOT NULL,
    "user_agent" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "sessions_user_id_last_seen_at_idx" ON "sessions"("user_id", "last_seen_at");

ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Whether an invitation's current link reached anyone but the invited mailbox.
-- Every link issued so far was shown to its inviter or returned by the API.
ALTER TABLE "organization_invitations" ADD COLUMN "link_disclosed" BOOLEAN NOT NULL DEFAULT true;
