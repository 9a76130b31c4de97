-- Verified domains (lib/domain/domains): an organization's domains, the
-- suggestions shown to people whose verified address is at one, and their
-- requests to join.
CREATE TYPE "domain_enrollment_mode" AS ENUM ('manual_invitation', 'automatic_invitation', 'automatic_suggestion');
CREATE TYPE "organization_suggestion_status" AS ENUM ('pending', 'accepted', 'dismissed', 'withdrawn');
CREATE TYPE "membership_request_status" AS ENUM ('pending', 'accepted', 'revoked');

-- verified_name is the name while the domain is verified, NULL otherwise: its
-- unique index lets at most one organization hold a verified domain (two
-- verifying at once: one insert of the name wins, the other is a unique violation).
CREATE TABLE "organization_domains" (
    "id" TEXT NOT NULL DEFAULT ('orgdmn_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "organization_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enrollment_mode" "domain_enrollment_mode" NOT NULL DEFAULT 'manual_invitation',
    "enrollment_mode_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verified_name" TEXT,
    "verified_at" TIMESTAMPTZ(3),
    "affiliation_email" TEXT,
    "code_hash" TEXT,
    "code_attempts" INTEGER NOT NULL DEFAULT 0,
    "code_expires_at" TIMESTAMPTZ(3),
    "codes_sent" INTEGER NOT NULL DEFAULT 0,
    "codes_window_start" TIMESTAMPTZ(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_domains_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "organization_domains_verified_name_key" ON "organization_domains"("verified_name");
CREATE INDEX "organization_domains_name_idx" ON "organization_domains"("name");
CREATE UNIQUE INDEX "organization_domains_organization_id_name_key" ON "organization_domains"("organization_id", "name");

ALTER TABLE "organization_domains" ADD CONSTRAINT "organization_domains_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Automatic invitations name the domain whose address matched.
ALTER TABLE "organization_invitations" ADD COLUMN "domain_id" TEXT;
CREATE INDEX "organization_invitations_domain_id_email_idx" ON "organization_invitations"("domain_id", "email");
ALTER TABLE "organization_invitations" ADD CONSTRAINT "organization_invitations_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "organization_domains"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- pending_key is "<organization id>:<user id>" while pending, NULL after: one pending suggestion per person and organization.
CREATE TABLE "organization_suggestions" (
    "id" TEXT NOT NULL DEFAULT ('orgsug_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "organization_id" TEXT NOT NULL,
    "domain_id" TEXT,
    "user_id" TEXT NOT NULL,
    "status" "organization_suggestion_status" NOT NULL DEFAULT 'pending',
    "pending_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_suggestions_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "organization_suggestions_pending_key_key" ON "organization_suggestions"("pending_key");
CREATE INDEX "organization_suggestions_user_id_status_idx" ON "organization_suggestions"("user_id", "status");
CREATE INDEX "organization_suggestions_domain_id_user_id_idx" ON "organization_suggestions"("domain_id", "user_id");
CREATE INDEX "organization_suggestions_organization_id_idx" ON "organization_suggestions"("organization_id");

ALTER TABLE "organization_suggestions" ADD CONSTRAINT "organization_suggestions_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "organization_suggestions" ADD CONSTRAINT "organization_suggestions_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "organization_domains"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "organization_suggestions" ADD CONSTRAINT "organization_suggestions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One pending request per person and organization (pending_key as above).
CREATE TABLE "organization_membership_requests" (
    "id" TEXT NOT NULL DEFAULT ('orgmemreq_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "organization_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "domain_id" TEXT,
    "status" "membership_request_status" NOT NULL DEFAULT 'pending',
    "pending_key" TEXT,
    "decided_by_id" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "admins_notified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_membership_requests_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "organization_membership_requests_pending_key_key" ON "organization_membership_requests"("pending_key");
CREATE INDEX "organization_membership_requests_organization_id_status_cre_idx" ON "organization_membership_requests"("organization_id", "status", "created_at");
CREATE INDEX "organization_membership_requests_user_id_status_idx" ON "organization_membership_requests"("user_id", "status");
CREATE INDEX "organization_membership_requests_domain_id_idx" ON "organization_membership_requests"("domain_id");

ALTER TABLE "organization_membership_requests" ADD CONSTRAINT "organization_membership_requests_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "organization_membership_requests" ADD CONSTRAINT "organization_membership_requests_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "organization_membership_requests" ADD CONSTRAINT "organization_membership_requests_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "organization_domains"("id") ON DELETE SET NULL ON UPDATE CASCADE;
