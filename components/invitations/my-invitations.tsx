"use client";

import { useActionState } from "react";
import { toast } from "sonner";
import { acceptMyInvitationAction, declineMyInvitationAction } from "@/app/(app)/orgs/actions";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/server/action-result";

type FormAction = (prev: FormState, formData: FormData) => Promise<FormState>;

export type MyInvitationView = {
  id: string;
  organizationName: string;
  logoUrl: string | null;
  /** "Member", "Admin". */
  roleLabel: string;
  inviterName: string | null;
  /** Already formatted by the server (one locale and time zone for the page). */
  expires: string;
  /** An automatic invitation: the organization's verified domain that the person's address is at. */
  domainName?: string | null;
};

/** The signed-in person's pending invitations, each with Accept and Decline (Clerk's "Invitations" in the switcher). */
export function MyInvitations({ invitations }: { invitations: MyInvitationView[] }) {
  return (
    <ul className="divide-y divide-zinc-200 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-zinc-200">
      {invitations.map((invitation) => (
        <InvitationRow key={invitation.id} invitation={invitation} />
      ))}
    </ul>
  );
}

/**
 * An action whose answer is also a toast. Toasted as the answer arrives, not
 * from an effect: a declined invitation's row is gone by the time it renders.
 */
function useToastedAction(action: FormAction) {
  return useActionState(async (prev: FormState, formData: FormData) => {
    const result = await action(prev, formData);
    if (result && !result.ok) toast.error(result.error);
    else if (result?.ok && result.message) toast.success(result.message);
    return result;
  }, null);
}

function InvitationRow({ invitation }: { invitation: MyInvitationView }) {
  const [acceptState, accept] = useToastedAction(acceptMyInvitationAction);
  const [declineState, decline] = useToastedAction(declineMyInvitationAction);
  const error =
    (acceptState && !acceptState.ok && acceptState.error) ||
    (declineState && !declineState.ok && declineState.error) ||
    undefined;
  const name = invitation.organizationName;
  return (
    <li className="px-5 py-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-3">
        {invitation.logoUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- logos are arbitrary URLs
          <img
            src={invitation.logoUrl}
            alt=""
            className="size-10 shrink-0 rounded-lg object-cover ring-1 ring-zinc-200"
          />
        ) : (
          <span
            aria-hidden="true"
            className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-indigo-100 text-base font-bold text-indigo-700"
          >
            {name.slice(0, 1).toUpperCase()}
          </span>
        )}
        <div className="min-w-0 flex-1 basis-48">
          {invitation.domainName ? (
            <>
              <p className="truncate text-sm font-semibold text-zinc-900">You&apos;re invited to {name}</p>
              <p className="text-sm text-zinc-500">
                {name} invites everyone with a verified address at {invitation.domainName}, as{" "}
                {invitation.roleLabel.toLowerCase()} · expires {invitation.expires}
              </p>
            </>
          ) : (
            <>
              <p className="truncate text-sm font-semibold text-zinc-900">{name}</p>
              <p className="text-sm text-zinc-500">
                {invitation.inviterName ? `${invitation.inviterName} invited you` : "You are invited"} as{" "}
                {invitation.roleLabel.toLowerCase()} · expires {invitation.expires}
              </p>
            </>
          )}
        </div>
        <div className="flex shrink-0 gap-2">
          <form action={decline}>
            <input type="hidden" name="invitationId" value={invitation.id} />
            {invitation.domainName ? (
              <SubmitButton variant="secondary" pendingLabel="Dismissing…">
                Dismiss<span className="sr-only"> the invitation to {name}</span>
              </SubmitButton>
            ) : (
              <SubmitButton variant="secondary" pendingLabel="Declining…">
                Decline<span className="sr-only"> the invitation to {name}</span>
              </SubmitButton>
            )}
          </form>
          <form action={accept}>
            <input type="hidden" name="invitationId" value={invitation.id} />
            <SubmitButton pendingLabel="Joining…">
              Accept<span className="sr-only"> the invitation to {name}</span>
            </SubmitButton>
          </form>
        </div>
      </div>
      {error && (
        <div className="mt-3">
          <FormMessage error={error} />
        </div>
      )}
    </li>
  );
}
