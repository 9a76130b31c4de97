import type { ReactNode } from "react";
import { FormMessage } from "./form-message";
import type { useForm } from "./use-form";

/**
 * The form of a useForm: it posts to the action without the browser's own
 * validation (the answer names the fields to fix), remounts with every answer
 * (`form.key`, so the fields show again what was typed) and shows the
 * form-level message above its fields.
 */
export function ActionForm({
  form,
  message = form.message,
  className,
  children,
}: {
  form: Pick<ReturnType<typeof useForm>, "action" | "key" | "message">;
  /** Shown instead of the form's own message (the sign-in form shows every refusal, or a notice). */
  message?: { error?: string; success?: string };
  className: string;
  children: ReactNode;
}) {
  return (
    <form action={form.action} className={className} noValidate key={form.key}>
      <FormMessage {...message} />
      {children}
    </form>
  );
}
