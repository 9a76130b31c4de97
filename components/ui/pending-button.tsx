import type { ReactNode } from "react";
import { buttonClasses, type ButtonVariant } from "./button-classes";

/** What SubmitButton and ActionButton take alike: the label, the label while the action runs, the look. */
export type PendingButtonProps = {
  children: ReactNode;
  pendingLabel: string;
  variant?: ButtonVariant;
  className?: string;
};

/** A button that, while its action runs, shows a spinner and its pending label and refuses further clicks. */
export function PendingButton({
  type,
  pending,
  onClick,
  children,
  pendingLabel,
  variant = "primary",
  className = "",
}: PendingButtonProps & { type: "submit" | "button"; pending: boolean; onClick?: () => void }) {
  return (
    <button
      type={type}
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
