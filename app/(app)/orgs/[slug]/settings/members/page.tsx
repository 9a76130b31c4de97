import type { Metadata } from "next";
import Link from "next/link";
import { orgPage, type OrgPageProps } from "@/app/(app)/orgs/[slug]/org-page";
import { ResendVerificationButton } from "@/components/account/resend-verification-button";
import { Card } from "@/components/organizations/card";
import { InvitationActions, InviteForm } from "@/components/organizations/invitations";
import { LeaveOrganizationButton, MemberRoster, type SortHeader } from "@/components/organizations/member-actions";
import { MemberSearch } from "@/components/organizations/member-search";
import { MembershipRequests } from "@/components/organizations/membership-requests";
import { buttonClasses } from "@/components/ui/button-classes";
import { can, MANAGE_MEMBERS } from "@/lib/authz";
import { roleCatalog, roleNameIn } from "@/lib/domain/roles/catalog";
import { db } from "@/lib/server/database";
import { listInvitationsOf } from "@/lib/domain/invitations/list";
import { listMembersOf } from "@/lib/domain/memberships/memberships";
import { listMembersSchema, MEMBER_SORTS } from "@/lib/validation/organizations";

export const metadata: Metadata = { title: "Members" };

const INVITATIONS_PER_PAGE = 10;

// Made once: an Intl formatter costs more to build than twenty rows cost to format.
const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

const countFormat = new Intl.NumberFormat("en");

const SORT_LABELS: Record<(typeof MEMBER_SORTS)[number], string> = {
  name: "Name",
  email: "Email",
  joined: "Joined",
  role: "Role",
};

/** The pending invitations table's columns; on a phone, the role and expiry are written under the address. */
const INVITATION_COLUMNS = [
  { label: "Email", className: "py-2 pr-3" },
  { label: "Role", className: "w-24 py-2 pr-3 max-sm:hidden" },
  { label: "Expires", className: "w-32 py-2 pr-3 max-sm:hidden" },
  { label: "Actions", className: "w-36 py-2 text-right sm:w-44" },
];

/** A pagination link, or its disabled look where there is no such page. */
function PageLink({ href, children }: { href: string | null; children: string }) {
  return href ? (
    <Link href={href} className="rounded-md px-3 py-1.5 font-semibold ring-1 ring-zinc-300 hover:bg-zinc-50">
      {children}
    </Link>
  ) : (
    <span aria-disabled="true" className="rounded-md px-3 py-1.5 text-zinc-400 ring-1 ring-zinc-200">
      {children}
    </span>
  );
}

export default async function MembersPage({ params, searchParams }: OrgPageProps) {
  const { user, organization } = await orgPage(params, "/settings/members");
  const raw = await searchParams;
  const query = listMembersSchema.parse({
    page: raw.page,
    query: raw.q,
    sort: raw.sort,
    direction: raw.dir,
    pageSize: raw.size,
  });
  // requireActiveOrganization loaded the actor's membership; the roster permission comes from lib/authz.
  if (!can(organization.role, "org:members:read")) {
    // A role without org:sys_memberships:read: no roster, but leaving stays possible.
    return (
      <Card headingId="members-heading" title="Members">
        <p className="mt-1 mb-4 text-sm text-zinc-600">
          Your role does not let you see this organization&apos;s members.
        </p>
        <LeaveOrganizationButton organizationId={organization.id} name={organization.name} onlyAdmin={false} />
      </Card>
    );
  }
  const inviting = can(organization.role, "org:invitations:manage");
  const invitationPage = Math.max(1, Math.min(10_000, Number.parseInt(String(raw.ip ?? "1"), 10) || 1));
  const manage = can(organization.role, "org:members:manage");
  // The instance's roles (the role select, invitation roles): a per-process copy, at most a second old.
  const [members, invitations, catalog] = await Promise.all([
    // The count comes with the organization (listMyOrganizations), so the roster does not count rows again.
    listMembersOf(db, organization, query),
    inviting
      ? listInvitationsOf(db, organization, {
          status: ["pending"],
          page: invitationPage,
          pageSize: INVITATIONS_PER_PAGE,
        })
      : null,
    manage || inviting ? roleCatalog(db) : null,
  ]);
  const roleOptions = (catalog?.roles ?? []).map((role) => ({
    key: role.key,
    name: role.name,
    description: role.description,
    manages: role.isCreatorEligible,
  }));
  const base = `/orgs/${organization.slug}/settings/members`;
  const href = (changes: Record<string, string | number>) => {
    const next = new URLSearchParams();
    const merged = {
      q: query.query,
      sort: query.sort,
      dir: query.direction,
      page: query.page,
      ip: invitationPage,
      ...changes,
    };
    for (const [key, value] of Object.entries(merged)) {
      if (value !== "" && !((key === "page" || key === "ip") && value === 1)) next.set(key, String(value));
    }
    return `${base}?${next.toString()}`;
  };
  const sortHeaders: SortHeader[] = MEMBER_SORTS.map((key) => {
    const current = query.sort === key;
    return {
      key,
      label: SORT_LABELS[key],
      // Clicking the sorted column turns its order around; another column sorts ascending.
      href: href({ sort: key, dir: current && query.direction === "asc" ? "desc" : "asc", page: 1 }),
      sort: current ? (query.direction === "asc" ? "ascending" : "descending") : "none",
    };
  });
  // The viewer is the only admin: what would take that away is disabled up front (the domain refuses it anyway).
  const onlyAdmin = can(organization.role, MANAGE_MEMBERS) && members.adminCount !== null && members.adminCount <= 1;
  const first = (members.page - 1) * members.pageSize + 1;
  const last = Math.min(members.totalCount, members.page * members.pageSize);

  return (
    <div className="space-y-10">
      <section aria-labelledby="members-heading" className="space-y-6">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h2 id="members-heading" className="flex items-center gap-2 text-lg font-semibold text-zinc-900">
              Members
              <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700">
                {countFormat.format(organization.membersCount)}
              </span>
            </h2>
            <p className="text-sm text-zinc-600">
              {manage
                ? "Change roles or remove members. There is always at least one admin."
                : "Everyone in this organization."}
            </p>
          </div>
          <div className="flex flex-wrap items-start gap-3">
            {inviting && (
              <a href="#invite-heading" className={buttonClasses("primary")}>
                Invite people
              </a>
            )}
            <LeaveOrganizationButton organizationId={organization.id} name={organization.name} onlyAdmin={onlyAdmin} />
          </div>
        </div>

        <MemberSearch initialQuery={query.query} />

        <MemberRoster
          organizationId={organization.id}
          organizationName={organization.name}
          caption={`Members of ${organization.name}, page ${members.page} of ${members.pageCount}`}
          rows={members.data.map((member) => ({
            membershipId: member.membershipId,
            userId: member.userId,
            name: member.name,
            email: member.email,
            image: member.image,
            role: member.role,
            roleName: member.roleName,
            manages: member.manages,
            joined: dateFormat.format(member.joinedAt),
          }))}
          roles={roleOptions}
          viewerId={user.id}
          manage={manage}
          adminCount={members.adminCount}
          headers={sortHeaders}
          emptyText={query.query ? `No members match “${query.query}”.` : "No members on this page."}
        />

        <nav aria-label="Pagination" className="flex items-center justify-between text-sm text-zinc-600">
          <p>
            {members.totalCount === 0
              ? "0 members"
              : `Showing ${first}–${last} of ${members.totalCount} ${members.totalCount === 1 ? "member" : "members"}`}
          </p>
          <div className="flex gap-2">
            <PageLink href={members.page > 1 ? href({ page: members.page - 1 }) : null}>Previous page</PageLink>
            <PageLink href={members.page < members.pageCount ? href({ page: members.page + 1 }) : null}>
              Next page
            </PageLink>
          </div>
        </nav>
      </section>
      {/* Read only when requests wait (or the roster's statement could not say: an empty page). */}
      {can(organization.role, "org:sys_domains:read") && members.pendingRequests !== 0 && (
        <MembershipRequests
          organization={organization}
          page={Math.max(1, Math.min(10_000, Number.parseInt(String(raw.rp ?? "1"), 10) || 1))}
          pageHref={(rp) => `${href({})}&rp=${rp}`}
        />
      )}
      {inviting && invitations && (
        <section aria-labelledby="invitations-heading" className="space-y-4">
          <h2 id="invitations-heading" className="flex items-center gap-2 text-lg font-semibold text-zinc-900">
            Invitations
            <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700">
              {countFormat.format(invitations.totalCount)} pending
            </span>
          </h2>
          <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
            <section
              aria-labelledby="invite-heading"
              className="min-w-0 rounded-xl bg-white p-4 shadow-sm ring-1 ring-zinc-200 sm:p-6"
            >
              <h3 id="invite-heading" className="mb-4 text-base font-semibold text-zinc-900">
                Invite people
              </h3>
              {user.emailVerified ? (
                <InviteForm organizationId={organization.id} roles={roleOptions} defaultRole={catalog?.defaultRole} />
              ) : (
                // The domain refuses invitations from an unverified address; say so before the form is filled.
                <div className="space-y-3 text-sm text-zinc-700">
                  <p>
                    <strong className="font-semibold text-zinc-900">Verify your email address to invite people.</strong>{" "}
                    We sent a link to {user.email}; open it, or send a new one. Invitations go out only from verified
                    addresses.
                  </p>
                  <ResendVerificationButton />
                </div>
              )}
            </section>
            <div className="min-w-0 rounded-xl bg-white p-4 shadow-sm ring-1 ring-zinc-200 sm:p-6">
              <h3 className="text-base font-semibold text-zinc-900">Pending invitations</h3>
              {invitations.totalCount === 0 ? (
                <p className="mt-3 text-sm text-zinc-600">No pending invitations.</p>
              ) : (
                <table className="mt-3 w-full table-fixed divide-y divide-zinc-200 text-sm">
                  <caption className="sr-only">Pending invitations ({invitations.totalCount})</caption>
                  <thead className="text-left text-xs font-semibold tracking-wide text-zinc-600 uppercase">
                    <tr>
                      {INVITATION_COLUMNS.map((column) => (
                        <th key={column.label} scope="col" className={column.className}>
                          {column.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-zinc-100">
                    {invitations.data.map((invitation) => (
                      <tr key={invitation.id} className="align-top">
                        <td className="py-2 pr-3 text-zinc-900">
                          <span className="block truncate" title={invitation.email}>
                            {invitation.email}
                          </span>
                          {/* On a phone the row is a list item: the role and expiry under the address. */}
                          <span className="block text-xs text-zinc-500 sm:hidden">
                            {catalog ? roleNameIn(catalog, invitation.role) : invitation.role} · expires{" "}
                            {dateFormat.format(invitation.expiresAt)}
                          </span>
                        </td>
                        <td className="py-2 pr-3 text-zinc-600 max-sm:hidden">
                          {catalog ? roleNameIn(catalog, invitation.role) : invitation.role}
                        </td>
                        <td className="py-2 pr-3 whitespace-nowrap text-zinc-600 max-sm:hidden">
                          {dateFormat.format(invitation.expiresAt)}
                        </td>
                        <td className="py-2">
                          <InvitationActions
                            organizationId={organization.id}
                            organizationName={organization.name}
                            invitation={{ id: invitation.id, email: invitation.email }}
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {invitations.totalCount > INVITATIONS_PER_PAGE && (
                <nav
                  aria-label="Pending invitations pages"
                  className="mt-3 flex items-center justify-between gap-3 text-sm"
                >
                  <p className="text-zinc-600">
                    {invitations.data.length > 0
                      ? `${(invitationPage - 1) * INVITATIONS_PER_PAGE + 1}–${(invitationPage - 1) * INVITATIONS_PER_PAGE + invitations.data.length} of ${invitations.totalCount}, newest first`
                      : `No invitations on this page; ${invitations.totalCount} in all`}
                  </p>
                  <div className="flex gap-2">
                    <PageLink href={invitationPage > 1 ? href({ ip: invitationPage - 1 }) : null}>Newer</PageLink>
                    <PageLink
                      href={
                        invitationPage * INVITATIONS_PER_PAGE < invitations.totalCount
                          ? href({ ip: invitationPage + 1 })
                          : null
                      }
                    >
                      Older
                    </PageLink>
                  </div>
                </nav>
              )}
            </div>
          </div>
        </section>
      )}
    </div>
  );
}
