"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/server/action-result";
import { withToast } from "./toast-result";

/** An answer of the action, with what this browser submitted (kept here: passwords never travel back from the server). */
type Answer<T> = { result: FormState<T>; submitted: Record<string, string>; count: number };

/**
 * A form bound to a server action (useActionState), with the wiring its
 * fields and message share. `fields` lists the fields that take the focus
 * after a refusal, in order: the first one with an error gets it. With
 * `toast`, every answer also shows as a toast (the success message, or the
 * reason of a refusal), wherever the page is scrolled.
 *
 * React resets a form after its action runs. So that a refusal keeps what was
 * typed, the values submitted are kept in this browser's state (never sent
 * back by the server, passwords included) and the form remounts with them
 * after each answer: give the form `key={form.key}` and each field
 * `defaultValue={form.value(name)}`, or `form.secret(name)` for a password,
 * which is kept unless the refusal was about that password itself.
 */
export function useForm<T>(
  action: (prev: FormState<T>, formData: FormData) => Promise<FormState<T>>,
  fields: readonly string[] = [],
  options: { toast?: boolean } = {},
) {
  const run = options.toast ? withToast(action) : action;
  const [answer, formAction] = useActionState<Answer<T> | null, FormData>(
    async (prev, formData) => ({
      result: await run(prev?.result ?? null, formData),
      submitted: textValues(formData),
      count: (prev?.count ?? 0) + 1,
    }),
    null,
  );
  const state = answer?.result ?? null;
  const failed = state && !state.ok ? state : null;
  const firstError = failed ? fields.find((name) => failed.fieldErrors?.[name]) : undefined;
  /** What was typed in `name` before a refusal (else what the action sent back), or undefined. */
  const typed = (name: string) => (failed ? (answer?.submitted[name] ?? failed.values?.[name]) : undefined);
  return {
    state,
    action: formAction,
    /** The refusal, if the last answer was one. */
    failed,
    firstError,
    /** Changes with every answer: the form's key, so it remounts with the values below. */
    key: `answer-${answer?.count ?? 0}`,
    /** FormMessage's props: a refusal no field carries, and the success message. */
    message: {
      error: failed && !failed.fieldErrors ? failed.error : undefined,
      success: state?.ok ? state.message : undefined,
    },
    /** A Field's name, its error, and the focus when it is the first field to fix. */
    field: (name: string) => ({ name, error: failed?.fieldErrors?.[name], autoFocus: firstError === name }),
    /** A field's value after a refusal (what was typed), else `fallback`. */
    value: (name: string, fallback = "") => typed(name) ?? fallback,
    /** A password after a refusal: what was typed, unless the refusal was about this password. */
    secret: (name: string) => (failed?.fieldErrors?.[name] ? "" : (typed(name) ?? "")),
  };
}

function textValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string") values[key] = value;
  return values;
}
