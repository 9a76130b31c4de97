"use client";

import { acceptRequestAction, rejectRequestAction } from "@/app/(app)/orgs/[slug]/settings/domains/actions";
import { ActionButton } from "@/components/ui/action-button";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { useAction } from "@/components/ui/use-action";

/** Accept (at once) and Reject (after a confirmation) for one request to join. */
export function RequestActions({
  organizationId,
  request,
}: {
  organizationId: string;
  request: { id: string; name: string };
}) {
  const [, accept, accepting] = useAction(acceptRequestAction, { toast: true });
  return (
    <div className="flex shrink-0 gap-2">
      <ConfirmForm
        action={rejectRequestAction}
        fields={{ organizationId, requestId: request.id }}
        trigger="Reject"
        triggerLabel={`Reject ${request.name}'s request`}
        variant="secondary"
        title={`Reject ${request.name}'s request?`}
        description={
          <>{request.name} does not join, and is not suggested again until the domain&apos;s mode changes.</>
        }
        submitLabel="Reject request"
        pendingLabel="Rejecting…"
        toast
      />
      <ActionButton
        pending={accepting}
        pendingLabel="Accepting…"
        onClick={() => accept({ organizationId, requestId: request.id })}
      >
        Accept<span className="sr-only"> {request.name}&apos;s request</span>
      </ActionButton>
    </div>
  );
}
