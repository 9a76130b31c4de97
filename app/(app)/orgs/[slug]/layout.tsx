import type { ReactNode } from "react";
import { OrgNav } from "@/components/organizations/org-nav";
import { ADMIN_ROLE, can, MEMBER_ROLE, type Grant } from "@/lib/authz";
import { layoutOrganization } from "@/lib/server/org-context";

const countFormat = new Intl.NumberFormat("en");

/** "an admin", "a member", or the role's name for the instance's own roles. */
function youAre(role: Grant): string {
  if (role.key === ADMIN_ROLE) return "an admin";
  if (role.key === MEMBER_ROLE) return "a member";
  return `“${role.name ?? role.key}”`;
}

export default async function OrganizationLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const organization = await layoutOrganization(slug);
  // Signed out: the page itself sends the visitor to sign-in, with its own address to come back to.
  if (!organization) return children;
  return (
    <div className="mx-auto max-w-5xl px-4 py-10 sm:px-6">
      <div className="flex flex-wrap items-center gap-4">
        {organization.logoUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- logos are arbitrary external URLs
          <img src={organization.logoUrl} alt="" className="size-12 rounded-lg object-cover ring-1 ring-zinc-200" />
        ) : (
          <span
            aria-hidden="true"
            className="flex size-12 items-center justify-center rounded-lg bg-indigo-100 text-lg font-bold text-indigo-700"
          >
            {organization.name.slice(0, 1).toUpperCase()}
          </span>
        )}
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-bold tracking-tight text-zinc-900">{organization.name}</h1>
          <p className="text-sm text-zinc-500">
            /{organization.slug} · You are {youAre(organization.role)} ·{" "}
            {organization.membersCount === 1 ? "1 member" : `${countFormat.format(organization.membersCount)} members`}
          </p>
        </div>
      </div>
      <OrgNav
        slug={organization.slug}
        activity={can(organization.role, "org:activity:read")}
        roles={can(organization.role, "org:sys_memberships:read")}
        domains={can(organization.role, "org:sys_domains:read")}
      />
      <div className="mt-8">{children}</div>
    </div>
  );
}
