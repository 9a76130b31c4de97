"use client";

import type { ReactNode } from "react";
import { buttonClasses, type ButtonVariant } from "./button-classes";

/** A button that runs an action, with a pending label while it runs. */
export function ActionButton({
  children,
  pending,
  pendingLabel,
  onClick,
  variant = "primary",
  className = "",
}: {
  children: ReactNode;
  pending: boolean;
  pendingLabel: string;
  onClick: () => void;
  variant?: ButtonVariant;
  className?: string;
}) {
  return (
    <button
      type="button"
      disabled={pending}
      aria-disabled={pending}
      onClick={onClick}
      className={buttonClasses(variant, className)}
    >
      {pending && (
        <span
          aria-hidden="true"
          className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent"
        />
      )}
      {pending ? pendingLabel : children}
    </button>
  );
}
