-- Member search (name or email containing the text, ILIKE '%...%') through
-- trigram indexes rather than a read of every member. pg_trgm ships with
-- PostgreSQL (contrib) and is a trusted extension: a database owner can create
-- it without superuser rights. The embedded database loads it (lib/embedded-db.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "users_name_trgm_idx" ON "users" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "users_email_trgm_idx" ON "users" USING GIN ("email" gin_trgm_ops);
