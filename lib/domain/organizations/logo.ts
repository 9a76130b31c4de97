// Organization logos: an admin (or the REST API's secret key) uploads one, it
// is re-encoded (lib/images/logo-image.ts) and stored in organization_logos,
// and organizations.logo_url becomes the path it is served at, which names the
// content's hash: a new logo is a new URL, so the old one may be cached forever.
// Anyone may read a logo by that path (as Clerk's image URLs): it names no member.
import { Prisma } from "../../generated/prisma/client";
import { rolePermissionKeysSql } from "../roles/sql";
import type { Db, Tx } from "../../db";
import { organizationEvent, organizationPayload } from "../event-payloads";
import { LogoImageError, processLogoImage } from "../../images/logo-image";
import { INSTANCE, lockAsMember, requirePermission, sqlWhereRef } from "../access";
import { grantOf } from "../../authz";
import { DomainError, notFound } from "../errors";

/** The path a stored logo is served at (app/logos/[organizationId]/[file]/route.ts). */
export function logoPath(organizationId: string, hash: string): string {
  return `/logos/${organizationId}/${hash}.webp`;
}

/** What a logo change answers: the organization's id and slug. */
type LogoChanged = { id: string; slug: string };

const LOGO_FILE = /^([0-9a-f]{32})\.webp$/;
const ORGANIZATION_ID = /^org_[0-9a-f]{32}$/;

function badFile(message: string): DomainError {
  return new DomainError("form_param_format_invalid", message, {
    paramName: "file",
    fieldErrors: { file: message },
  });
}

/**
 * Replaces the organization's logo with `bytes` (an upload, checked here: the
 * bytes must be a PNG, JPEG, WebP or GIF image of at most 10 MB). Admins only.
 */
export async function setOrganizationLogo(
  db: Db,
  actorId: string,
  ref: string,
  bytes: Uint8Array,
): Promise<LogoChanged & { logoUrl: string }>;
/** The same, with `answer` read inside the change's transaction (the REST API's response). */
export async function setOrganizationLogo<T>(
  db: Db,
  actorId: string,
  ref: string,
  bytes: Uint8Array,
  answer: (tx: Tx, organizationId: string) => Promise<T>,
): Promise<T>;
export async function setOrganizationLogo<T>(
  db: Db,
  actorId: string,
  ref: string,
  bytes: Uint8Array,
  answer?: (tx: Tx, organizationId: string) => Promise<T>,
): Promise<T | (LogoChanged & { logoUrl: string })> {
  // Who may, before spending the CPU on the image; checked again under the lock below.
  const [member] = await db.rows<{
    id: string;
    role: string | null;
    permissions: string[] | null;
  }>(Prisma.sql`SELECT o.id, m.role, ${rolePermissionKeysSql("m.role")} AS permissions
                 FROM organizations o
                 LEFT JOIN organization_memberships m ON m.organization_id = o.id AND m.user_id = ${actorId}
                WHERE ${sqlWhereRef(ref)}`);
  if (!member || (actorId !== INSTANCE && !member.role)) throw notFound();
  if (actorId !== INSTANCE)
    requirePermission(grantOf({ role: member.role!, permissions: member.permissions }), "org:update");

  let image;
  try {
    image = await processLogoImage(bytes);
  } catch (error) {
    if (error instanceof LogoImageError) throw badFile(error.message);
    throw error;
  }

  return db.transaction(async (tx) => {
    const { organizationId, role } = await lockAsMember(tx, actorId, ref);
    requirePermission(role, "org:update");
    const logoUrl = logoPath(organizationId, image.hash);
    const store = Prisma.sql`INSERT INTO organization_logos (organization_id, content, content_type, hash, width, height, updated_at)
                 VALUES (${organizationId}, ${image.content}, ${image.contentType}, ${image.hash}, ${image.width}, ${image.height}, now())
                 ON CONFLICT (organization_id) DO UPDATE
                   SET content = EXCLUDED.content, content_type = EXCLUDED.content_type, hash = EXCLUDED.hash,
                       width = EXCLUDED.width, height = EXCLUDED.height, updated_at = now()`;
    const organization = await changeLogo(tx, actorId, organizationId, store, logoUrl);
    return answer ? answer(tx, organizationId) : { ...organization, logoUrl };
  });
}

/**
 * Writes organization_logos with `store`, then points the organization at `logoUrl` (null: no
 * logo), recording organization.updated. Under the organization's lock.
 */
async function changeLogo(
  tx: Tx,
  actorId: string,
  organizationId: string,
  store: Prisma.Sql,
  logoUrl: string | null,
): Promise<LogoChanged> {
  const before = await organizationPayload(tx, organizationId);
  await tx.rows(store);
  const [organization] = await tx.rows<LogoChanged>(Prisma.sql`
    UPDATE organizations SET logo_url = ${logoUrl}, updated_at = now() WHERE id = ${organizationId} RETURNING id, slug`);
  await organizationEvent(tx, actorId, "organization.updated", organizationId, before);
  return organization!;
}

/** Removes the organization's logo (an uploaded one, or an older logo URL). Admins only; no logo is no error. */
export async function removeOrganizationLogo(db: Db, actorId: string, ref: string): Promise<LogoChanged> {
  return db.transaction(async (tx) => {
    const { organizationId, role } = await lockAsMember(tx, actorId, ref);
    requirePermission(role, "org:update");
    const current = await tx.one<{ id: string; slug: string; logo_url: string | null }>(
      Prisma.sql`SELECT id, slug, logo_url FROM organizations WHERE id = ${organizationId}`,
    );
    // No logo: nothing changes, no event.
    if (!current?.logo_url) return { id: organizationId, slug: current!.slug };
    const remove = Prisma.sql`DELETE FROM organization_logos WHERE organization_id = ${organizationId}`;
    return changeLogo(tx, actorId, organizationId, remove, null);
  });
}

export type StoredLogo = { content: Uint8Array; contentType: string; hash: string; updatedAt: Date };

/** The logo at the path logoPath gave, or null: another hash (a replaced logo) is not found. */
export async function readOrganizationLogo(db: Db, organizationId: string, file: string): Promise<StoredLogo | null> {
  const hash = LOGO_FILE.exec(file)?.[1];
  if (!hash || !ORGANIZATION_ID.test(organizationId)) return null;
  const [row] = await db.rows<{
    content: Uint8Array;
    content_type: string;
    hash: string;
    updated_at: Date;
  }>(Prisma.sql`SELECT content, content_type, hash, updated_at FROM organization_logos
                WHERE organization_id = ${organizationId} AND hash = ${hash}`);
  return row
    ? { content: row.content, contentType: row.content_type, hash: row.hash, updatedAt: row.updated_at }
    : null;
}
