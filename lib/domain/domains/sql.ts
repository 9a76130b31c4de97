// The verified-domain tables as the domain reads and writes them: the
// organization_domains row and its DTO (with the pending counts Clerk's object
// carries), suggestions, membership requests, and the statements that make
// automatic invitations and suggestions for the people whose verified address
// is at a domain. A column added to the schema is added here.
import { Prisma } from "../../generated/prisma/client";
import type { Role } from "../../authz";

export const ENROLLMENT_MODES = ["manual_invitation", "automatic_invitation", "automatic_suggestion"] as const;
export type EnrollmentMode = (typeof ENROLLMENT_MODES)[number];

export function isEnrollmentMode(value: unknown): value is EnrollmentMode {
  return typeof value === "string" && (ENROLLMENT_MODES as readonly string[]).includes(value);
}

/** Wrong codes a verification code survives. */
export const MAX_CODE_ATTEMPTS = 5;

export type DomainDto = {
  id: string;
  organizationId: string;
  name: string;
  enrollmentMode: EnrollmentMode;
  verified: boolean;
  verifiedAt: Date | null;
  affiliationEmail: string | null;
  /** Wrong codes tried against the current code. */
  attempts: number;
  /** When the current code stops working (null: no code sent, or verified). */
  codeExpiresAt: Date | null;
  /** A code was sent and still works (not expired, tries left). */
  codeActive: boolean;
  totalPendingInvitations: number;
  totalPendingSuggestions: number;
  createdAt: Date;
  updatedAt: Date;
};

/** DomainDto's columns, for a query that names the domains `d`. */
export const DOMAIN_COLUMNS = Prisma.raw(
  `d.id, d.organization_id, d.name, d.enrollment_mode::text AS enrollment_mode, d.verified_at, d.affiliation_email,
   d.code_attempts, d.code_expires_at, d.created_at, d.updated_at,
   (SELECT count(*)::int FROM organization_invitations i
     WHERE i.domain_id = d.id AND i.status = 'pending' AND i.expires_at > now()) AS pending_invitations,
   (SELECT count(*)::int FROM organization_suggestions s
     WHERE s.domain_id = d.id AND s.status = 'pending') AS pending_suggestions`,
);

export type DomainRow = {
  id: string;
  organization_id: string;
  name: string;
  enrollment_mode: EnrollmentMode;
  verified_at: Date | null;
  affiliation_email: string | null;
  code_attempts: number;
  code_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  pending_invitations: number;
  pending_suggestions: number;
};

export function toDomain(row: DomainRow, now = new Date()): DomainDto {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    enrollmentMode: row.enrollment_mode,
    verified: row.verified_at !== null,
    verifiedAt: row.verified_at,
    affiliationEmail: row.affiliation_email,
    attempts: row.code_attempts,
    codeExpiresAt: row.verified_at ? null : row.code_expires_at,
    codeActive:
      !row.verified_at &&
      row.code_expires_at !== null &&
      row.code_expires_at > now &&
      row.code_attempts < MAX_CODE_ATTEMPTS,
    totalPendingInvitations: row.pending_invitations,
    totalPendingSuggestions: row.pending_suggestions,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One domain of an organization, read (and with `lock`, locked) in the caller's transaction. */
export function domainSql(organizationId: string, domainId: string, lock = false): Prisma.Sql {
  return Prisma.sql`SELECT ${DOMAIN_COLUMNS} FROM organization_domains d
                     WHERE d.id = ${domainId} AND d.organization_id = ${organizationId}
                     ${lock ? Prisma.sql`FOR UPDATE OF d` : Prisma.empty}`;
}

/** An organization's domains, newest first, with a window count. */
export function listDomainsSql(organizationId: string, limit: number, offset: number): Prisma.Sql {
  return Prisma.sql`SELECT ${DOMAIN_COLUMNS}, count(*) OVER ()::int AS total FROM organization_domains d
                     WHERE d.organization_id = ${organizationId}
                     ORDER BY d.created_at DESC, d.id
                     LIMIT ${limit}::int OFFSET ${offset}::int`;
}

/** The code columns of a locked domain (never leave lib/domain). */
export type DomainSecretRow = {
  verified_name: string | null;
  code_hash: string | null;
  code_attempts: number;
  code_expires_at: Date | null;
  codes_sent: number;
  codes_window_start: Date | null;
};

export function domainSecretSql(domainId: string): Prisma.Sql {
  return Prisma.sql`SELECT verified_name, code_hash, code_attempts, code_expires_at, codes_sent, codes_window_start
                      FROM organization_domains WHERE id = ${domainId}`;
}

export function insertDomainSql(
  organizationId: string,
  name: string,
  mode: EnrollmentMode,
  createdById: string | null,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO organization_domains (organization_id, name, enrollment_mode, created_by_id)
    VALUES (${organizationId}, ${name}, ${mode}::domain_enrollment_mode, ${createdById})
    ON CONFLICT (organization_id, name) DO NOTHING
    RETURNING id`;
}

/**
 * Marks a domain verified. Setting verified_name is what can fail: another
 * organization holding the name verified is a unique violation (the caller maps it).
 */
export function markVerifiedSql(domainId: string, affiliationEmail: string | null): Prisma.Sql {
  return Prisma.sql`
    UPDATE organization_domains
       SET verified_name = name, verified_at = now(), affiliation_email = COALESCE(${affiliationEmail}, affiliation_email),
           code_hash = NULL, code_expires_at = NULL, code_attempts = 0, updated_at = now()
     WHERE id = ${domainId} AND verified_at IS NULL`;
}

// ---------------------------------------------------------------------------
// Automatic invitations and suggestions.

/**
 * People whose verified address is at the domain (`d`), who are not members
 * of its organization and have no pending invitation or suggestion there, and
 * have not been given one from this domain since its mode was last set (so a
 * dismissed one stays dismissed). `onlyUser` narrows it to one person.
 */
function eligibleUsersSql(domainId: string, onlyUser: string | null, kind: "invitation" | "suggestion"): Prisma.Sql {
  const given =
    kind === "invitation"
      ? Prisma.sql`SELECT 1 FROM organization_invitations i
                    WHERE i.organization_id = d.organization_id AND i.email = u.email
                      AND ((i.status = 'pending' AND i.expires_at > now())
                           OR (i.domain_id = d.id AND i.created_at >= d.enrollment_mode_since))`
      : Prisma.sql`SELECT 1 FROM organization_suggestions s
                    WHERE s.organization_id = d.organization_id AND s.user_id = u.id
                      AND (s.status = 'pending' OR (s.domain_id = d.id AND s.created_at >= d.enrollment_mode_since))`;
  return Prisma.sql`
    SELECT u.id, u.email FROM organization_domains d
      JOIN users u ON u.email LIKE ${"%@"}::text || d.name AND lower(split_part(u.email, '@', 2)) = d.name
     WHERE d.id = ${domainId} AND d.verified_at IS NOT NULL AND u.email_verified IS NOT NULL
       AND (${onlyUser}::text IS NULL OR u.id = ${onlyUser})
       AND NOT EXISTS (SELECT 1 FROM organization_memberships m WHERE m.organization_id = d.organization_id AND m.user_id = u.id)
       AND NOT EXISTS (SELECT 1 FROM organization_membership_requests r
                        WHERE r.organization_id = d.organization_id AND r.user_id = u.id AND r.status = 'pending')
       AND NOT EXISTS (${given})`;
}

/**
 * Pending invitations (the default role, no inviter, a token nobody is ever
 * shown) for the eligible people; a concurrent one for the same address is
 * skipped. Answers the new invitations' ids and addresses.
 */
export function insertDomainInvitationsSql(
  domainId: string,
  onlyUser: string | null,
  role: Role,
  expiresAt: Date,
): Prisma.Sql {
  // The token's hash is of random bytes nobody is shown: the invitation is answered in the app (/orgs), not by a link.
  return Prisma.sql`
    INSERT INTO organization_invitations
           (organization_id, email, role, token_hash, pending_key, inviter_id, expires_at, link_disclosed, domain_id, updated_at)
    SELECT d.organization_id, e.email, ${role},
           encode(sha256(gen_random_uuid()::text::bytea || gen_random_uuid()::text::bytea), 'hex'),
           d.organization_id || ':' || e.email, NULL, ${expiresAt}::timestamptz, false, d.id, now()
      FROM organization_domains d, (${eligibleUsersSql(domainId, onlyUser, "invitation")}) e
     WHERE d.id = ${domainId}
    ON CONFLICT DO NOTHING
    RETURNING id, email`;
}

/** Pending suggestions for the eligible people; answers their ids and user ids. */
export function insertSuggestionsSql(domainId: string, onlyUser: string | null): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO organization_suggestions (organization_id, domain_id, user_id, pending_key)
    SELECT d.organization_id, d.id, e.id, d.organization_id || ':' || e.id
      FROM organization_domains d, (${eligibleUsersSql(domainId, onlyUser, "suggestion")}) e
     WHERE d.id = ${domainId}
    ON CONFLICT DO NOTHING
    RETURNING id, user_id`;
}

/** Withdraws a domain's pending automatic invitations (revoked, addresses freed); answers their ids. */
export function withdrawDomainInvitationsSql(domainId: string): Prisma.Sql {
  return Prisma.sql`
    UPDATE organization_invitations SET status = 'revoked', revoked_at = now(), pending_key = NULL, updated_at = now()
     WHERE domain_id = ${domainId} AND status = 'pending'
    RETURNING id`;
}

/** Withdraws a domain's pending suggestions (requests already made stay). */
export function withdrawSuggestionsSql(domainId: string): Prisma.Sql {
  return Prisma.sql`
    UPDATE organization_suggestions SET status = 'withdrawn', pending_key = NULL, updated_at = now()
     WHERE domain_id = ${domainId} AND status = 'pending'`;
}

// ---------------------------------------------------------------------------
// Suggestions and requests, the person's side.

export type SuggestionDto = {
  id: string;
  status: "pending" | "accepted";
  domainName: string | null;
  organization: { id: string; name: string; slug: string; logoUrl: string | null };
  /** A pending request made from it, when there is one. */
  requestId: string | null;
  createdAt: Date;
};

// ---------------------------------------------------------------------------
// Membership requests, the admins' side.

export type MembershipRequestDto = {
  id: string;
  organizationId: string;
  status: "pending" | "accepted" | "revoked";
  user: { id: string; name: string; email: string; image: string | null };
  domainName: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** MembershipRequestDto's columns, for a query that names the requests `r`, the person `u`, the domain `d` (LEFT JOIN). */
export const REQUEST_COLUMNS = Prisma.raw(
  `r.id, r.organization_id, r.status::text AS status, r.created_at, r.updated_at,
   u.id AS user_id, u.name, u.email, u.image, d.name AS domain_name`,
);

export type RequestRow = {
  id: string;
  organization_id: string;
  status: MembershipRequestDto["status"];
  created_at: Date;
  updated_at: Date;
  user_id: string;
  name: string;
  email: string;
  image: string | null;
  domain_name: string | null;
};

export function toRequest(row: RequestRow): MembershipRequestDto {
  return {
    id: row.id,
    organizationId: row.organization_id,
    status: row.status,
    user: { id: row.user_id, name: row.name, email: row.email, image: row.image },
    domainName: row.domain_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function requestSql(requestIds: string[]): Prisma.Sql {
  return Prisma.sql`SELECT ${REQUEST_COLUMNS}
                      FROM organization_membership_requests r
                      JOIN users u ON u.id = r.user_id
                      LEFT JOIN organization_domains d ON d.id = r.domain_id
                     WHERE r.id = ANY(${requestIds}::text[])`;
}
