"use client";

import { toast } from "sonner";
import type { FormState } from "@/lib/server/action-result";

/**
 * Answers a server action's result with a toast: its success message (or
 * `success` when the action has none), or the reason it was refused.
 */
export function toastResult(state: FormState<unknown>, success?: string): void {
  if (!state) return;
  if (state.ok) {
    const message = state.message ?? success;
    if (message) toast.success(message);
  } else {
    toast.error(state.error);
  }
}

/**
 * The action, toasting each answer as it arrives (for useActionState). Not an
 * effect after the render: a success may remove the form with it (a revoked
 * session's row, a banner once the address is verified). An action that
 * redirects leaves its message with lib/server/flash.ts instead.
 */
export function withToast<T>(
  action: (prev: FormState<T>, formData: FormData) => Promise<FormState<T>>,
): (prev: FormState<T>, formData: FormData) => Promise<FormState<T>> {
  return async (prev, formData) => {
    const result = await action(prev, formData);
    toastResult(result);
    return result;
  };
}
