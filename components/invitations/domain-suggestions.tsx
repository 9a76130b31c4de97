"use client";

import { dismissSuggestionAction, requestToJoinAction } from "@/app/(app)/orgs/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { OfferRow, refusalOf, useToastedAction } from "./offer-row";

export type SuggestionView = {
  id: string;
  organizationName: string;
  logoUrl: string | null;
  domainName: string;
  /** The person already asked; an admin decides. */
  requested: boolean;
};

/** "Acme uses your domain": an organization whose verified domain the person's verified address is at (in an OfferList). */
export function SuggestionRow({ suggestion }: { suggestion: SuggestionView }) {
  const [requestState, request] = useToastedAction(requestToJoinAction);
  const [dismissState, dismiss] = useToastedAction(dismissSuggestionAction);
  const name = suggestion.organizationName;
  return (
    <OfferRow
      organizationName={name}
      logoUrl={suggestion.logoUrl}
      title={`${name} uses your domain`}
      detail={
        suggestion.requested
          ? `Request sent: an admin of ${name} decides.`
          : `${name} verified ${suggestion.domainName}. Ask to join; an admin decides.`
      }
      error={refusalOf(requestState, dismissState)}
      actions={
        !suggestion.requested && (
          <>
            <form action={dismiss}>
              <input type="hidden" name="suggestionId" value={suggestion.id} />
              <SubmitButton variant="secondary" pendingLabel="Dismissing…">
                Dismiss<span className="sr-only"> the suggestion to join {name}</span>
              </SubmitButton>
            </form>
            <form action={request}>
              <input type="hidden" name="suggestionId" value={suggestion.id} />
              <SubmitButton pendingLabel="Sending…">
                Request to join<span className="sr-only"> {name}</span>
              </SubmitButton>
            </form>
          </>
        )
      }
    />
  );
}
