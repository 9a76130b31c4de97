import type { Metadata } from "next";
import { orgPage, type OrgPageProps } from "@/app/(app)/orgs/[slug]/org-page";
import { Card } from "@/components/organizations/card";
import { DeleteOrganizationForm } from "@/components/organizations/delete-organization-form";
import { GeneralSettingsForm } from "@/components/organizations/general-settings-form";
import { OrganizationLogo } from "@/components/organizations/logo-upload";
import { FormMessage } from "@/components/ui/form-message";
import { can } from "@/lib/authz";

export const metadata: Metadata = { title: "Organization settings" };

export default async function GeneralSettingsPage({ params, searchParams }: OrgPageProps) {
  const { organization } = await orgPage(params, "/settings");
  const saved = (await searchParams).saved !== undefined;
  const canUpdate = can(organization.role, "org:update");
  return (
    <div className="space-y-8">
      {saved && <FormMessage success="Organization saved." />}
      <Card headingId="general-heading" title="General">
        {canUpdate ? (
          <GeneralSettingsForm organization={organization} />
        ) : (
          <>
            <p className="mt-1 text-sm text-zinc-600">Only admins can change these settings.</p>
            <dl className="mt-5 space-y-4 text-sm">
              <div>
                <dt className="font-medium text-zinc-500">Logo</dt>
                <dd className="mt-1 text-zinc-900">
                  {organization.logoUrl ? (
                    <OrganizationLogo name={organization.name} logoUrl={organization.logoUrl} />
                  ) : (
                    "None"
                  )}
                </dd>
              </div>
              <div>
                <dt className="font-medium text-zinc-500">Organization name</dt>
                <dd className="mt-1 text-zinc-900">{organization.name}</dd>
              </div>
              <div>
                <dt className="font-medium text-zinc-500">Slug</dt>
                <dd className="mt-1 text-zinc-900">{organization.slug}</dd>
              </div>
            </dl>
          </>
        )}
      </Card>
      {can(organization.role, "org:delete") && (
        <section aria-labelledby="danger-heading" className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-red-200">
          <h2 id="danger-heading" className="text-base font-semibold text-red-700">
            Delete organization
          </h2>
          {organization.adminDeleteEnabled ? (
            <>
              <p className="mt-1 mb-5 text-sm text-zinc-600">
                Deleting removes the organization and every membership in it. This cannot be undone.
              </p>
              <DeleteOrganizationForm organization={{ id: organization.id, name: organization.name }} />
            </>
          ) : (
            <p className="mt-1 text-sm text-zinc-600">
              The application that runs this organization has turned deleting off for its admins. Ask its operator to
              delete it.
            </p>
          )}
        </section>
      )}
    </div>
  );
}
