"use client";

import { useState, useTransition } from "react";
import type { FormState } from "@/lib/server/action-result";
import { toastResult } from "./toast-result";

/**
 * Calls a server action from a button instead of a form: no per-form hidden
 * fields, which matters in long tables with a few controls on every row.
 * With `toast`, every answer also shows as a toast (success or refusal).
 */
export function useAction<T>(
  action: (prev: FormState<T>, formData: FormData) => Promise<FormState<T>>,
  options: { toast?: boolean } = {},
) {
  const [state, setState] = useState<FormState<T>>(null);
  const [pending, startTransition] = useTransition();
  const run = (fields: Record<string, string>) =>
    startTransition(async () => {
      const formData = new FormData();
      for (const [key, value] of Object.entries(fields)) formData.set(key, value);
      const result = await action(null, formData);
      // Toasted as the answer arrives: a success may remove the row this hook lives in.
      if (options.toast) toastResult(result);
      setState(result);
    });
  return [state, run, pending] as const;
}
