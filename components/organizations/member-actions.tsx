"use client";

import Link from "next/link";
import { useId, useState, useTransition, type ReactNode } from "react";
import { DropdownMenu, Tooltip } from "radix-ui";
import { toast } from "sonner";
import {
  changeRoleAction,
  leaveOrganizationAction,
  removeMemberAction,
} from "@/app/(app)/orgs/[slug]/settings/actions";
import { ActionButton } from "@/components/ui/action-button";
import { buttonClasses } from "@/components/ui/button-classes";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { FormMessage } from "@/components/ui/form-message";
import type { RoleKey as Role } from "@/lib/authz";
import { useHydrated } from "@/components/ui/use-hydrated";
import { MemberAvatar } from "./member-avatar";

type Member = { userId: string; name: string; email: string; role: Role; roleName: string; manages: boolean };

/** A role the select offers: the instance's roles (lib/domain/roles/catalog.ts), with what each may do. */
export type RoleOption = { key: Role; name: string; description: string | null; manages: boolean };

/** A roster row as the page sends it: plain data, the date already formatted on the server. */
export type RosterRow = Member & { membershipId: string; image: string | null; joined: string };

/** A sortable column's header: the link that sorts by it (the server sorts) and its aria-sort. */
export type SortHeader = {
  key: "name" | "email" | "role" | "joined";
  label: string;
  href: string;
  sort: "ascending" | "descending" | "none";
};

/** Why the only admin cannot be demoted, removed or leave (the server refuses it too: lib/domain/memberships/admins.ts). */
export const ONLY_ADMIN_REASON = "The only admin: make another member an admin first.";

function formData(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

/** A reason shown in a tooltip on hover and keyboard focus (the same words are also written on the page). */
function WithReason({ reason, children }: { reason: string | null; children: ReactNode }) {
  if (!reason) return children;
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

function SortableHeader({ header, className = "" }: { header: SortHeader; className?: string }) {
  const arrow = header.sort === "ascending" ? "↑" : header.sort === "descending" ? "↓" : "↕";
  return (
    <th scope="col" aria-sort={header.sort} className={className}>
      <Link
        href={header.href}
        scroll={false}
        className={`inline-flex items-center gap-1 rounded hover:text-zinc-900 ${header.sort === "none" ? "" : "text-zinc-900"}`}
      >
        {header.label}
        <span aria-hidden="true" className={header.sort === "none" ? "text-zinc-400" : ""}>
          {arrow}
        </span>
      </Link>
    </th>
  );
}

/**
 * The members table. One client component for the whole table, given the rows
 * as data: the page's payload then carries one small object per row rather
 * than a row tree with a client component reference each, which keeps the
 * page's HTML small and leaves the server fewer elements to serialize, parse
 * and render (page sizes: the README's benchmarks). Below 640 px it reads as a
 * list: avatar, name and email, role, and the "⋯" menu.
 */
export function MemberRoster({
  organizationId,
  organizationName,
  caption,
  rows,
  viewerId,
  manage,
  adminCount,
  headers,
  emptyText,
  roles = [],
}: {
  organizationId: string;
  organizationName: string;
  caption: string;
  rows: RosterRow[];
  viewerId: string;
  manage: boolean;
  /** The organization's admins, when the page knows: the only admin's controls are disabled up front. */
  adminCount: number | null;
  headers: SortHeader[];
  emptyText: string;
  /** The roles the select offers (when `manage`). */
  roles?: RoleOption[];
}) {
  const reasonId = useId();
  const header = (key: SortHeader["key"]) => headers.find((h) => h.key === key)!;
  return (
    <Tooltip.Provider delayDuration={200}>
      <div className="rounded-xl bg-white shadow-sm ring-1 ring-zinc-200">
        <table className="w-full table-fixed divide-y divide-zinc-200 text-sm [&_td]:px-2 [&_td]:py-3 [&_th]:px-2 [&_th]:py-3 sm:[&_td]:px-4 sm:[&_th]:px-4">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-zinc-50 text-left text-xs font-semibold tracking-wide text-zinc-600 uppercase">
            <tr>
              <SortableHeader header={header("name")} />
              <SortableHeader header={header("email")} className="max-sm:hidden" />
              <SortableHeader header={header("role")} className="w-32 sm:w-40" />
              <SortableHeader header={header("joined")} className="w-32 max-md:hidden" />
              {manage && (
                <th scope="col" className="w-12 sm:w-20">
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 text-zinc-600">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={manage ? 5 : 4} className="py-10! text-center text-zinc-500">
                  {emptyText}
                </td>
              </tr>
            ) : (
              rows.map((member) => {
                const isSelf = member.userId === viewerId;
                const onlyAdmin = member.manages && adminCount !== null && adminCount <= 1;
                const rowReasonId = `${reasonId}-${member.userId}`;
                return (
                  <tr key={member.membershipId} className="align-middle">
                    <td>
                      <div className="flex min-w-0 items-center gap-3">
                        <MemberAvatar name={member.name} email={member.email} image={member.image} />
                        <div className="min-w-0">
                          <p className="flex min-w-0 items-baseline gap-1.5 font-medium text-zinc-900">
                            <span className="truncate" title={member.name} data-testid="member-name">
                              {member.name}
                            </span>
                            {isSelf && <span className="shrink-0 text-xs font-normal text-zinc-500">(you)</span>}
                          </p>
                          <p className="truncate text-xs text-zinc-500 sm:hidden" title={member.email}>
                            {member.email}
                          </p>
                          {onlyAdmin && manage && (
                            <p id={rowReasonId} className="text-xs text-amber-800">
                              {ONLY_ADMIN_REASON}
                            </p>
                          )}
                        </div>
                      </div>
                    </td>
                    <td className="max-sm:hidden">
                      <span className="block truncate" title={member.email}>
                        {member.email}
                      </span>
                    </td>
                    <td>
                      {manage ? (
                        <RoleSelect
                          organizationId={organizationId}
                          member={member}
                          roles={roles}
                          isSelf={isSelf}
                          onlyAdminReasonId={onlyAdmin ? rowReasonId : null}
                        />
                      ) : (
                        <RoleBadge member={member} />
                      )}
                    </td>
                    <td className="whitespace-nowrap max-md:hidden">{member.joined}</td>
                    {manage && (
                      <td className="text-right">
                        <MemberMenu
                          organizationId={organizationId}
                          organizationName={organizationName}
                          member={member}
                          isSelf={isSelf}
                          onlyAdminReasonId={onlyAdmin ? rowReasonId : null}
                        />
                      </td>
                    )}
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
    </Tooltip.Provider>
  );
}

function RoleBadge({ member }: { member: Member }) {
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
 * "Member" is disabled, with the reason beside it and in a tooltip.
 */
function RoleSelect({
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

  const hydrated = useHydrated();
  const label = `${nameOf(shown)}: role for ${member.name}`;
  if (!hydrated) {
    return (
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded="false"
        aria-label={label}
        aria-describedby={onlyAdminReasonId ?? undefined}
        className="role-menu-trigger"
      >
        <span className="truncate">{nameOf(shown)}</span>
        <span aria-hidden="true" className="text-zinc-500">
          ▾
        </span>
      </button>
    );
  }

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
          {pending ? (
            <span
              aria-hidden="true"
              className="size-3.5 shrink-0 animate-spin rounded-full border-2 border-current border-r-transparent"
            />
          ) : (
            <span aria-hidden="true" className="text-zinc-500">
              ▾
            </span>
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

/** The row's "⋯" menu: Remove (with a confirmation), or, for the only admin, the reason it is not offered. */
function MemberMenu({
  organizationId,
  organizationName,
  member,
  isSelf,
  onlyAdminReasonId,
}: {
  organizationId: string;
  organizationName: string;
  member: Member;
  isSelf: boolean;
  onlyAdminReasonId: string | null;
}) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const [removing, startTransition] = useTransition();
  const removeLabel = isSelf ? "Remove myself" : "Remove";
  const remove = () =>
    startTransition(async () => {
      const result = await removeMemberAction(null, formData({ organizationId, userId: member.userId }));
      if (!result) return;
      if (result.ok) {
        setConfirming(false);
        toast.success(result.message);
      } else {
        setError(result.error);
        toast.error(result.error);
      }
    });
  const who = isSelf ? "yourself" : member.name;
  const hydrated = useHydrated();
  if (!hydrated) {
    return (
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded="false"
        aria-label={`Actions for ${member.name}`}
        className="row-menu-trigger"
      >
        <span aria-hidden="true">⋯</span>
      </button>
    );
  }
  return (
    <>
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger aria-label={`Actions for ${member.name}`} className="row-menu-trigger">
          <span aria-hidden="true">⋯</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-50 max-w-[calc(100vw-2rem)] min-w-44 rounded-md bg-white p-1 text-sm shadow-lg ring-1 ring-zinc-200"
          >
            <DropdownMenu.Item
              disabled={onlyAdminReasonId !== null}
              aria-describedby={onlyAdminReasonId ? `${onlyAdminReasonId}-menu` : undefined}
              onSelect={() => {
                setError(undefined);
                setConfirming(true);
              }}
              className="cursor-default rounded px-2.5 py-1.5 text-red-700 outline-none data-disabled:text-zinc-400 data-highlighted:bg-red-50"
            >
              {removeLabel}
            </DropdownMenu.Item>
            {onlyAdminReasonId && (
              <p id={`${onlyAdminReasonId}-menu`} className="max-w-56 px-2.5 pb-1.5 text-xs text-zinc-600">
                {ONLY_ADMIN_REASON}
              </p>
            )}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={isSelf ? `Remove yourself from ${organizationName}?` : `Remove ${member.name}?`}
        description={
          isSelf
            ? `You will lose access to ${organizationName} until someone invites you again.`
            : `${member.name} (${member.email}) will lose access to ${organizationName}.`
        }
      >
        <div className="space-y-3 text-left">
          <FormMessage error={error} />
          <ActionButton
            variant="danger"
            pending={removing}
            pendingLabel="Removing…"
            className="w-full"
            onClick={remove}
          >
            Remove {who}
          </ActionButton>
        </div>
      </ConfirmDialog>
    </>
  );
}

/** Leave the organization; for the only admin, a disabled button with the reason written under it. */
export function LeaveOrganizationButton({
  organizationId,
  name,
  onlyAdmin,
}: {
  organizationId: string;
  name: string;
  onlyAdmin: boolean;
}) {
  const reasonId = useId();
  if (onlyAdmin) {
    const reason = `You are the only admin of ${name}: make another member an admin before leaving, or delete the organization.`;
    return (
      <Tooltip.Provider delayDuration={200}>
        <div className="max-w-xs space-y-1.5 sm:text-right">
          <WithReason reason={reason}>
            <button
              type="button"
              aria-disabled="true"
              aria-describedby={reasonId}
              onClick={(event) => event.preventDefault()}
              className={buttonClasses("secondary", "cursor-not-allowed opacity-60")}
            >
              Leave organization
            </button>
          </WithReason>
          <p id={reasonId} className="text-xs text-zinc-600">
            {reason}
          </p>
        </div>
      </Tooltip.Provider>
    );
  }
  return (
    <div>
      <ConfirmForm
        action={leaveOrganizationAction}
        fields={{ organizationId }}
        variant="secondary"
        trigger="Leave organization"
        title={`Leave ${name}?`}
        description={`You will lose access to ${name} until someone invites you again.`}
        submitLabel={`Leave ${name}`}
        pendingLabel="Leaving…"
      />
    </div>
  );
}
