"use client";

import { useActionState } from "react";
import {
  acceptInvitationAction,
  declineInvitationAction,
  joinWithSignUpAction,
} from "@/app/invitations/[token]/actions";
import { Field, NewPasswordField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function AcceptOrDecline({ token, organizationName }: { token: string; organizationName: string }) {
  const [acceptState, accept] = useActionState(acceptInvitationAction, null);
  const [declineState, decline] = useActionState(declineInvitationAction, null);
  const error =
    (acceptState && !acceptState.ok && acceptState.error) ||
    (declineState && !declineState.ok && declineState.error) ||
    undefined;
  return (
    <div className="space-y-4">
      <FormMessage error={error} />
      <div className="flex flex-wrap gap-3">
        <form action={accept}>
          <input type="hidden" name="token" value={token} />
          <SubmitButton pendingLabel="Joining…">Accept and join {organizationName}</SubmitButton>
        </form>
        <form action={decline}>
          <input type="hidden" name="token" value={token} />
          <SubmitButton variant="secondary" pendingLabel="Declining…">
            Decline
          </SubmitButton>
        </form>
      </div>
    </div>
  );
}

export function JoinWithSignUpForm({
  token,
  email,
  organizationName,
}: {
  token: string;
  email: string;
  organizationName: string;
}) {
  const form = useForm(joinWithSignUpAction);
  return (
    <form action={form.action} className="space-y-5" noValidate key={form.key}>
      <input type="hidden" name="token" value={token} />
      <FormMessage error={form.message.error} />
      <Field
        label="Email"
        name="email"
        type="email"
        value={email}
        readOnly
        hint="The invitation was sent to this address."
      />
      <Field label="Name" {...form.field("name")} autoComplete="name" required defaultValue={form.value("name")} />
      <NewPasswordField {...form.field("password")} defaultValue={form.secret("password")} />
      <SubmitButton pendingLabel="Creating account…" className="w-full">
        Create account and join {organizationName}
      </SubmitButton>
    </form>
  );
}
