-- Custom roles and permissions (docs/roles-and-permissions.md), managed as Clerk's
-- API manages them: permissions (system ones seeded), roles made of permissions,
-- and memberships / invitations naming a role by its key.

-- CreateTable
CREATE TABLE "organization_permissions" (
    "id" TEXT NOT NULL DEFAULT ('perm_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "system" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_permissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organization_roles" (
    "id" TEXT NOT NULL DEFAULT ('role_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organization_role_permissions" (
    "role_id" TEXT NOT NULL,
    "permission_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_role_permissions_pkey" PRIMARY KEY ("role_id","permission_id")
);

-- CreateTable
CREATE TABLE "organization_role_settings" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "creator_role" TEXT NOT NULL,
    "default_role" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_role_settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organization_permissions_key_key" ON "organization_permissions"("key");

-- CreateIndex
CREATE UNIQUE INDEX "organization_roles_key_key" ON "organization_roles"("key");

-- CreateIndex
CREATE INDEX "organization_role_permissions_permission_id_idx" ON "organization_role_permissions"("permission_id");

-- AddForeignKey
ALTER TABLE "organization_role_permissions" ADD CONSTRAINT "organization_role_permissions_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "organization_roles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_role_permissions" ADD CONSTRAINT "organization_role_permissions_permission_id_fkey" FOREIGN KEY ("permission_id") REFERENCES "organization_permissions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_role_settings" ADD CONSTRAINT "organization_role_settings_creator_role_fkey" FOREIGN KEY ("creator_role") REFERENCES "organization_roles"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_role_settings" ADD CONSTRAINT "organization_role_settings_default_role_fkey" FOREIGN KEY ("default_role") REFERENCES "organization_roles"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The system permissions (fixed ids, so seeds and docs can name them) and the two seeded roles
-- with today's powers: admin holds every system permission, member reads the memberships.
INSERT INTO "organization_permissions" ("id", "key", "name", "description", "system") VALUES
  ('perm_sys_profile_manage', 'org:sys_profile:manage', 'Manage organization', 'Permission to manage an organization''s name, slug and logo.', true),
  ('perm_sys_profile_delete', 'org:sys_profile:delete', 'Delete organization', 'Permission to delete an organization.', true),
  ('perm_sys_memberships_read', 'org:sys_memberships:read', 'Read members', 'Permission to read the members of an organization.', true),
  ('perm_sys_memberships_manage', 'org:sys_memberships:manage', 'Manage members', 'Permission to invite members, change their roles, remove them, and read the activity log.', true),
  ('perm_sys_domains_read', 'org:sys_domains:read', 'Read domains', 'Permission to read the verified domains of an organization.', true),
  ('perm_sys_domains_manage', 'org:sys_domains:manage', 'Manage domains', 'Permission to add, verify and remove the verified domains of an organization.', true);

INSERT INTO "organization_roles" ("id", "key", "name", "description") VALUES
  ('role_admin', 'org:admin', 'Admin', 'Can manage the organization, its members and its settings.'),
  ('role_member', 'org:member', 'Member', 'Can see the organization and its members.');

INSERT INTO "organization_role_permissions" ("role_id", "permission_id")
  SELECT 'role_admin', "id" FROM "organization_permissions" WHERE "system";
INSERT INTO "organization_role_permissions" ("role_id", "permission_id") VALUES ('role_member', 'perm_sys_memberships_read');

INSERT INTO "organization_role_settings" ("id", "creator_role", "default_role") VALUES (true, 'org:admin', 'org:member');

-- Memberships and invitations name a role by its key: admin -> org:admin, basic_member -> org:member.
ALTER TABLE "organization_memberships" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "organization_memberships" ALTER COLUMN "role" TYPE TEXT
  USING (CASE "role"::text WHEN 'admin' THEN 'org:admin' ELSE 'org:member' END);
ALTER TABLE "organization_memberships" ALTER COLUMN "role" SET DEFAULT 'org:member';

ALTER TABLE "organization_invitations" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "organization_invitations" ALTER COLUMN "role" TYPE TEXT
  USING (CASE "role"::text WHEN 'admin' THEN 'org:admin' ELSE 'org:member' END);
ALTER TABLE "organization_invitations" ALTER COLUMN "role" SET DEFAULT 'org:member';

DROP TYPE "organization_role";

-- AddForeignKey (a role assigned to members cannot be deleted; a renamed key follows)
ALTER TABLE "organization_memberships" ADD CONSTRAINT "organization_memberships_role_fkey" FOREIGN KEY ("role") REFERENCES "organization_roles"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The old spellings stay accepted by every writer (seeds, scripts, SQL by hand):
-- admin and basic_member are stored as org:admin and org:member.
CREATE FUNCTION "organization_role_key"(role TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE role WHEN 'admin' THEN 'org:admin' WHEN 'basic_member' THEN 'org:member' ELSE role END
$$;

CREATE FUNCTION "organization_role_key_normalized"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."role" := "organization_role_key"(NEW."role");
  RETURN NEW;
END $$;

CREATE TRIGGER "organization_memberships_role_key" BEFORE INSERT OR UPDATE OF "role" ON "organization_memberships"
  FOR EACH ROW WHEN (NEW."role" IN ('admin', 'basic_member')) EXECUTE FUNCTION "organization_role_key_normalized"();

CREATE TRIGGER "organization_invitations_role_key" BEFORE INSERT OR UPDATE OF "role" ON "organization_invitations"
  FOR EACH ROW WHEN (NEW."role" IN ('admin', 'basic_member')) EXECUTE FUNCTION "organization_role_key_normalized"();

-- A role's permission keys, sorted: what a membership read carries (lib/authz.ts decides with it).
CREATE FUNCTION "organization_role_permission_keys"(role_key TEXT) RETURNS TEXT[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(p."key" ORDER BY p."key"), '{}'::text[])
    FROM "organization_roles" r
    JOIN "organization_role_permissions" rp ON rp."role_id" = r."id"
    JOIN "organization_permissions" p ON p."id" = rp."permission_id"
   WHERE r."key" = role_key
$$;
