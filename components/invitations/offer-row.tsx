"use client";

// What an invitation and a domain suggestion share on /orgs and in the switcher: a list of
// organizations offering a way in, each row with its logo (or initial), two lines of text, its
// buttons, and the refusal of the last action under them.
import { useActionState, type ReactNode } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { withToast } from "@/components/ui/toast-result";
import type { FormState } from "@/lib/server/action-result";

type FormAction = (prev: FormState, formData: FormData) => Promise<FormState>;

/** The list of offers: its children are InvitationRow or SuggestionRow elements. */
export function OfferList({ children }: { children: ReactNode }) {
  return (
    <ul className="divide-y divide-zinc-200 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-zinc-200">
      {children}
    </ul>
  );
}

/**
 * An action whose answer is also a toast (withToast: toasted as the answer arrives, not from an
 * effect; a declined invitation's row is gone by the time it renders).
 */
export function useToastedAction(action: FormAction) {
  return useActionState(withToast(action), null);
}

/** The first refusal among the row's actions' answers, if any. */
export function refusalOf(...states: FormState[]): string | undefined {
  for (const state of states) if (state && !state.ok) return state.error;
  return undefined;
}

export function OfferRow({
  organizationName,
  logoUrl,
  title,
  detail,
  actions,
  error,
}: {
  organizationName: string;
  logoUrl: string | null;
  title: ReactNode;
  detail: ReactNode;
  /** The row's buttons (forms); none once nothing is left to do. */
  actions?: ReactNode;
  error?: string;
}) {
  return (
    <li className="px-5 py-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-3">
        {logoUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- logos are arbitrary URLs
          <img src={logoUrl} alt="" className="size-10 shrink-0 rounded-lg object-cover ring-1 ring-zinc-200" />
        ) : (
          <span
            aria-hidden="true"
            className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-indigo-100 text-base font-bold text-indigo-700"
          >
            {organizationName.slice(0, 1).toUpperCase()}
          </span>
        )}
        <div className="min-w-0 flex-1 basis-48">
          <p className="truncate text-sm font-semibold text-zinc-900">{title}</p>
          <p className="text-sm text-zinc-500">{detail}</p>
        </div>
        {actions && <div className="flex shrink-0 gap-2">{actions}</div>}
      </div>
      <FormMessage error={error} className="mt-3" />
    </li>
  );
}
