"use client";

import { acceptMyInvitationAction, declineMyInvitationAction } from "@/app/(app)/orgs/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { OfferRow, refusalOf, useToastedAction } from "./offer-row";

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

/** A pending invitation of the signed-in person, with Accept and Decline (Clerk's "Invitations"), in an OfferList. */
export function InvitationRow({ invitation }: { invitation: MyInvitationView }) {
  const [acceptState, accept] = useToastedAction(acceptMyInvitationAction);
  const [declineState, decline] = useToastedAction(declineMyInvitationAction);
  const name = invitation.organizationName;
  const role = invitation.roleLabel.toLowerCase();
  return (
    <OfferRow
      organizationName={name}
      logoUrl={invitation.logoUrl}
      title={invitation.domainName ? <>You&apos;re invited to {name}</> : name}
      detail={
        invitation.domainName
          ? `${name} invites everyone with a verified address at ${invitation.domainName}, as ${role} · expires ${invitation.expires}`
          : `${invitation.inviterName ? `${invitation.inviterName} invited you` : "You are invited"} as ${role} · expires ${invitation.expires}`
      }
      error={refusalOf(acceptState, declineState)}
      actions={
        <>
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
        </>
      }
    />
  );
}
