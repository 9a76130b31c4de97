"use client";

// A member's role in the roster: the badge, and the select that applies a role as soon as it is
// picked (with Undo); plus what the roster's controls share (the reason the only admin sees).
import { useId, useState, useTransition, type ReactNode } from "react";
import { DropdownMenu, Tooltip } from "radix-ui";
import { toast } from "sonner";
import { changeRoleAction } from "@/app/(app)/orgs/[slug]/settings/actions";
import type { RoleKey as Role } from "@/lib/authz";
import { useHydrated } from "@/components/ui/use-hydrated";

export type Member = { userId: string; name: string; email: string; role: Role; roleName: string; manages: boolean };

/** A role the select offers: the instance's roles (lib/domain/roles/catalog.ts), with what each may do. */
export type RoleOption = { key: Role; name: string; description: string | null; manages: boolean };

/** Why the only admin cannot be demoted, removed or leave (the server refuses it too: lib/domain/memberships/admins.ts). */
export const ONLY_ADMIN_REASON = "The only admin: make another member an admin first.";

export function formData(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

/**
 * A reason shown in a tooltip on hover and keyboard focus (the same words are also written on the
 * page). The tooltip mounts after hydration (components/ui/use-hydrated.ts): before it, hovering
 * could not open it anyway, and the server renders no tooltip tree.
 */
export function WithReason({ reason, children }: { reason: string | null; children: ReactNode }) {
  const hydrated = useHydrated();
  if (!reason || !hydrated) return children;
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>{children}</Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content
          side="top"
          sideOffset={6}
          className="z-50 max-w-64 rounded-md bg-zinc-900 px-2.5 py-1.5 text-xs text-white shadow-lg"
        >
          {reason}
          <Tooltip.Arrow className="fill-zinc-900" />
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}

/**
 * A row's menu button as the server sends it: the same name and classes as Radix's trigger,
 * without its tree, which the roster mounts once the page is hydrated (components/ui/use-hydrated.ts).
 * A plain function rather than a component, and no attribute a click could not yet honour
 * (aria-expanded): the server renders it twice for every row of every request.
 */
export function menuTriggerLookAlike(label: string, className: string, children: ReactNode, describedBy?: string) {
  return (
    <button type="button" aria-haspopup="menu" aria-label={label} aria-describedby={describedBy} className={className}>
      {children}
    </button>
  );
}

/**
 * A member's role menu button before hydration (RoleSelect mounts after it). Its "▾" is the
 * class's ::after (globals.css), one element fewer on every row.
 */
export function roleTriggerLookAlike(member: Member, describedBy: string | null) {
  return menuTriggerLookAlike(
    `${member.roleName}: role for ${member.name}`,
    "role-menu-trigger",
    <span className="truncate">{member.roleName}</span>,
    describedBy ?? undefined,
  );
}

/** A member's role, for a viewer who cannot change it (a plain function: rendered on every row). */
export function roleBadge(member: Member) {
  return (
    <span
      className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${
        member.manages ? "bg-indigo-50 text-indigo-700" : "bg-zinc-100 text-zinc-700"
      }`}
    >
      {member.roleName}
    </span>
  );
}

/**
 * The role, applied as soon as another is picked: a pending spinner while the
 * server answers, then a toast (with Undo) or the refusal. The only admin's
 * "Member" is disabled, with the reason beside it and in a tooltip. Mounted
 * once the page is hydrated; the server sends roleTriggerLookAlike.
 */
export function RoleSelect({
  organizationId,
  member,
  roles,
  isSelf,
  onlyAdminReasonId,
}: {
  organizationId: string;
  member: Member;
  roles: RoleOption[];
  isSelf: boolean;
  onlyAdminReasonId: string | null;
}) {
  const [pending, startTransition] = useTransition();
  const menuId = useId();
  const nameOf = (key: Role) =>
    roles.find((role) => role.key === key)?.name ?? (key === member.role ? member.roleName : key);
  const manages = (key: Role) => roles.find((role) => role.key === key)?.manages ?? false;
  const [shown, setShown] = useState<Role>(member.role);
  // When the server's answer (the page refreshed) brings another role, show it.
  const [seen, setSeen] = useState<Role>(member.role);
  if (seen !== member.role) {
    setSeen(member.role);
    setShown(member.role);
  }

  const apply = (to: Role, from: Role, offerUndo: boolean) =>
    startTransition(async () => {
      setShown(to);
      const result = await changeRoleAction(null, formData({ organizationId, userId: member.userId, role: to }));
      if (!result) return;
      if (!result.ok) {
        setShown(from);
        toast.error(result.error);
        return;
      }
      // No undo for demoting oneself: a member could not promote themselves back.
      const undo = offerUndo && !(isSelf && !manages(to));
      // Longer than a plain toast's 4 s: there is a button to reach in it.
      toast.success(
        result.message,
        undo ? { action: { label: "Undo", onClick: () => apply(from, to, false) }, duration: 10_000 } : undefined,
      );
    });

  const label = `${nameOf(shown)}: role for ${member.name}`;

  return (
    // A menu of two radio items rather than Radix's Select: the Select's open list hides the rest of the page
    // with aria-hidden while it stays focusable (axe: aria-hidden-focus); a non-modal menu does not.
    <DropdownMenu.Root modal={false}>
      <WithReason reason={onlyAdminReasonId ? ONLY_ADMIN_REASON : null}>
        <DropdownMenu.Trigger
          disabled={pending}
          aria-label={label}
          aria-describedby={onlyAdminReasonId ?? undefined}
          aria-busy={pending || undefined}
          className="role-menu-trigger"
        >
          <span className="truncate">{nameOf(shown)}</span>
          {/* While the server answers, a spinner takes the place of the class's "▾" (aria-busy hides it). */}
          {pending && (
            <span
              aria-hidden="true"
              className="size-3.5 shrink-0 animate-spin rounded-full border-2 border-current border-r-transparent"
            />
          )}
        </DropdownMenu.Trigger>
      </WithReason>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="start"
          sideOffset={4}
          className="z-50 max-h-(--radix-dropdown-menu-content-available-height) max-w-[calc(100vw-2rem)] min-w-(--radix-dropdown-menu-trigger-width) overflow-y-auto rounded-md bg-white p-1 text-sm shadow-lg ring-1 ring-zinc-200"
        >
          <DropdownMenu.Label className="px-2.5 py-1 text-xs font-medium text-zinc-500">
            Role for {member.name}
          </DropdownMenu.Label>
          <DropdownMenu.RadioGroup
            value={shown}
            onValueChange={(value) => {
              if (value !== shown) apply(value as Role, shown, true);
            }}
          >
            {roles.map((role, index) => {
              const blocked = onlyAdminReasonId !== null && !role.manages;
              // Named by the role's name alone; its description (and why it is disabled) describe it.
              const itemId = `${menuId}-${index}`;
              // A disabled role is described by the reason it is disabled; its description stays in sight.
              const describedBy = blocked
                ? `${onlyAdminReasonId}-role`
                : role.description
                  ? `${itemId}-description`
                  : undefined;
              return (
                <DropdownMenu.RadioItem
                  key={role.key}
                  value={role.key}
                  disabled={blocked}
                  aria-labelledby={`${itemId}-name`}
                  aria-describedby={describedBy}
                  className="flex cursor-default items-start gap-2 rounded px-2.5 py-1.5 text-zinc-900 outline-none data-disabled:text-zinc-400 data-highlighted:bg-indigo-50"
                >
                  <span className="w-3 shrink-0 text-indigo-700" aria-hidden="true">
                    <DropdownMenu.ItemIndicator>✓</DropdownMenu.ItemIndicator>
                  </span>
                  <span className="min-w-0">
                    <span id={`${itemId}-name`}>{role.name}</span>
                    {role.description && (
                      <span id={`${itemId}-description`} className="block max-w-64 text-xs font-normal text-zinc-600">
                        {role.description}
                      </span>
                    )}
                  </span>
                </DropdownMenu.RadioItem>
              );
            })}
          </DropdownMenu.RadioGroup>
          {onlyAdminReasonId && (
            <p id={`${onlyAdminReasonId}-role`} className="max-w-56 px-2.5 pt-1 pb-1.5 text-xs text-zinc-600">
              {ONLY_ADMIN_REASON}
            </p>
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
