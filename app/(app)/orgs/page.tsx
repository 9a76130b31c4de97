import type { Metadata } from "next";
import Link from "next/link";
import { InvitationRow } from "@/components/invitations/my-invitations";
import { OfferList } from "@/components/invitations/offer-row";
import { SuggestionRow } from "@/components/invitations/domain-suggestions";
import { listMySuggestions } from "@/lib/domain/domains/requests";
import { CreateOrganizationForm } from "@/components/organizations/create-organization-form";
import { FormMessage } from "@/components/ui/form-message";
import { roleCatalog, roleNameIn } from "@/lib/domain/roles/catalog";
import { db } from "@/lib/server/database";
import { getMyInvitations, getMyOrganizations } from "@/lib/server/org-context";
import { requireUser } from "@/lib/server/session";

export const metadata: Metadata = { title: "Your organizations" };

const expiryFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

const notices: Record<string, string> = {
  deleted: "The organization was deleted.",
  left: "You left the organization.",
  declined: "You declined the invitation.",
};

export default async function OrganizationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const user = await requireUser("/orgs");
  const [organizations, mine, catalog, suggestions] = await Promise.all([
    getMyOrganizations(),
    getMyInvitations(),
    roleCatalog(db),
    listMySuggestions(db, user.id),
  ]);
  const invitations = mine.invitations.map((invitation) => ({
    id: invitation.id,
    organizationName: invitation.organization.name,
    logoUrl: invitation.organization.logoUrl,
    roleLabel: roleNameIn(catalog, invitation.role),
    inviterName: invitation.inviterName,
    expires: expiryFormat.format(invitation.expiresAt),
    domainName: invitation.domainName,
  }));
  const params = await searchParams;
  const notice = Object.keys(notices).find((key) => params[key] !== undefined);
  return (
    <div className="mx-auto max-w-5xl px-4 py-12 sm:px-6">
      <h1 className="text-2xl font-bold tracking-tight text-zinc-900">Your organizations</h1>
      <p className="mt-2 text-sm text-zinc-600">
        Organizations are shared accounts: everyone in one sees it and its members.
      </p>
      {notice && (
        <div className="mt-6">
          <FormMessage success={notices[notice]} />
        </div>
      )}
      {invitations.length > 0 && (
        <section aria-labelledby="invitations-heading" className="mt-8">
          <h2 id="invitations-heading" className="mb-3 text-base font-semibold text-zinc-900">
            Invitations <span className="font-normal text-zinc-500">({invitations.length})</span>
          </h2>
          <OfferList>
            {invitations.map((invitation) => (
              <InvitationRow key={invitation.id} invitation={invitation} />
            ))}
          </OfferList>
        </section>
      )}
      {suggestions.length > 0 && (
        <section aria-labelledby="suggestions-heading" className="mt-8">
          <h2 id="suggestions-heading" className="mb-3 text-base font-semibold text-zinc-900">
            Organizations using your domain
          </h2>
          <OfferList>
            {suggestions.map((suggestion) => (
              <SuggestionRow
                key={suggestion.id}
                suggestion={{
                  id: suggestion.id,
                  organizationName: suggestion.organization.name,
                  logoUrl: suggestion.organization.logoUrl,
                  domainName: suggestion.domainName ?? "",
                  requested: suggestion.requestId !== null,
                }}
              />
            ))}
          </OfferList>
        </section>
      )}
      {!mine.verified && (
        <p className="mt-6 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Invitations sent to {user.email} show here once you verify the address: open the link we emailed you (the
          banner above resends it). An invitation email&apos;s own link works meanwhile.
        </p>
      )}
      <div className="mt-8 grid grid-cols-[minmax(0,1fr)] gap-8 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <section aria-labelledby="list-heading">
          <h2 id="list-heading" className="sr-only">
            Organizations you belong to
          </h2>
          {organizations.length === 0 ? (
            <div className="rounded-xl border-2 border-dashed border-zinc-300 p-10 text-center">
              <p className="text-base font-semibold text-zinc-900">No organizations yet</p>
              <p className="mt-2 text-sm text-zinc-600">
                {invitations.length > 0
                  ? "Accept an invitation above, or create one for your team."
                  : "Create one for your team, or ask a colleague to invite you to theirs."}
              </p>
            </div>
          ) : (
            <ul className="divide-y divide-zinc-200 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-zinc-200">
              {organizations.map((org) => (
                <li key={org.id}>
                  <Link
                    href={`/orgs/${org.slug}`}
                    className="flex items-center justify-between gap-4 px-5 py-4 hover:bg-zinc-50"
                  >
                    <div className="min-w-0">
                      <p className="truncate text-sm font-semibold text-zinc-900">{org.name}</p>
                      <p className="truncate text-sm text-zinc-500">
                        /{org.slug} · {org.membersCount} {org.membersCount === 1 ? "member" : "members"}
                      </p>
                    </div>
                    <span className="shrink-0 rounded-full bg-zinc-100 px-2.5 py-0.5 text-xs font-medium text-zinc-700">
                      {org.role.name}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="create-heading" className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-zinc-200">
          <h2 id="create-heading" className="text-base font-semibold text-zinc-900">
            Create an organization
          </h2>
          <p className="mt-1 mb-5 text-sm text-zinc-600">You will be its admin.</p>
          <CreateOrganizationForm />
        </section>
      </div>
    </div>
  );
}
