"use client";

import type { ReactNode } from "react";
import {
  addDomainAction,
  deleteDomainAction,
  sendDomainCodeAction,
  setEnrollmentModeAction,
  verifyDomainCodeAction,
} from "@/app/(app)/orgs/[slug]/settings/domains/actions";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export type DomainView = {
  id: string;
  name: string;
  verified: boolean;
  enrollmentMode: "manual_invitation" | "automatic_invitation" | "automatic_suggestion";
  affiliationEmail: string | null;
  /** A code was sent and still works. */
  codePending: boolean;
  /** Already formatted by the server. */
  codeExpires: string | null;
  pendingInvitations: number;
  pendingSuggestions: number;
};

const MODES = [
  {
    value: "manual_invitation",
    label: "No automatic enrollment",
    hint: "People at the domain join only when an admin invites them.",
  },
  {
    value: "automatic_invitation",
    label: "Automatic invitation",
    hint: "Everyone with a verified address at the domain, now or later, gets an invitation to join as a member.",
  },
  {
    value: "automatic_suggestion",
    label: "Automatic suggestion",
    hint: "Everyone with a verified address at the domain may ask to join; an admin accepts or rejects each request.",
  },
] as const;

/**
 * A form of one field and its button: the button beside the field on a wide screen (level with
 * it, above its hint), under it on a phone; a refusal no field carries goes across the bottom.
 */
function OneFieldForm({
  form,
  fields,
  fieldClassName,
  buttonClassName,
  button,
  children: field,
}: {
  form: { action: (formData: FormData) => void; key: string; message: { error?: string } };
  /** The hidden fields that say what the action applies to. */
  fields: Record<string, string>;
  fieldClassName: string;
  /** Lifts the button level with the field's box while a hint or an error stands under the field. */
  buttonClassName: string;
  button: ReactNode;
  /** The field, in a box of `fieldClassName`. */
  children: ReactNode;
}) {
  return (
    <form action={form.action} key={form.key} className="flex flex-wrap items-end gap-3" noValidate>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className={fieldClassName}>{field}</div>
      <div className={buttonClassName}>{button}</div>
      {form.message.error && (
        <div className="basis-full">
          <FormMessage error={form.message.error} />
        </div>
      )}
    </form>
  );
}

export function AddDomainForm({ organizationId, disabledReason }: { organizationId: string; disabledReason?: string }) {
  const form = useForm(addDomainAction, ["name"], { toast: true });
  return (
    <OneFieldForm
      form={form}
      fields={{ organizationId }}
      fieldClassName="min-w-0 flex-1 basis-64"
      // The hint is always there; on a phone the button goes under it.
      buttonClassName="sm:pb-7"
      button={<SubmitButton pendingLabel="Adding…">Add domain</SubmitButton>}
    >
      <Field
        label="Domain"
        {...form.field("name")}
        placeholder="acme.com"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={253}
        defaultValue={form.value("name")}
        hint={disabledReason ?? "Your company's email domain. Free and disposable email providers are refused."}
      />
    </OneFieldForm>
  );
}

function SendCodeForm({ organizationId, domain }: { organizationId: string; domain: DomainView }) {
  const form = useForm(sendDomainCodeAction, ["affiliationEmail"], { toast: true });
  return (
    <OneFieldForm
      form={form}
      fields={{ organizationId, domainId: domain.id }}
      fieldClassName="min-w-0 flex-1 basis-56"
      buttonClassName={form.failed?.fieldErrors?.affiliationEmail ? "pb-7" : ""}
      button={
        <SubmitButton variant={domain.codePending ? "secondary" : "primary"} pendingLabel="Sending…">
          {domain.codePending ? "Send a new code" : "Send code"}
        </SubmitButton>
      }
    >
      <Field
        label={`Your address at ${domain.name}`}
        {...form.field("affiliationEmail")}
        id={`affiliation-${domain.id}`}
        type="email"
        autoComplete="email"
        placeholder={`you@${domain.name}`}
        defaultValue={form.value("affiliationEmail", domain.affiliationEmail ?? "")}
      />
    </OneFieldForm>
  );
}

function VerifyCodeForm({ organizationId, domain }: { organizationId: string; domain: DomainView }) {
  const form = useForm(verifyDomainCodeAction, ["code"], { toast: true });
  const field = form.field("code");
  return (
    <OneFieldForm
      form={form}
      fields={{ organizationId, domainId: domain.id }}
      fieldClassName="w-44"
      buttonClassName={field.error ? "pb-7" : ""}
      button={<SubmitButton pendingLabel="Verifying…">Verify</SubmitButton>}
    >
      <Field
        label="6-digit code"
        {...field}
        id={`code-${domain.id}`}
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        maxLength={6}
        defaultValue={form.value("code")}
      />
    </OneFieldForm>
  );
}

function EnrollmentForm({ organizationId, domain }: { organizationId: string; domain: DomainView }) {
  const form = useForm(setEnrollmentModeAction, [], { toast: true });
  return (
    <form action={form.action} key={`${form.key}-${domain.enrollmentMode}`} className="space-y-3">
      <input type="hidden" name="organizationId" value={organizationId} />
      <input type="hidden" name="domainId" value={domain.id} />
      <fieldset>
        <legend className="text-sm font-medium text-zinc-900">How people from {domain.name} join</legend>
        <div className="mt-2 space-y-2">
          {MODES.map((mode) => (
            <label key={mode.value} className="flex items-start gap-3 rounded-md p-2 ring-1 ring-zinc-200">
              <input
                type="radio"
                name="enrollmentMode"
                value={mode.value}
                defaultChecked={domain.enrollmentMode === mode.value}
                className="mt-1 size-4 accent-indigo-600"
              />
              <span className="min-w-0">
                <span className="block text-sm font-medium text-zinc-900">{mode.label}</span>
                <span className="block text-sm text-zinc-600">{mode.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <FormMessage error={form.message.error} />
      <p className="text-xs text-zinc-600">
        Changing it withdraws the pending automatic invitations and suggestions of the old mode; requests already made
        stay for you to decide.
      </p>
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Save enrollment mode
      </SubmitButton>
    </form>
  );
}

export function DomainCard({ organizationId, domain }: { organizationId: string; domain: DomainView }) {
  const headingId = `domain-${domain.id}`;
  return (
    <li>
      <section aria-labelledby={headingId} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-zinc-200 sm:p-6">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h3 id={headingId} className="flex flex-wrap items-center gap-2 text-base font-semibold text-zinc-900">
              <span className="break-all">{domain.name}</span>
              {domain.verified ? (
                <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200">
                  Verified
                </span>
              ) : (
                <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-200">
                  Not verified
                </span>
              )}
            </h3>
            {domain.verified ? (
              <p className="mt-1 text-sm text-zinc-600">
                {domain.pendingInvitations} pending automatic{" "}
                {domain.pendingInvitations === 1 ? "invitation" : "invitations"} · {domain.pendingSuggestions} pending{" "}
                {domain.pendingSuggestions === 1 ? "suggestion" : "suggestions"}
                {domain.affiliationEmail ? ` · verified with ${domain.affiliationEmail}` : ""}
              </p>
            ) : (
              <p className="mt-1 text-sm text-zinc-600">
                Prove {domain.name} is yours: we email a 6-digit code to an address there. Until then, nobody is invited
                or suggested.
              </p>
            )}
          </div>
          <ConfirmForm
            action={deleteDomainAction}
            fields={{ organizationId, domainId: domain.id }}
            trigger="Delete"
            triggerLabel={`Delete ${domain.name}`}
            variant="secondary"
            title={`Delete ${domain.name}?`}
            description={
              <>
                People at {domain.name} will no longer be invited or suggested. Its pending automatic invitations and
                suggestions are withdrawn; requests already made stay for you to decide. Members stay members.
              </>
            }
            submitLabel="Delete domain"
            pendingLabel="Deleting…"
            toast
          />
        </div>
        <div className="mt-4 space-y-4">
          {domain.verified ? (
            <EnrollmentForm organizationId={organizationId} domain={domain} />
          ) : (
            <>
              <SendCodeForm organizationId={organizationId} domain={domain} />
              {domain.codePending && (
                <div className="space-y-2">
                  <p className="text-sm text-zinc-700">
                    We sent a code to {domain.affiliationEmail}. It works until {domain.codeExpires}, for 5 tries.
                  </p>
                  <VerifyCodeForm organizationId={organizationId} domain={domain} />
                </div>
              )}
            </>
          )}
        </div>
      </section>
    </li>
  );
}
