// Objects in the shapes @clerk/backend deserializes: snake_case, an `object`
// discriminator, prefixed ids, Unix-millisecond timestamps. Every field the
// SDK reads is present (a missing nested one makes it fail obscurely).
import { normalizeRoleKey, roleLabel, type RoleKey } from "../authz";
import type { PermissionDto, RoleDto } from "../domain/roles/sql";
import type { IssuedInvitation } from "../domain/invitations/admin";
import type { InstanceUserRow } from "../domain/instance-users";
import type { InvitationRecord, MembershipRecord, OrganizationRecord } from "../domain/instance-reads";
import { MAX_ORGANIZATIONS_PER_USER } from "../domain/organizations/organizations";
import { appUrl } from "../email/config";
import type { DomainDto, MembershipRequestDto } from "../domain/domains/sql";

const ms = (date: Date) => date.getTime();

/**
 * Role keys as Clerk names them today (stored that way: org:admin, org:member, custom keys);
 * API_ROLE_KEYS=legacy answers with admin / basic_member for the seeded two (instances before Dec 2023).
 */
export function roleKey(role: RoleKey): string {
  const key = normalizeRoleKey(role);
  if (process.env.API_ROLE_KEYS === "legacy") {
    if (key === "org:admin") return "admin";
    if (key === "org:member") return "basic_member";
  }
  return key;
}

/** Clerk's paginated list (`{ data, total_count }`): one page of objects and how many there are in all. */
export function pageJson<T>({ data, totalCount }: { data: T[]; totalCount: number }, toJson: (item: T) => object) {
  return { data: data.map((item) => toJson(item)), total_count: totalCount };
}

/** Clerk's DeletedObject, a DELETE's answer: what was deleted (an organization names its slug too). */
export function deletedJson(object: string, id: string, named: { slug?: string } = {}) {
  return { object, id, ...named, deleted: true };
}

export function permissionJson(permission: PermissionDto) {
  return {
    object: "permission",
    id: permission.id,
    key: permission.key,
    name: permission.name,
    description: permission.description,
    created_at: ms(permission.createdAt),
    updated_at: ms(permission.updatedAt),
  };
}

export function roleJson(role: RoleDto) {
  return {
    object: "role",
    id: role.id,
    key: role.key,
    name: role.name,
    description: role.description,
    permissions: role.permissions.map(permissionJson),
    is_creator_eligible: role.isCreatorEligible,
    created_at: ms(role.createdAt),
    updated_at: ms(role.updatedAt),
  };
}

/** A logo's URL for another server: an uploaded one is served by this app (a path), made absolute. */
function imageUrl(logoUrl: string | null): string {
  if (!logoUrl) return "";
  return logoUrl.startsWith("/") ? `${appUrl()}${logoUrl}` : logoUrl;
}

/**
 * What an organization shows of itself to anyone: the head of its full object, and an
 * invitation's public_organization_data (Clerk's PublicOrganizationDataJSON is a resource,
 * ClerkResourceJSON: it names its object).
 */
function publicOrganizationJson(organization: OrganizationRecord) {
  return {
    object: "organization",
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    image_url: imageUrl(organization.logoUrl),
    has_image: Boolean(organization.logoUrl),
  };
}

export function organizationJson(organization: OrganizationRecord) {
  return {
    ...publicOrganizationJson(organization),
    max_allowed_memberships: organization.maxAllowedMemberships,
    admin_delete_enabled: organization.adminDeleteEnabled,
    public_metadata: organization.publicMetadata ?? {},
    private_metadata: organization.privateMetadata ?? {},
    created_by: organization.createdById ?? "",
    created_at: ms(organization.createdAt),
    updated_at: ms(organization.updatedAt),
    ...(organization.membersCount === undefined ? {} : { members_count: organization.membersCount }),
    ...(organization.pendingInvitationsCount === undefined
      ? {}
      : { pending_invitations_count: organization.pendingInvitationsCount }),
  };
}

/** A display name split for APIs that want first and last names (unless they were given that way). */
export function nameParts(user: { name: string; firstName: string | null; lastName: string | null }): {
  first: string | null;
  last: string | null;
} {
  if (user.firstName !== null || user.lastName !== null) return { first: user.firstName, last: user.lastName };
  const [first, ...rest] = user.name.trim().split(/\s+/);
  return { first: first || null, last: rest.join(" ") || null };
}

export function membershipJson(membership: MembershipRecord, organization: OrganizationRecord) {
  const { first, last } = nameParts(membership.user);
  return {
    object: "organization_membership",
    id: membership.id,
    role: roleKey(membership.role),
    role_name: membership.roleName,
    permissions: membership.permissions,
    public_metadata: membership.publicMetadata ?? {},
    private_metadata: membership.privateMetadata ?? {},
    created_at: ms(membership.createdAt),
    updated_at: ms(membership.updatedAt),
    organization: organizationJson(organization),
    public_user_data: {
      user_id: membership.user.id,
      identifier: membership.user.email,
      first_name: first,
      last_name: last,
      image_url: membership.user.image ?? "",
      has_image: Boolean(membership.user.image),
    },
  };
}

export function invitationJson(
  invitation: InvitationRecord,
  organization: OrganizationRecord,
  issued?: IssuedInvitation,
) {
  return {
    object: "organization_invitation",
    id: invitation.id,
    email_address: invitation.email,
    role: roleKey(invitation.role),
    role_name: invitation.roleName ?? roleLabel(invitation.role),
    organization_id: invitation.organizationId,
    inviter_user_id: invitation.inviterId,
    status: invitation.status,
    public_metadata: invitation.publicMetadata ?? {},
    private_metadata: invitation.privateMetadata ?? {},
    // Only a hash of the link's token is stored: the link exists in the response that created it.
    url: issued?.url ?? null,
    redirect_url: invitation.redirectUrl,
    expires_at: ms(invitation.expiresAt),
    created_at: ms(invitation.createdAt),
    updated_at: ms(invitation.updatedAt),
    public_organization_data: publicOrganizationJson(organization),
  };
}

/** The user's one email address, with an id derived from the user's. */
export function emailAddressId(userId: string): string {
  return `idn_${userId.replace(/^user_/, "")}`;
}

export function userJson(user: InstanceUserRow) {
  const { first, last } = nameParts(user);
  const emailId = emailAddressId(user.id);
  return {
    object: "user",
    id: user.id,
    external_id: user.externalId,
    username: null,
    first_name: first,
    last_name: last,
    image_url: user.image ?? "",
    has_image: Boolean(user.image),
    primary_email_address_id: emailId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    password_enabled: Boolean(user.passwordHash),
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    banned: false,
    locked: false,
    public_metadata: user.publicMetadata ?? {},
    private_metadata: user.privateMetadata ?? {},
    unsafe_metadata: user.unsafeMetadata ?? {},
    email_addresses: [
      {
        object: "email_address",
        id: emailId,
        email_address: user.email,
        reserved: false,
        verification: user.emailVerified
          ? {
              object: "verification_email_link",
              status: "verified",
              strategy: "email_link",
              attempts: null,
              expire_at: null,
            }
          : {
              object: "verification_email_link",
              status: "unverified",
              strategy: "email_link",
              attempts: null,
              expire_at: null,
            },
        linked_to: [],
        created_at: ms(user.createdAt),
        updated_at: ms(user.updatedAt),
      },
    ],
    phone_numbers: [],
    web3_wallets: [],
    external_accounts: [],
    enterprise_accounts: [],
    saml_accounts: [],
    // Required by Clerk's UserJSON (its webhook payloads' type), with what this app has of them.
    organization_memberships: null,
    password_last_updated_at: null,
    deprovisioned: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    locale: null,
    timezone: null,
    last_sign_in_at: null,
    last_active_at: null,
    legal_accepted_at: null,
    create_organization_enabled: true,
    create_organizations_limit: MAX_ORGANIZATIONS_PER_USER,
    delete_self_enabled: true,
    created_at: ms(user.createdAt),
    updated_at: ms(user.updatedAt),
  };
}

/** Clerk's organization_domain object (the SDK hands it back as this JSON). */
export function domainJson(domain: DomainDto) {
  const started = domain.verified || domain.codeExpiresAt !== null || domain.attempts > 0;
  return {
    object: "organization_domain",
    id: domain.id,
    name: domain.name,
    organization_id: domain.organizationId,
    enrollment_mode: domain.enrollmentMode,
    verification: started
      ? {
          status: domain.verified ? "verified" : "unverified",
          strategy: "email_code",
          attempts: domain.attempts,
          expire_at: domain.codeExpiresAt ? ms(domain.codeExpiresAt) : null,
          // The same under the name @clerk/backend's OrganizationDomainVerificationJSON gives it.
          expires_at: domain.codeExpiresAt ? ms(domain.codeExpiresAt) : null,
        }
      : null,
    affiliation_email_address: domain.affiliationEmail,
    created_at: ms(domain.createdAt),
    updated_at: ms(domain.updatedAt),
    total_pending_invitations: domain.totalPendingInvitations,
    total_pending_suggestions: domain.totalPendingSuggestions,
  };
}

/** Clerk's organization_membership_request object (a rejected request is "revoked", as Clerk says). */
export function membershipRequestJson(request: MembershipRequestDto) {
  const { first, last } = nameParts({ name: request.user.name, firstName: null, lastName: null });
  return {
    object: "organization_membership_request",
    id: request.id,
    organization_id: request.organizationId,
    status: request.status,
    public_user_data: {
      user_id: request.user.id,
      identifier: request.user.email,
      first_name: first,
      last_name: last,
      image_url: request.user.image ?? "",
      has_image: Boolean(request.user.image),
    },
    created_at: ms(request.createdAt),
    updated_at: ms(request.updatedAt),
  };
}
