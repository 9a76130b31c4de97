"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ROLE_LABELS, type Role } from "@/lib/authz";

type SwitcherOrganization = { slug: string; name: string; role: Role };

/** Switches the organization in the URL, so two tabs can work in two organizations. */
export function OrgSwitcher({ organizations }: { organizations: SwitcherOrganization[] }) {
  const pathname = usePathname();
  const activeSlug = pathname.match(/^\/orgs\/([^/]+)/)?.[1];
  const active = organizations.find((org) => org.slug === activeSlug);
  return (
    <details className="relative">
      <summary
        className="flex cursor-pointer list-none items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium text-zinc-700 ring-1 ring-zinc-200 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-600 [&::-webkit-details-marker]:hidden"
        aria-label={active ? `Organization: ${active.name}. Switch organization` : "Switch organization"}
      >
        <span className="max-w-40 truncate">{active ? active.name : "Organizations"}</span>
        <span aria-hidden="true" className="text-zinc-400">
          ▾
        </span>
      </summary>
      <div className="absolute left-0 z-20 mt-2 w-72 rounded-lg bg-white p-2 shadow-lg ring-1 ring-zinc-200">
        {organizations.length > 0 ? (
          <ul aria-label="Your organizations" className="max-h-80 overflow-y-auto">
            {organizations.map((org) => (
              <li key={org.slug}>
                <Link
                  href={`/orgs/${org.slug}`}
                  aria-current={org.slug === activeSlug ? "page" : undefined}
                  className={`flex items-center justify-between gap-2 rounded-md px-3 py-2 text-sm hover:bg-zinc-100 ${
                    org.slug === activeSlug ? "bg-indigo-50 font-semibold text-indigo-700" : "text-zinc-700"
                  }`}
                >
                  <span className="truncate">{org.name}</span>
                  <span className="shrink-0 text-xs text-zinc-500">{ROLE_LABELS[org.role]}</span>
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="px-3 py-2 text-sm text-zinc-500">You are not in any organization yet.</p>
        )}
        <Link
          href="/orgs"
          className="mt-1 block rounded-md border-t border-zinc-100 px-3 py-2 text-sm font-semibold text-indigo-600 hover:bg-zinc-100"
        >
          All organizations / create one
        </Link>
      </div>
    </details>
  );
}
