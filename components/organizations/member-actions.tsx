"use client";

import { useActionState, useState } from "react";
import { changeRoleAction, leaveOrganizationAction, removeMemberAction } from "@/app/(app)/orgs/[slug]/settings/actions";
import { ActionButton } from "@/components/ui/action-button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useAction } from "@/components/ui/use-action";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/authz";

type Member = { userId: string; name: string; email: string; role: Role };

/** An admin's controls for one member: a role select and a remove button (with confirmation). */
export function MemberActions({ organization, member, isSelf }: { organization: string; member: Member; isSelf: boolean }) {
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
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <label htmlFor={roleId} className="sr-only">
          Role for {member.name}
        </label>
        <select
          id={roleId}
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
          className="rounded-md border-0 py-1.5 pr-8 pl-3 text-sm ring-1 ring-zinc-300 focus:ring-2 focus:ring-indigo-600"
        >
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
            changeRole({ organization, userId: member.userId, role });
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
              onClick={() => remove({ organization, userId: member.userId })}
            >
              Remove {member.name}
            </ActionButton>
          </div>
        </ConfirmDialog>
      </div>
      {roleState && (
        <div className="max-w-sm text-left">
          <FormMessage error={!roleState.ok ? roleState.error : undefined} success={roleState.ok ? roleState.message : undefined} />
        </div>
      )}
    </div>
  );
}

export function LeaveOrganizationButton({ organization, name }: { organization: string; name: string }) {
  const [state, leave] = useActionState(leaveOrganizationAction, null);
  return (
    <div>
      <ConfirmDialog
        variant="secondary"
        trigger="Leave organization"
        title={`Leave ${name}?`}
        description="You will lose access to this organization until someone invites you again."
      >
        <form action={leave} className="space-y-3">
          <FormMessage error={state && !state.ok ? state.error : undefined} />
          <input type="hidden" name="organization" value={organization} />
          <SubmitButton variant="danger" pendingLabel="Leaving…" className="w-full">
            Leave {name}
          </SubmitButton>
        </form>
      </ConfirmDialog>
    </div>
  );
}
