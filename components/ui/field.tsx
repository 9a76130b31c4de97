import type { InputHTMLAttributes } from "react";

type FieldProps = {
  label: string;
  name: string;
  error?: string;
  hint?: string;
} & InputHTMLAttributes<HTMLInputElement>;

/** A labelled input whose error is announced and tied to it with aria-describedby. */
export function Field({ label, name, error, hint, id: givenId, ...input }: FieldProps) {
  // A page with the same field in several forms names each one's id.
  const id = givenId ?? `field-${name}`;
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-900">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`mt-1.5 block w-full rounded-md border-0 px-3 py-2 text-zinc-900 shadow-sm ring-1 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-inset sm:text-sm ${
          error ? "ring-red-400 focus:ring-red-500" : "ring-zinc-300 focus:ring-indigo-600"
        } read-only:bg-zinc-50 read-only:text-zinc-600`}
        {...input}
      />
      {hint && !error && (
        <p id={`${id}-hint`} className="mt-1.5 text-sm text-zinc-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1.5 text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

/** A Field whose kind gives it a label unless the form names it otherwise. */
type KnownFieldProps = Omit<FieldProps, "label"> & { label?: string };

/** A required email address (the browser offers the person's own unless autoComplete says otherwise). */
export function EmailField({ label = "Email", ...field }: KnownFieldProps) {
  return <Field label={label} type="email" autoComplete="email" required {...field} />;
}

/** The password of the account as it is now (to sign in, or to confirm a change), filled in by password managers. */
export function CurrentPasswordField({ label = "Password", ...field }: KnownFieldProps) {
  return <Field label={label} type="password" autoComplete="current-password" required {...field} />;
}

/** The password field of every form that sets a password: one place for its rules and hint. */
export function NewPasswordField({
  error,
  autoFocus,
  label = "Password",
  name = "password",
  defaultValue,
}: {
  error?: string;
  autoFocus?: boolean;
  label?: string;
  name?: string;
  /** What was typed before a refusal that was not about this password (useForm's `secret`). */
  defaultValue?: string;
}) {
  return (
    <Field
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      autoFocus={autoFocus}
      required
      minLength={8}
      hint="At least 8 characters."
      error={error}
      defaultValue={defaultValue}
    />
  );
}
