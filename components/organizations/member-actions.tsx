"use client";

import Link from "next/link";
import { useId } from "react";
import { Tooltip } from "radix-ui";
import { leaveOrganizationAction } from "@/app/(app)/orgs/[slug]/settings/actions";
import { buttonClasses } from "@/components/ui/button-classes";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { useHydrated } from "@/components/ui/use-hydrated";
import { initialsAvatar, MemberAvatar } from "./member-avatar";
import { MemberMenu, rowMenuLookAlike } from "./member-menu";
import {
  ONLY_ADMIN_REASON,
  roleBadge,
  RoleSelect,
  roleTriggerLookAlike,
  WithReason,
  type Member,
  type RoleOption,
} from "./member-role-select";

/** A roster row as the page sends it: plain data, the date already formatted on the server. */
export type RosterRow = Member & { membershipId: string; image: string | null; joined: string };

/** A sortable column's header: the link that sorts by it (the server sorts) and its aria-sort. */
export type SortHeader = {
  key: "name" | "email" | "role" | "joined";
  label: string;
  href: string;
  sort: "ascending" | "descending" | "none";
};

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
 *
 * The server (and the browser's hydrating pass) renders each row's controls as
 * plain markup: the initials, and buttons with the names and classes of the
 * menus' triggers. The Radix trees (role menu, "⋯" menu, avatar picture) mount
 * in the render after hydration, decided once for the table rather than by a
 * component per control: the server renders no component for a row.
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
  const hydrated = useHydrated();
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
                // What the row's role select and its menu both act on.
                const control = {
                  organizationId,
                  member,
                  isSelf,
                  onlyAdminReasonId: onlyAdmin ? rowReasonId : null,
                };
                return (
                  <tr key={member.membershipId}>
                    <td>
                      <div className="member-cell">
                        {hydrated ? (
                          <MemberAvatar name={member.name} email={member.email} image={member.image} />
                        ) : (
                          initialsAvatar(member.name, member.email)
                        )}
                        <div className="min-w-0">
                          <p className="member-name">
                            <span className="truncate" title={member.name} data-testid="member-name">
                              {member.name}
                            </span>
                            {isSelf && <span className="shrink-0 text-xs font-normal text-zinc-500">(you)</span>}
                          </p>
                          {/* A phone has no Email column (nor a pointer to hover a title with). */}
                          <p className="member-phone-email">{member.email}</p>
                          {onlyAdmin && manage && (
                            <p id={rowReasonId} className="text-xs text-amber-800">
                              {ONLY_ADMIN_REASON}
                            </p>
                          )}
                        </div>
                      </div>
                    </td>
                    <td className="member-email" title={member.email}>
                      {member.email}
                    </td>
                    <td>
                      {!manage ? (
                        roleBadge(member)
                      ) : hydrated ? (
                        <RoleSelect {...control} roles={roles} />
                      ) : (
                        roleTriggerLookAlike(member, control.onlyAdminReasonId)
                      )}
                    </td>
                    <td className="whitespace-nowrap max-md:hidden">{member.joined}</td>
                    {manage && (
                      <td className="text-right">
                        {hydrated ? (
                          <MemberMenu {...control} organizationName={organizationName} />
                        ) : (
                          rowMenuLookAlike(member)
                        )}
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
