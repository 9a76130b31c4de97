"use client";

import Link from "next/link";
import { DropdownMenu } from "radix-ui";
import { useTransition } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { Avatar } from "@/components/ui/avatar";
import { HeaderMenu } from "@/components/ui/header-menu";
import { menuItemClasses, menuSeparatorClasses } from "@/components/ui/menu-classes";
import type { UserDto } from "@/lib/domain/users";

/**
 * The signed-in user's menu, a radix-ui dropdown menu (arrow keys, Escape and
 * outside clicks close it and give the focus back). Its accessible name is its
 * text, the name included even where only the initials show.
 */
export function UserMenu({ user }: { user: Pick<UserDto, "name" | "email"> }) {
  const [signingOut, startSignOut] = useTransition();
  const triggerClasses =
    "flex items-center gap-2 rounded-full p-1 text-sm font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600 data-[state=open]:bg-zinc-100 sm:pr-3";
  const triggerContent = (
    <>
      <Avatar name={user.name} />
      <span className="sr-only">Account menu for </span>
      <span className="sr-only sm:not-sr-only">{user.name}</span>
    </>
  );
  return (
    <HeaderMenu triggerClassName={triggerClasses} trigger={triggerContent} align="end">
      <DropdownMenu.Label className="px-2.5 py-2">
        <span className="block truncate text-sm font-semibold text-zinc-900">{user.name}</span>
        <span className="block truncate text-sm text-zinc-600">{user.email}</span>
      </DropdownMenu.Label>
      <DropdownMenu.Separator className={menuSeparatorClasses} />
      <DropdownMenu.Item asChild className={menuItemClasses}>
        <Link href="/account">Your account</Link>
      </DropdownMenu.Item>
      <DropdownMenu.Item
        className={menuItemClasses}
        disabled={signingOut}
        // Kept open while the sign-out runs, so its pending state shows.
        onSelect={(event) => {
          event.preventDefault();
          startSignOut(() => signOutAction());
        }}
      >
        {signingOut ? "Signing out…" : "Sign out"}
      </DropdownMenu.Item>
    </HeaderMenu>
  );
}
