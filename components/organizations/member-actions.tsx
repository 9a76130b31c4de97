"use client";

import { useState } from "react";
import {
  changeRoleAction,
  leaveOrganizationAction,
  removeMemberAction,
} from "@/app/(app)/orgs/[slug]/settings/actions";
import { ActionButton } from "@/components/ui/action-button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { FormMessage } from "@/components/ui/form-message";
import { useAction } from "@/components/ui/use-action";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/authz";

type Member = { userId: string; name: string; email: string; role: Role };

/** A roster row as the page sends it: plain data, the date already formatted on the server. */
export type RosterRow = Member & { membershipId: string; joined: string };

/**
 * The members table. One client component for the whole table, given the rows
 * as data: the page's payload then carries one small object per row rather
 * than a row tree with a client component reference each, which keeps the
 * page's HTML small and leaves the server fewer elements to serialize, parse
 * and render (page sizes: the README's benchmarks).
 */
export function MemberRoster({
  organizationId,
  caption,
  rows,
  viewerId,
  manage,
  emptyText,
}: {
  organizationId: string;
  caption: string;
  rows: RosterRow[];
  viewerId: string;
  manage: boolean;
  emptyText: string;
}) {
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-zinc-200">
      <table
        className={`min-w-full divide-y divide-zinc-200 text-sm [&_td]:px-4 [&_td]:py-3 [&_th]:px-4 [&_th]:py-3 ${
          // The rows' role selects, styled once here rather than on each of them.
          "[&_select]:rounded-md [&_select]:border-0 [&_select]:py-1.5 [&_select]:pr-8 [&_select]:pl-3 [&_select]:ring-1 [&_select]:ring-zinc-300 [&_select]:focus:ring-2 [&_select]:focus:ring-indigo-600"
        }`}
      >
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 text-left text-xs font-semibold tracking-wide text-zinc-600 uppercase">
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            {manage && (
              <th scope="col" className="text-right">
                Actions
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
            rows.map((member) => (
              <tr key={member.membershipId} className="align-top">
                <td className="font-medium text-zinc-900">
                  {member.name}
                  {member.userId === viewerId && <span className="ml-2 text-xs font-normal text-zinc-500">(you)</span>}
                </td>
                <td>{member.email}</td>
                <td>
                  <span
                    className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${
                      member.role === "admin" ? "bg-indigo-50 text-indigo-700" : "bg-zinc-100 text-zinc-700"
                    }`}
                  >
                    {ROLE_LABELS[member.role]}
                  </span>
                </td>
                <td className="whitespace-nowrap">{member.joined}</td>
                {manage && (
                  <td>
                    <MemberActions
                      organizationId={organizationId}
                      member={member}
                      isSelf={member.userId === viewerId}
                    />
                  </td>
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** An admin's controls for one member: a role select and a remove button (with confirmation). */
function MemberActions({
  organizationId,
  member,
  isSelf,
}: {
  organizationId: string;
  member: Member;
  isSelf: boolean;
}) {
  const [roleState, changeRole, changing] = useAction(changeRoleAction);
  const [removeState, remove, removing] = useAction(removeMemberAction);
  const [role, setRole] = useState<Role>(member.role);
  // After an answer (a refusal included) the select shows the role the member actually has.
  const answered = `${member.role}:${JSON.stringify(roleState)}`;
  const [seen, setSeen] = useState(answered);
  if (seen !== answered) {
    setSeen(answered);
    setRole(member.role);
  }
  const removeError = removeState && !removeState.ok ? removeState.error : undefined;
  const roleId = `role-${member.userId}`;
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <label htmlFor={roleId} className="sr-only">
        Role for {member.name}
      </label>
      <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as Role)}>
        {ROLES.map((value) => (
          <option key={value} value={value}>
            {ROLE_LABELS[value]}
          </option>
        ))}
      </select>
      <ActionButton
        variant="secondary"
        pending={changing}
        pendingLabel="Saving…"
        onClick={() => {
          changeRole({ organizationId, userId: member.userId, role });
        }}
      >
        Change role
      </ActionButton>
      <ConfirmDialog
        trigger={isSelf ? "Remove myself" : "Remove"}
        title={`Remove ${member.name}?`}
        description={`${member.name} (${member.email}) will lose access to this organization.`}
      >
        <div className="space-y-3">
          <FormMessage error={removeError} />
          <ActionButton
            variant="danger"
            pending={removing}
            pendingLabel="Removing…"
            className="w-full"
            onClick={() => remove({ organizationId, userId: member.userId })}
          >
            Remove {member.name}
          </ActionButton>
        </div>
      </ConfirmDialog>
      {roleState && (
        <div className="flex basis-full justify-end">
          <div className="max-w-sm text-left">
            <FormMessage
              error={!roleState.ok ? roleState.error : undefined}
              success={roleState.ok ? roleState.message : undefined}
            />
          </div>
        </div>
      )}
    </div>
  );
}

export function LeaveOrganizationButton({ organizationId, name }: { organizationId: string; name: string }) {
  return (
    <div>
      <ConfirmForm
        action={leaveOrganizationAction}
        fields={{ organizationId }}
        variant="secondary"
        trigger="Leave organization"
        title={`Leave ${name}?`}
        description="You will lose access to this organization until someone invites you again."
        submitLabel={`Leave ${name}`}
        pendingLabel="Leaving…"
      />
    </div>
  );
}
