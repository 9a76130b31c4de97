-- CreateEnum
CREATE TYPE "account_token_kind" AS ENUM ('email_verification', 'password_reset', 'email_change');

-- AlterTable
ALTER TABLE "organization_invitations" ADD COLUMN     "private_metadata" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "public_metadata" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "redirect_url" TEXT;

-- AlterTable
ALTER TABLE "organization_memberships" ADD COLUMN     "private_metadata" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "public_metadata" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "admin_delete_enabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "max_allowed_memberships" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "private_metadata" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "public_metadata" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "first_name" TEXT,
ADD COLUMN     "last_name" TEXT,
ADD COLUMN     "private_metadata" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "public_metadata" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "session_version" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "unsafe_metadata" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "account_tokens" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "kind" "account_token_kind" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "new_email" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL DEFAULT ('ak_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "account_tokens_token_hash_key" ON "account_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "account_tokens_user_id_kind_idx" ON "account_tokens"("user_id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE UNIQUE INDEX "users_external_id_key" ON "users"("external_id");

-- AddForeignKey
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


