import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ResendVerificationButton } from "@/components/account/resend-verification-button";
import { InvitationActions, InviteForm } from "@/components/organizations/invitations";
import { LeaveOrganizationButton, MemberRoster } from "@/components/organizations/member-actions";
import { can, ROLE_LABELS } from "@/lib/authz";
import { db } from "@/lib/server/database";
import { listInvitationsOf } from "@/lib/domain/invitations/list";
import { listMembersOf } from "@/lib/domain/memberships/memberships";
import { requireActiveOrganization } from "@/lib/server/org-context";
import { listMembersSchema, MEMBER_SORTS } from "@/lib/validation/organizations";

export const metadata: Metadata = { title: "Members" };

const INVITATIONS_PER_PAGE = 10;

// Made once: an Intl formatter costs more to build than twenty rows cost to format.
const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

const SORT_LABELS: Record<(typeof MEMBER_SORTS)[number], string> = {
  name: "Name",
  email: "Email",
  joined: "Joined",
  role: "Role",
};

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

export default async function MembersPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { slug } = await params;
  const { user, organization } = await requireActiveOrganization(slug, `/orgs/${slug}/settings/members`);
  const raw = await searchParams;
  const query = listMembersSchema.parse({
    page: raw.page,
    query: raw.q,
    sort: raw.sort,
    direction: raw.dir,
    pageSize: raw.size,
  });
  // requireActiveOrganization loaded the actor's membership; the roster permission comes from lib/authz.
  if (!can(organization.role, "org:members:read")) notFound();
  const inviting = can(organization.role, "org:invitations:manage");
  const invitationPage = Math.max(1, Math.min(10_000, Number.parseInt(String(raw.ip ?? "1"), 10) || 1));
  const [members, invitations] = await Promise.all([
    // The count comes with the organization (listMyOrganizations), so the roster does not count rows again.
    listMembersOf(db, organization, query),
    inviting
      ? listInvitationsOf(db, organization, {
          status: ["pending"],
          page: invitationPage,
          pageSize: INVITATIONS_PER_PAGE,
        })
      : null,
  ]);
  const manage = can(organization.role, "org:members:manage");
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
  const first = (members.page - 1) * members.pageSize + 1;
  const last = Math.min(members.totalCount, members.page * members.pageSize);

  return (
    <div className="space-y-10">
      {inviting && invitations && (
        <section aria-labelledby="invite-heading" className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-zinc-200">
            <h2 id="invite-heading" className="mb-4 text-base font-semibold text-zinc-900">
              Invite people
            </h2>
            {user.emailVerified ? (
              <InviteForm organizationId={organization.id} />
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
          </div>
          <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-zinc-200">
            <h2 className="text-base font-semibold text-zinc-900">Pending invitations</h2>
            {invitations.totalCount === 0 ? (
              <p className="mt-3 text-sm text-zinc-600">No pending invitations.</p>
            ) : (
              <table className="mt-3 min-w-full divide-y divide-zinc-200 text-sm">
                <caption className="sr-only">Pending invitations ({invitations.totalCount})</caption>
                <thead className="text-left text-xs font-semibold tracking-wide text-zinc-600 uppercase">
                  <tr>
                    <th scope="col" className="py-2 pr-3">
                      Email
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      Role
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      Expires
                    </th>
                    <th scope="col" className="py-2 text-right">
                      Actions
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100">
                  {invitations.data.map((invitation) => (
                    <tr key={invitation.id} className="align-top">
                      <td className="py-2 pr-3 text-zinc-900">{invitation.email}</td>
                      <td className="py-2 pr-3 text-zinc-600">{ROLE_LABELS[invitation.role]}</td>
                      <td className="py-2 pr-3 whitespace-nowrap text-zinc-600">
                        {dateFormat.format(invitation.expiresAt)}
                      </td>
                      <td className="py-2">
                        <InvitationActions
                          organizationId={organization.id}
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
        </section>
      )}
      <section aria-labelledby="members-heading" className="space-y-6">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h2 id="members-heading" className="text-lg font-semibold text-zinc-900">
              Members
            </h2>
            <p className="text-sm text-zinc-600">
              {manage
                ? "Change roles or remove members. There is always at least one admin."
                : "Everyone in this organization."}
            </p>
          </div>
          <LeaveOrganizationButton organizationId={organization.id} name={organization.name} />
        </div>

        <form role="search" className="flex flex-wrap items-end gap-3" action={base}>
          <div className="min-w-60 flex-1">
            <label htmlFor="member-search" className="block text-sm font-medium text-zinc-900">
              Search members
            </label>
            <input
              id="member-search"
              name="q"
              type="search"
              defaultValue={query.query}
              placeholder="Name or email"
              className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-zinc-300 focus:ring-2 focus:ring-indigo-600"
            />
          </div>
          <div>
            <label htmlFor="member-sort" className="block text-sm font-medium text-zinc-900">
              Sort by
            </label>
            <select
              id="member-sort"
              name="sort"
              defaultValue={query.sort}
              className="mt-1.5 block rounded-md border-0 py-2 pr-8 pl-3 text-sm ring-1 ring-zinc-300"
            >
              {MEMBER_SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {SORT_LABELS[sort]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="member-dir" className="block text-sm font-medium text-zinc-900">
              Order
            </label>
            <select
              id="member-dir"
              name="dir"
              defaultValue={query.direction}
              className="mt-1.5 block rounded-md border-0 py-2 pr-8 pl-3 text-sm ring-1 ring-zinc-300"
            >
              <option value="asc">Ascending</option>
              <option value="desc">Descending</option>
            </select>
          </div>
          <button
            type="submit"
            className="rounded-md bg-white px-3.5 py-2 text-sm font-semibold ring-1 ring-zinc-300 hover:bg-zinc-50"
          >
            Search
          </button>
        </form>

        <MemberRoster
          organizationId={organization.id}
          caption={`Members of ${organization.name}, page ${members.page} of ${members.pageCount}`}
          rows={members.data.map((member) => ({
            membershipId: member.membershipId,
            userId: member.userId,
            name: member.name,
            email: member.email,
            role: member.role,
            joined: dateFormat.format(member.joinedAt),
          }))}
          viewerId={user.id}
          manage={manage}
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
    </div>
  );
}
