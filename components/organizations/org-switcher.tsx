"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { DropdownMenu } from "radix-ui";
import { Avatar } from "@/components/ui/avatar";
import { HeaderMenu } from "@/components/ui/header-menu";
import { menuItemClasses, menuLabelClasses, menuSeparatorClasses } from "@/components/ui/menu-classes";
import { roleLabel, type Grant } from "@/lib/authz";
import { organizationSubPage, switchTarget } from "@/lib/organization-switch";

export type SwitcherOrganization = { slug: string; name: string; role: Grant; imageUrl?: string | null };
/** A pending invitation of the signed-in person, shown above their organizations (accepted or declined on /orgs). */
export type SwitcherInvitation = { id: string; organizationName: string };

function CheckIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 shrink-0 text-indigo-600" fill="none">
      <path d="M3.5 8.5l3 3 6-7" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** A link of the menu's last group, its `icon` in the menu's column of icons (left empty when none). */
function MenuLink({
  href,
  icon,
  iconClassName = "",
  children,
}: {
  href: string;
  icon?: string;
  iconClassName?: string;
  children: string;
}) {
  return (
    <DropdownMenu.Item asChild className={menuItemClasses}>
      <Link href={href}>
        <span aria-hidden="true" className={`flex size-6 items-center justify-center text-zinc-500 ${iconClassName}`}>
          {icon}
        </span>
        {children}
      </Link>
    </DropdownMenu.Item>
  );
}

/**
 * Switches the organization in the URL, so two tabs can work in two
 * organizations. A radix-ui dropdown menu: arrow keys, Escape and outside
 * clicks close it and give the focus back, and choosing an item closes it.
 */
export function OrgSwitcher({
  organizations,
  invitations = [],
}: {
  organizations: SwitcherOrganization[];
  /** Pending invitations to list as "Pending invitations" (each links to /orgs, where they are answered). */
  invitations?: SwitcherInvitation[];
}) {
  const pathname = usePathname();
  const activeSlug = pathname.match(/^\/orgs\/([^/]+)/)?.[1];
  const active = organizations.find((org) => org.slug === activeSlug);
  const subPage = active ? organizationSubPage(pathname, active.slug) : null;
  const triggerClasses =
    "flex min-w-0 items-center gap-2 rounded-md py-1.5 pr-2.5 pl-1.5 text-sm font-medium text-zinc-700 ring-1 ring-zinc-200 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-600 data-[state=open]:bg-zinc-50";
  const triggerContent = (
    <>
      {active ? (
        <Avatar name={active.name} src={active.imageUrl} shape="square" size="sm" />
      ) : (
        <span
          aria-hidden="true"
          className="flex size-6 items-center justify-center rounded-md bg-zinc-100 text-zinc-500"
        >
          ◇
        </span>
      )}
      {/* The accessible name is this text (no aria-label), so it always contains what is seen. */}
      <span className="max-w-28 truncate sm:max-w-40">
        {active ? active.name : "Organizations"}
        <span className="sr-only">, switch organization</span>
      </span>
      <span aria-hidden="true" className="text-zinc-400">
        ▾
      </span>
    </>
  );
  return (
    <HeaderMenu triggerClassName={triggerClasses} trigger={triggerContent} align="start">
      {invitations.length > 0 && (
        <>
          <DropdownMenu.Group>
            <DropdownMenu.Label className={menuLabelClasses}>Pending invitations</DropdownMenu.Label>
            {invitations.map((invitation) => (
              <DropdownMenu.Item key={invitation.id} asChild className={menuItemClasses}>
                <Link href="/orgs">
                  <Avatar name={invitation.organizationName} shape="square" size="sm" />
                  <span className="min-w-0 flex-1 truncate">{invitation.organizationName}</span>
                  <span className="shrink-0 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200">
                    Invited
                  </span>
                </Link>
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Group>
          <DropdownMenu.Separator className={menuSeparatorClasses} />
        </>
      )}
      <DropdownMenu.Group>
        <DropdownMenu.Label className={menuLabelClasses}>Your organizations</DropdownMenu.Label>
        {organizations.length === 0 && (
          <p className="px-2.5 py-2 text-sm text-zinc-600">You are not in any organization yet.</p>
        )}
        {organizations.map((org) => {
          const current = org.slug === activeSlug;
          return (
            <DropdownMenu.Item key={org.slug} asChild className={menuItemClasses}>
              <Link href={switchTarget(org, subPage)} aria-current={current ? "page" : undefined}>
                <Avatar name={org.name} src={org.imageUrl} shape="square" size="sm" />
                <span className={`min-w-0 flex-1 truncate ${current ? "font-semibold text-zinc-900" : ""}`}>
                  {org.name}
                </span>
                <span className="shrink-0 text-xs text-zinc-600">{org.role.name ?? roleLabel(org.role.key)}</span>
                {current ? <CheckIcon /> : <span aria-hidden="true" className="size-4 shrink-0" />}
              </Link>
            </DropdownMenu.Item>
          );
        })}
      </DropdownMenu.Group>
      <DropdownMenu.Separator className={menuSeparatorClasses} />
      {active && (
        <MenuLink href={`/orgs/${active.slug}/settings`} icon="⚙">
          Manage organization
        </MenuLink>
      )}
      <MenuLink href="/orgs#create-heading" icon="+" iconClassName="text-base">
        Create organization
      </MenuLink>
      <MenuLink href="/orgs">All organizations</MenuLink>
    </HeaderMenu>
  );
}
