"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The organization's tabs; Roles, Domains and Activity (the audit log) only for those who may read them. */
export function OrgNav({
  slug,
  activity = false,
  roles = false,
  domains = false,
}: {
  slug: string;
  activity?: boolean;
  roles?: boolean;
  domains?: boolean;
}) {
  const pathname = usePathname();
  const tabs = [
    { href: `/orgs/${slug}`, label: "Overview" },
    { href: `/orgs/${slug}/settings`, label: "General" },
    { href: `/orgs/${slug}/settings/members`, label: "Members" },
    ...(roles ? [{ href: `/orgs/${slug}/settings/roles`, label: "Roles" }] : []),
    ...(domains ? [{ href: `/orgs/${slug}/settings/domains`, label: "Domains" }] : []),
    ...(activity ? [{ href: `/orgs/${slug}/settings/activity`, label: "Activity" }] : []),
  ];
  return (
    <nav aria-label="Organization" className="mt-6 border-b border-zinc-200">
      <ul className="-mb-px flex gap-4 overflow-x-auto sm:gap-6">
        {tabs.map((tab) => {
          const current = pathname === tab.href;
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={current ? "page" : undefined}
                className={`inline-block border-b-2 px-1 pb-3 text-sm font-medium ${
                  current
                    ? "border-indigo-600 text-indigo-700"
                    : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
