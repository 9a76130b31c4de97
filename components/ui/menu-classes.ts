/** Styles of the dropdown menus (radix-ui DropdownMenu): the panel, an item, a group's label, a separator. */
export const menuContentClasses =
  "z-30 max-h-[min(32rem,var(--radix-dropdown-menu-content-available-height))] w-72 max-w-[calc(100vw-2rem)] overflow-y-auto rounded-lg bg-white p-1.5 shadow-lg ring-1 ring-zinc-200";

export const menuItemClasses =
  "flex w-full cursor-pointer items-center gap-2.5 rounded-md px-2.5 py-2 text-left text-sm text-zinc-700 outline-none select-none data-[highlighted]:bg-zinc-100 data-[highlighted]:text-zinc-900 data-[disabled]:cursor-default data-[disabled]:opacity-60";

export const menuLabelClasses = "px-2.5 pt-2 pb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase";

export const menuSeparatorClasses = "my-1.5 h-px bg-zinc-100";
