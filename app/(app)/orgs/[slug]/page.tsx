import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/organizations/card";
import { MemberAvatar } from "@/components/organizations/member-avatar";
import { buttonClasses } from "@/components/ui/button-classes";
import { can } from "@/lib/authz";
import { roleCatalog, roleNameIn } from "@/lib/domain/roles/catalog";
import { listInvitationsOf } from "@/lib/domain/invitations/list";
import { latestActivity } from "@/lib/domain/activity";
import { listMembersOf } from "@/lib/domain/memberships/memberships";
import { db } from "@/lib/server/database";
import { orgPage, type OrgPageProps } from "@/app/(app)/orgs/[slug]/org-page";

export const metadata: Metadata = { title: "Organization" };

/** Members shown on the overview; the members page has the rest. */
const MEMBERS_SHOWN = 6;
const INVITATIONS_SHOWN = 5;
const EVENTS_SHOWN = 5;

const countFormat = new Intl.NumberFormat("en");
const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export default async function OrganizationOverviewPage({ params }: OrgPageProps) {
  const { organization } = await orgPage(params, "");
  const inviting = can(organization.role, "org:invitations:manage");
  const [members, invitations, activity, catalog] = await Promise.all([
    can(organization.role, "org:members:read")
      ? listMembersOf(db, organization, { pageSize: MEMBERS_SHOWN, sort: "joined", direction: "asc" })
      : { data: [] },
    inviting
      ? listInvitationsOf(db, organization, { status: ["pending"], page: 1, pageSize: INVITATIONS_SHOWN })
      : null,
    can(organization.role, "org:activity:read") ? latestActivity(db, organization, EVENTS_SHOWN) : null,
    inviting ? roleCatalog(db) : null,
  ]);
  const membersPage = `/orgs/${organization.slug}/settings/members`;
  const created = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(organization.createdAt);
  const alone = organization.membersCount === 1;

  return (
    <div className="space-y-6">
      {alone && inviting && (invitations?.totalCount ?? 0) === 0 && (
        <section
          aria-labelledby="invite-team-heading"
          className="flex flex-wrap items-center justify-between gap-4 rounded-xl bg-indigo-50 p-6 ring-1 ring-indigo-100"
        >
          <div className="min-w-0">
            <h2 id="invite-team-heading" className="text-base font-semibold text-zinc-900">
              Invite your team
            </h2>
            <p className="mt-1 text-sm text-zinc-700">
              You are the only member of {organization.name}. Invite the people you work with: each gets an email with a
              link to join.
            </p>
          </div>
          <Link href={`${membersPage}#invite-heading`} className={buttonClasses("primary")}>
            Invite people
          </Link>
        </section>
      )}

      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card
          headingId="overview-members-heading"
          title="Members"
          aside={<p className="text-sm text-zinc-500">{countFormat.format(organization.membersCount)} in all</p>}
        >
          <ul className="mt-4 divide-y divide-zinc-100">
            {members.data.map((member) => (
              <li key={member.membershipId} className="flex items-center gap-3 py-2.5">
                <MemberAvatar name={member.name} email={member.email} image={member.image} />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium text-zinc-900" title={member.name}>
                    {member.name}
                  </p>
                  <p className="truncate text-xs text-zinc-500" title={member.email}>
                    {member.email}
                  </p>
                </div>
                <span
                  className={`shrink-0 rounded-full px-2.5 py-0.5 text-xs font-medium ${
                    member.manages ? "bg-indigo-50 text-indigo-700" : "bg-zinc-100 text-zinc-700"
                  }`}
                >
                  {member.roleName}
                </span>
              </li>
            ))}
          </ul>
          <Link
            href={membersPage}
            className="mt-3 inline-block text-sm font-semibold text-indigo-700 hover:text-indigo-600"
          >
            {organization.membersCount > members.data.length
              ? `See all ${countFormat.format(organization.membersCount)} members`
              : "See all members"}
          </Link>
        </Card>

        <div className="space-y-6">
          {invitations && (
            <Card
              headingId="overview-invitations-heading"
              title="Pending invitations"
              aside={<p className="text-sm text-zinc-500">{countFormat.format(invitations.totalCount)}</p>}
            >
              {invitations.totalCount === 0 ? (
                <p className="mt-3 text-sm text-zinc-600">Nobody is waiting to join.</p>
              ) : (
                <ul className="mt-3 divide-y divide-zinc-100">
                  {invitations.data.map((invitation) => (
                    <li key={invitation.id} className="py-2">
                      <p className="truncate text-sm text-zinc-900" title={invitation.email}>
                        {invitation.email}
                      </p>
                      <p className="text-xs text-zinc-500">
                        {catalog ? roleNameIn(catalog, invitation.role) : invitation.role} · expires{" "}
                        {dateFormat.format(invitation.expiresAt)}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
              <Link
                href={`${membersPage}#invitations-heading`}
                className="mt-3 inline-block text-sm font-semibold text-indigo-700 hover:text-indigo-600"
              >
                {invitations.totalCount > 0 ? "Manage invitations" : "Invite people"}
              </Link>
            </Card>
          )}
          {activity && (
            <Card headingId="overview-activity-heading" title="Latest activity">
              <ul className="mt-3 divide-y divide-zinc-100">
                {activity.map((entry) => (
                  <li key={entry.id} className="py-2">
                    <p className="text-sm break-words text-zinc-900">{entry.summary}</p>
                    <p className="text-xs text-zinc-500">
                      <time dateTime={entry.occurredAt.toISOString()}>{dateFormat.format(entry.occurredAt)}</time>
                    </p>
                  </li>
                ))}
              </ul>
              <Link
                href={`/orgs/${organization.slug}/settings/activity`}
                className="mt-3 inline-block text-sm font-semibold text-indigo-700 hover:text-indigo-600"
              >
                See all activity
              </Link>
            </Card>
          )}
          <Card headingId="overview-about-heading" title="About">
            <dl className="mt-3 space-y-2 text-sm">
              <div className="flex justify-between gap-3">
                <dt className="text-zinc-500">Your role</dt>
                <dd className="font-medium text-zinc-900">{organization.role.name}</dd>
              </div>
              <div className="flex justify-between gap-3">
                <dt className="text-zinc-500">Created</dt>
                <dd className="font-medium text-zinc-900">{created}</dd>
              </div>
            </dl>
            <p className="mt-3 text-sm text-zinc-600">
              {can(organization.role, "org:members:manage")
                ? can(organization.role, "org:update")
                  ? "You can manage members, roles and settings."
                  : "You can manage members and their roles."
                : can(organization.role, "org:members:read")
                  ? "You can see the organization and its members."
                  : "You can see the organization."}
            </p>
          </Card>
        </div>
      </div>
    </div>
  );
}
