"use client";

import type { ReactNode } from "react";
import { DropdownMenu } from "radix-ui";
import { menuContentClasses } from "./menu-classes";
import { useHydrated } from "./use-hydrated";

/**
 * A menu of the header (the organization switcher, the user menu): Radix's dropdown menu once
 * the page is hydrated; before that, the server sends a look-alike button (./use-hydrated.ts),
 * so no page renders a closed menu tree on the server.
 */
export function HeaderMenu({
  triggerClassName,
  trigger,
  align,
  children,
}: {
  triggerClassName: string;
  /** The trigger's content: its accessible name is this text. */
  trigger: ReactNode;
  align: "start" | "end";
  /** The menu's items. */
  children: ReactNode;
}) {
  const hydrated = useHydrated();
  if (!hydrated) {
    return (
      <button type="button" aria-haspopup="menu" aria-expanded="false" className={triggerClassName}>
        {trigger}
      </button>
    );
  }
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className={triggerClassName}>{trigger}</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align={align} sideOffset={8} collisionPadding={16} loop className={menuContentClasses}>
          {children}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
