"use client";

import { useActionState, useState } from "react";
import { inviteAction, resendInvitationAction, revokeInvitationAction } from "@/app/(app)/orgs/[slug]/settings/actions";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";
import { ROLE_LABELS, ROLES } from "@/lib/authz";

type Links = Array<{ email: string; url: string }>;

function CopyLink({ email, url }: Links[number]) {
  const [copied, setCopied] = useState(false);
  return (
    <li className="flex items-center justify-between gap-3 text-sm">
      <span className="truncate text-zinc-700">{email}</span>
      <button
        type="button"
        className="shrink-0 rounded-md px-2.5 py-1 text-xs font-semibold ring-1 ring-zinc-300 hover:bg-zinc-50"
        onClick={async () => {
          await navigator.clipboard?.writeText(url).catch(() => undefined);
          setCopied(true);
        }}
        aria-label={`Copy invitation link for ${email}`}
      >
        {copied ? "Copied" : "Copy link"}
      </button>
    </li>
  );
}

/**
 * The links of invitations just sent, when the admin asked to see them: shown
 * once, since only hashes of their tokens are kept.
 */
function IssuedLinks({ links }: { links: Links }) {
  if (links.length === 0) return null;
  return (
    <div className="rounded-md bg-zinc-50 p-3">
      <p className="mb-2 text-xs text-zinc-600">
        Invitation links (shown once; each works for its address only). Someone who signs up from a link you share
        confirms their address from an email we send.
      </p>
      <ul className="space-y-1.5">
        {links.map((link) => (
          <CopyLink key={link.url} {...link} />
        ))}
      </ul>
    </div>
  );
}

export function InviteForm({ organizationId }: { organizationId: string }) {
  const form = useForm(inviteAction);
  const { failed, state } = form;
  const key = failed ? JSON.stringify(failed.values ?? {}) : JSON.stringify(state);
  return (
    <form action={form.action} className="space-y-4" noValidate key={key}>
      <input type="hidden" name="organizationId" value={organizationId} />
      <FormMessage error={failed?.error} success={form.message.success} />
      {state?.ok && <IssuedLinks links={state.data.links} />}
      <div>
        <label htmlFor="invite-emails" className="block text-sm font-medium text-zinc-900">
          Email addresses
        </label>
        <textarea
          id="invite-emails"
          name="emails"
          rows={3}
          required
          defaultValue={form.value("emails")}
          aria-invalid={failed?.fieldErrors?.emails ? true : undefined}
          aria-describedby="invite-emails-hint"
          placeholder="ada@example.com, ben@example.com"
          className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-zinc-300 focus:ring-2 focus:ring-indigo-600"
        />
        <p id="invite-emails-hint" className="mt-1.5 text-sm text-zinc-500">
          Up to 10 addresses, separated by commas or new lines. People without an account can sign up from the email.
        </p>
      </div>
      <div>
        <label htmlFor="invite-role" className="block text-sm font-medium text-zinc-900">
          Role
        </label>
        <select
          id="invite-role"
          name="role"
          defaultValue={failed?.values?.role || "basic_member"}
          className="mt-1.5 block rounded-md border-0 py-2 pr-8 pl-3 text-sm ring-1 ring-zinc-300"
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      </div>
      <div className="flex items-start gap-2">
        <input
          id="invite-show-links"
          name="showLinks"
          type="checkbox"
          defaultChecked={failed?.values?.showLinks === "on"}
          aria-describedby="invite-show-links-hint"
          className="mt-0.5 size-4 rounded border-zinc-300"
        />
        <div>
          <label htmlFor="invite-show-links" className="text-sm font-medium text-zinc-900">
            Also show me the links, to share them myself
          </label>
          <p id="invite-show-links-hint" className="text-sm text-zinc-500">
            Without it, each link goes only to its address, and opening it confirms the address. A link you see could
            reach anyone, so an account made from it is confirmed by a separate email.
          </p>
        </div>
      </div>
      <SubmitButton pendingLabel="Sending invitations…">Send invitations</SubmitButton>
    </form>
  );
}

export function InvitationActions({
  organizationId,
  invitation,
}: {
  organizationId: string;
  invitation: { id: string; email: string };
}) {
  const [resendState, resend] = useActionState(resendInvitationAction, null);
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        <form action={resend}>
          <input type="hidden" name="organizationId" value={organizationId} />
          <input type="hidden" name="invitationId" value={invitation.id} />
          <SubmitButton variant="secondary" pendingLabel="Resending…">
            Resend
          </SubmitButton>
        </form>
        <ConfirmForm
          action={revokeInvitationAction}
          fields={{ organizationId, invitationId: invitation.id }}
          trigger="Revoke"
          title={`Revoke the invitation to ${invitation.email}?`}
          description="The link in the email stops working. You can invite the address again later."
          submitLabel="Revoke invitation"
          pendingLabel="Revoking…"
        />
      </div>
      {resendState && (
        <div className="w-full max-w-sm text-left">
          <FormMessage
            error={!resendState.ok ? resendState.error : undefined}
            success={resendState.ok ? resendState.message : undefined}
          />
          {resendState.ok && resendState.data.links.length > 0 && (
            <div className="mt-2">
              <IssuedLinks links={resendState.data.links} />
            </div>
          )}
        </div>
      )}
    </div>
  );
}
