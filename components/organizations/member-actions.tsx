"use client";

import { useActionState } from "react";
import { changeRoleAction, leaveOrganizationAction, removeMemberAction } from "@/app/(app)/orgs/[slug]/settings/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/authz";

type Member = { userId: string; name: string; email: string; role: Role };

/** An admin's controls for one member: a role select and a remove button (with confirmation). */
export function MemberActions({ organization, member, isSelf }: { organization: string; member: Member; isSelf: boolean }) {
  const [roleState, changeRole] = useActionState(changeRoleAction, null);
  const [removeState, remove] = useActionState(removeMemberAction, null);
  const removeError = removeState && !removeState.ok ? removeState.error : undefined;
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <form action={changeRole} className="flex items-center gap-2">
          <input type="hidden" name="organization" value={organization} />
          <input type="hidden" name="userId" value={member.userId} />
          <label htmlFor={`role-${member.userId}`} className="sr-only">
            Role for {member.name}
          </label>
          <select
            id={`role-${member.userId}`}
            name="role"
            defaultValue={member.role}
            // A refused change snaps the select back to the role the member still has.
            key={`${member.role}-${JSON.stringify(roleState)}`}
            className="rounded-md border-0 py-1.5 pr-8 pl-3 text-sm ring-1 ring-zinc-300 focus:ring-2 focus:ring-indigo-600"
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
          <SubmitButton variant="secondary" pendingLabel="Saving…">
            Change role
          </SubmitButton>
        </form>
        <ConfirmDialog
          trigger={isSelf ? "Remove myself" : "Remove"}
          title={`Remove ${member.name}?`}
          description={`${member.name} (${member.email}) will lose access to this organization.`}
        >
          <form action={remove} className="space-y-3">
            <FormMessage error={removeError} />
            <input type="hidden" name="organization" value={organization} />
            <input type="hidden" name="userId" value={member.userId} />
            <SubmitButton variant="danger" pendingLabel="Removing…" className="w-full">
              Remove {member.name}
            </SubmitButton>
          </form>
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
