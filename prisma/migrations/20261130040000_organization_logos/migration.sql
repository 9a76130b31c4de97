-- Uploaded organization logos (issue #14, point 12): the re-encoded image itself, kept in
-- PostgreSQL so a self-hoster runs no storage service. organizations.logo_url then holds the
-- path it is served at (/logos/<organization id>/<hash>.webp), which changes with the content.
-- CreateTable
CREATE TABLE "organization_logos" (
    "organization_id" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "content_type" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_logos_pkey" PRIMARY KEY ("organization_id")
);

-- AddForeignKey
ALTER TABLE "organization_logos" ADD CONSTRAINT "organization_logos_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
