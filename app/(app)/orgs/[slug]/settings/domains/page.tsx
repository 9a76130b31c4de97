import type { Metadata } from "next";
import { orgPage, type OrgPageProps } from "@/app/(app)/orgs/[slug]/org-page";
import { Card, NoAccess } from "@/components/organizations/card";
import { AddDomainForm, DomainCard } from "@/components/organizations/domains";
import { can } from "@/lib/authz";
import { db } from "@/lib/server/database";
import { listDomains, MAX_DOMAINS_PER_ORGANIZATION } from "@/lib/domain/domains/domains";

export const metadata: Metadata = { title: "Domains" };

const timeFormat = new Intl.DateTimeFormat("en", { timeStyle: "short", timeZone: "UTC" });

export default async function DomainsPage({ params }: OrgPageProps) {
  const { user, organization } = await orgPage(params, "/settings/domains");
  if (!can(organization.role, "org:sys_domains:read")) {
    return <NoAccess title="Domains">Only admins can see and manage this organization&apos;s domains.</NoAccess>;
  }
  const { data: domains } = await listDomains(db, user.id, organization.id, { limit: MAX_DOMAINS_PER_ORGANIZATION });
  const manage = can(organization.role, "org:sys_domains:manage");
  const full = domains.length >= MAX_DOMAINS_PER_ORGANIZATION;
  return (
    <div className="space-y-6">
      <Card headingId="domains-heading" title="Verified domains" className="p-4 sm:p-6">
        <p className="mt-1 mb-5 text-sm text-zinc-600">
          Verify your company&apos;s email domain, then choose how people with a verified address there join{" "}
          {organization.name}: invited automatically, or able to ask to join. Up to {MAX_DOMAINS_PER_ORGANIZATION}{" "}
          domains; a domain verified by another organization cannot be added.
        </p>
        {manage && (
          <AddDomainForm
            organizationId={organization.id}
            disabledReason={
              full ? `This organization has ${domains.length} domains, the most allowed: delete one first.` : undefined
            }
          />
        )}
      </Card>
      {domains.length === 0 ? (
        <p className="text-sm text-zinc-600">No domains yet.</p>
      ) : (
        <ul className="space-y-4" aria-label="Domains">
          {domains.map((domain) => (
            <DomainCard
              key={domain.id}
              organizationId={organization.id}
              domain={{
                id: domain.id,
                name: domain.name,
                verified: domain.verified,
                enrollmentMode: domain.enrollmentMode,
                affiliationEmail: domain.affiliationEmail,
                codePending: domain.codeActive,
                codeExpires: domain.codeExpiresAt ? `${timeFormat.format(domain.codeExpiresAt)} UTC` : null,
                pendingInvitations: domain.totalPendingInvitations,
                pendingSuggestions: domain.totalPendingSuggestions,
              }}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
