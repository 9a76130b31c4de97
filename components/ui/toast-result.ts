"use client";

import { useEffect } from "react";
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

/** Toasts each new answer of an action (useActionState and useAction give a new object per answer). */
export function useResultToast(state: FormState<unknown>, success?: string): void {
  useEffect(() => {
    toastResult(state, success);
    // Once per answer: a re-render with the same answer must not toast again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);
}
