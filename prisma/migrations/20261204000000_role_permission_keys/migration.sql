-- A role carries its permission keys (sorted) in a column of its own, kept by triggers for every
-- writer: a membership read takes its role's permissions with one index lookup instead of
-- aggregating three tables per row (docs/roles-and-permissions.md).
ALTER TABLE "organization_roles" ADD COLUMN "permission_keys" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

CREATE FUNCTION "organization_role_refresh_permission_keys"(target_role_id TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Lock the role first: the next statement's snapshot, taken after the lock, sees every change a
  -- concurrent writer of this role committed (READ COMMITTED), so two writers never lose one's key.
  PERFORM 1 FROM "organization_roles" WHERE "id" = target_role_id FOR NO KEY UPDATE;
  UPDATE "organization_roles" r
     SET "permission_keys" = coalesce((SELECT array_agg(p."key" ORDER BY p."key")
                                         FROM "organization_role_permissions" rp
                                         JOIN "organization_permissions" p ON p."id" = rp."permission_id"
                                        WHERE rp."role_id" = r."id"), ARRAY[]::TEXT[])
   WHERE r."id" = target_role_id;
END $$;

CREATE FUNCTION "organization_role_permissions_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM "organization_role_refresh_permission_keys"(NEW."role_id");
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    PERFORM "organization_role_refresh_permission_keys"(OLD."role_id");
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "organization_role_permissions_keys" AFTER INSERT OR UPDATE OR DELETE ON "organization_role_permissions"
  FOR EACH ROW EXECUTE FUNCTION "organization_role_permissions_changed"();

-- A permission's key changed: every role holding it carries the new key.
CREATE FUNCTION "organization_permission_key_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  holder TEXT;
BEGIN
  FOR holder IN SELECT "role_id" FROM "organization_role_permissions" WHERE "permission_id" = NEW."id" ORDER BY "role_id" LOOP
    PERFORM "organization_role_refresh_permission_keys"(holder);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER "organization_permissions_key" AFTER UPDATE OF "key" ON "organization_permissions"
  FOR EACH ROW WHEN (OLD."key" IS DISTINCT FROM NEW."key") EXECUTE FUNCTION "organization_permission_key_changed"();

UPDATE "organization_roles" r
   SET "permission_keys" = coalesce((SELECT array_agg(p."key" ORDER BY p."key")
                                       FROM "organization_role_permissions" rp
                                       JOIN "organization_permissions" p ON p."id" = rp."permission_id"
                                      WHERE rp."role_id" = r."id"), ARRAY[]::TEXT[]);

-- Hand-written SQL that asks for a role's permissions keeps working: it now reads the column.
CREATE OR REPLACE FUNCTION "organization_role_permission_keys"(role_key TEXT) RETURNS TEXT[] LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT r."permission_keys" FROM "organization_roles" r WHERE r."key" = role_key), ARRAY[]::TEXT[])
$$;
