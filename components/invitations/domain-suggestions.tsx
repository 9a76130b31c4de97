"use client";

import { useActionState } from "react";
import { toast } from "sonner";
import { dismissSuggestionAction, requestToJoinAction } from "@/app/(app)/orgs/actions";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/server/action-result";

type FormAction = (prev: FormState, formData: FormData) => Promise<FormState>;

export type SuggestionView = {
  id: string;
  organizationName: string;
  logoUrl: string | null;
  domainName: string;
  /** The person already asked; an admin decides. */
  requested: boolean;
};

/** "Acme uses your domain": organizations whose verified domain the person's verified address is at. */
export function DomainSuggestions({ suggestions }: { suggestions: SuggestionView[] }) {
  return (
    <ul className="divide-y divide-zinc-200 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-zinc-200">
      {suggestions.map((suggestion) => (
        <SuggestionRow key={suggestion.id} suggestion={suggestion} />
      ))}
    </ul>
  );
}

function useToastedAction(action: FormAction) {
  return useActionState(async (prev: FormState, formData: FormData) => {
    const result = await action(prev, formData);
    if (result && !result.ok) toast.error(result.error);
    else if (result?.ok && result.message) toast.success(result.message);
    return result;
  }, null);
}

function SuggestionRow({ suggestion }: { suggestion: SuggestionView }) {
  const [requestState, request] = useToastedAction(requestToJoinAction);
  const [dismissState, dismiss] = useToastedAction(dismissSuggestionAction);
  const error =
    (requestState && !requestState.ok && requestState.error) ||
    (dismissState && !dismissState.ok && dismissState.error) ||
    undefined;
  const name = suggestion.organizationName;
  return (
    <li className="px-5 py-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-3">
        {suggestion.logoUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- logos are arbitrary URLs
          <img
            src={suggestion.logoUrl}
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
          <p className="truncate text-sm font-semibold text-zinc-900">{name} uses your domain</p>
          <p className="text-sm text-zinc-500">
            {suggestion.requested
              ? `Request sent: an admin of ${name} decides.`
              : `${name} verified ${suggestion.domainName}. Ask to join; an admin decides.`}
          </p>
        </div>
        {!suggestion.requested && (
          <div className="flex shrink-0 gap-2">
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
          </div>
        )}
      </div>
      {error && (
        <div className="mt-3">
          <FormMessage error={error} />
        </div>
      )}
    </li>
  );
}
