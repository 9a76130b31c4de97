import type { Metadata } from "next";
import { orgPage, type OrgPageProps } from "@/app/(app)/orgs/[slug]/org-page";
import { NoAccess } from "@/components/organizations/card";
import { can } from "@/lib/authz";
import { rolesOverview } from "@/lib/domain/roles/roles";
import { db } from "@/lib/server/database";

export const metadata: Metadata = { title: "Roles" };

const countFormat = new Intl.NumberFormat("en");

/** The instance's roles and what each may do, read-only (the operator manages them through the REST API). */
export default async function RolesPage({ params }: OrgPageProps) {
  const { organization } = await orgPage(params, "/settings/roles");
  if (!can(organization.role, "org:sys_memberships:read")) {
    return <NoAccess title="Roles">Your role does not let you see this organization&apos;s roles.</NoAccess>;
  }
  const { roles, settings } = await rolesOverview(db, organization);
  return (
    <section aria-labelledby="roles-heading" className="space-y-4">
      <div>
        <h2 id="roles-heading" className="text-lg font-semibold text-zinc-900">
          Roles
        </h2>
        <p className="text-sm text-zinc-600">
          What each role may do in {organization.name}. Roles are the same in every organization of this app; its
          operator defines them.
        </p>
      </div>
      <ul className="grid gap-4 md:grid-cols-2">
        {roles.map((role) => {
          const headingId = `role-${role.id}`;
          const custom = role.permissions.filter((permission) => !permission.system);
          const system = role.permissions.filter((permission) => permission.system);
          return (
            <li key={role.id} className="min-w-0">
              <article
                aria-labelledby={headingId}
                className="h-full rounded-xl bg-white p-4 shadow-sm ring-1 ring-zinc-200 sm:p-6"
                data-testid="role-card"
              >
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 id={headingId} className="text-base font-semibold text-zinc-900">
                    {role.name}
                  </h3>
                  <code className="truncate text-xs text-zinc-600">{role.key}</code>
                </div>
                {role.description && <p className="mt-1 text-sm text-zinc-600">{role.description}</p>}
                <p className="mt-2 flex flex-wrap gap-1.5 text-xs">
                  {role.key === organization.role.key && (
                    <span className="rounded-full bg-indigo-50 px-2 py-0.5 font-medium text-indigo-700">Your role</span>
                  )}
                  {role.key === settings.creatorRole && (
                    <span className="rounded-full bg-zinc-100 px-2 py-0.5 font-medium text-zinc-700">
                      Given to whoever creates an organization
                    </span>
                  )}
                  {role.key === settings.defaultRole && (
                    <span className="rounded-full bg-zinc-100 px-2 py-0.5 font-medium text-zinc-700">
                      Default for invitations
                    </span>
                  )}
                  <span className="rounded-full bg-zinc-100 px-2 py-0.5 font-medium text-zinc-700">
                    {role.members === 1 ? "1 member here" : `${countFormat.format(role.members)} members here`}
                  </span>
                </p>
                <h4 className="mt-4 text-xs font-semibold tracking-wide text-zinc-600 uppercase">Permissions</h4>
                {role.permissions.length === 0 ? (
                  <p className="mt-1 text-sm text-zinc-600">None: members with this role see the organization only.</p>
                ) : (
                  <ul className="mt-1 space-y-1.5 text-sm">
                    {[...system, ...custom].map((permission) => (
                      <li key={permission.id} className="min-w-0">
                        <span className="font-medium text-zinc-900">{permission.name}</span>{" "}
                        <code className="text-xs break-all text-zinc-600">{permission.key}</code>
                        {permission.description && (
                          <span className="block text-xs text-zinc-600">{permission.description}</span>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </article>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
