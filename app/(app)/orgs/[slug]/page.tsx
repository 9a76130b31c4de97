import type { Metadata } from "next";
import Link from "next/link";
import { can, ROLE_LABELS } from "@/lib/authz";
import { requireActiveOrganization } from "@/lib/server/org-context";

export const metadata: Metadata = { title: "Organization" };

export default async function OrganizationOverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { organization } = await requireActiveOrganization(slug, `/orgs/${slug}`);
  const created = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(organization.createdAt);
  return (
    <div className="grid gap-6 sm:grid-cols-3">
      <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-zinc-200">
        <h2 className="text-sm font-medium text-zinc-500">Members</h2>
        <p className="mt-2 text-3xl font-bold text-zinc-900">{organization.membersCount}</p>
        <Link
          href={`/orgs/${organization.slug}/settings/members`}
          className="mt-3 inline-block text-sm font-semibold text-indigo-600 hover:text-indigo-500"
        >
          See everyone
        </Link>
      </div>
      <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-zinc-200">
        <h2 className="text-sm font-medium text-zinc-500">Your role</h2>
        <p className="mt-2 text-3xl font-bold text-zinc-900">{ROLE_LABELS[organization.role]}</p>
        <p className="mt-3 text-sm text-zinc-600">
          {can(organization.role, "org:members:manage")
            ? "You can manage members, roles and settings."
            : "You can see the organization and its members."}
        </p>
      </div>
      <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-zinc-200">
        <h2 className="text-sm font-medium text-zinc-500">Created</h2>
        <p className="mt-2 text-lg font-semibold text-zinc-900">{created}</p>
      </div>
    </div>
  );
}
