"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { inviteAction, resendInvitationAction, revokeInvitationAction } from "@/app/(app)/orgs/[slug]/settings/actions";
import { ActionButton } from "@/components/ui/action-button";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";
import type { FormState } from "@/lib/server/action-result";

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

export function InviteForm({
  organizationId,
  roles = [
    { key: "org:admin", name: "Admin" },
    { key: "org:member", name: "Member" },
  ],
  defaultRole = "org:member",
}: {
  organizationId: string;
  /** The instance's roles (lib/domain/roles/catalog.ts). */
  roles?: Array<{ key: string; name: string }>;
  /** The instance's default role for invitations. */
  defaultRole?: string;
}) {
  const form = useForm(inviteAction, ["emails"]);
  const { failed, state } = form;
  const key = failed ? JSON.stringify(failed.values ?? {}) : JSON.stringify(state);
  // The address refused is named in the message under the field (the domain writes it), and the field is marked.
  const emailsError = failed?.fieldErrors?.emails;
  return (
    <form action={form.action} className="space-y-4" noValidate key={key}>
      <input type="hidden" name="organizationId" value={organizationId} />
      <FormMessage error={failed && !emailsError ? failed.error : undefined} success={form.message.success} />
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
          autoFocus={Boolean(emailsError)}
          aria-invalid={emailsError ? true : undefined}
          aria-describedby={emailsError ? "invite-emails-error invite-emails-hint" : "invite-emails-hint"}
          placeholder="ada@example.com, ben@example.com"
          className={`mt-1.5 block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 focus:ring-2 ${
            emailsError ? "ring-red-500 focus:ring-red-600" : "ring-zinc-300 focus:ring-indigo-600"
          }`}
        />
        {emailsError && (
          <p id="invite-emails-error" role="alert" className="mt-1.5 text-sm text-red-700">
            {emailsError}
          </p>
        )}
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
          defaultValue={failed?.values?.role || defaultRole}
          className="mt-1.5 block rounded-md border-0 py-2 pr-8 pl-3 text-sm ring-1 ring-zinc-300"
        >
          {roles.map((role) => (
            <option key={role.key} value={role.key}>
              {role.name}
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

/** Answers an action with a toast: its message, or the reason it was refused. */
function toastResult(result: FormState<unknown>): void {
  if (!result) return;
  if (result.ok) toast.success(result.message);
  else toast.error(result.error);
}

export function InvitationActions({
  organizationId,
  organizationName,
  invitation,
}: {
  organizationId: string;
  organizationName: string;
  invitation: { id: string; email: string };
}) {
  const [resending, startResend] = useTransition();
  const fields = { organizationId, invitationId: invitation.id };
  return (
    <div className="flex flex-col items-end gap-2 sm:flex-row sm:flex-wrap sm:justify-end">
      <ActionButton
        variant="secondary"
        pending={resending}
        pendingLabel="Resending…"
        onClick={() =>
          startResend(async () => {
            const data = new FormData();
            for (const [name, value] of Object.entries(fields)) data.set(name, value);
            toastResult(await resendInvitationAction(null, data));
          })
        }
      >
        Resend
      </ActionButton>
      <ConfirmForm
        action={async (previous, data) => {
          // The row goes away with the revocation, so the answer is a toast rather than a line in the row.
          const result = await revokeInvitationAction(previous, data);
          toastResult(result);
          return result;
        }}
        fields={fields}
        trigger="Revoke"
        triggerLabel={`Revoke the invitation to ${invitation.email}`}
        title={`Revoke the invitation to ${invitation.email}?`}
        description={`The link in the email stops working. You can invite the address to ${organizationName} again later.`}
        submitLabel="Revoke invitation"
        pendingLabel="Revoking…"
      />
    </div>
  );
}
