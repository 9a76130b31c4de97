"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/server/action-result";
import { withToast } from "./toast-result";

/**
 * A form bound to a server action (useActionState), with the wiring its
 * fields and message share. `fields` lists the fields that take the focus
 * after a refusal, in order: the first one with an error gets it. With
 * `toast`, every answer also shows as a toast (the success message, or the
 * reason of a refusal), wherever the page is scrolled.
 */
export function useForm<T>(
  action: (prev: FormState<T>, formData: FormData) => Promise<FormState<T>>,
  fields: readonly string[] = [],
  options: { toast?: boolean } = {},
) {
  const [state, formAction] = useActionState(options.toast ? withToast(action) : action, null);
  const failed = state && !state.ok ? state : null;
  const firstError = failed ? fields.find((name) => failed.fieldErrors?.[name]) : undefined;
  return {
    state,
    action: formAction,
    /** The refusal, if the last answer was one. */
    failed,
    firstError,
    /** FormMessage's props: a refusal no field carries, and the success message. */
    message: {
      error: failed && !failed.fieldErrors ? failed.error : undefined,
      success: state?.ok ? state.message : undefined,
    },
    /** A Field's name, its error, and the focus when it is the first field to fix. */
    field: (name: string) => ({ name, error: failed?.fieldErrors?.[name], autoFocus: firstError === name }),
    /** A field's value after a refusal (what the action sent back), else `fallback`. */
    value: (name: string, fallback = "") => failed?.values?.[name] ?? fallback,
  };
}
