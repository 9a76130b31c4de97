"use client";

import { Dialog } from "radix-ui";
import { useState, type ReactNode } from "react";
import { buttonClasses } from "./button-classes";
import { useHydrated } from "./use-hydrated";

/**
 * A button that opens a modal dialog (radix-ui Dialog) asking for
 * confirmation. The dialog's content (usually a form whose submit does the
 * destructive thing) is passed as children. It opens with the focus on
 * Cancel (so Enter never confirms by accident), traps the focus, closes on
 * Escape and gives the focus back to its button. It is only rendered while
 * open, so a long list of rows does not carry a dialog each.
 */
export function ConfirmDialog({
  trigger,
  triggerLabel,
  title,
  description,
  children,
  variant = "danger",
  open: controlledOpen,
  onOpenChange,
  triggerDisabled,
}: {
  /** The button that opens the dialog; leave it out to open the dialog from elsewhere (a menu item) with `open`. */
  trigger?: string;
  /** The trigger's accessible name when several alike share a page ("Sign out this session on Firefox"). */
  triggerLabel?: string;
  title: string;
  description: ReactNode;
  children: ReactNode;
  variant?: "danger" | "secondary";
  /** Controlled use: whether the dialog is open (with onOpenChange), e.g. to close it after the action succeeded. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Disables the trigger (say why beside it: the server still checks). */
  triggerDisabled?: boolean;
}) {
  const [uncontrolledOpen, setUncontrolledOpen] = useState(false);
  const open = controlledOpen ?? uncontrolledOpen;
  const setOpen = (next: boolean) => {
    if (controlledOpen === undefined) setUncontrolledOpen(next);
    onOpenChange?.(next);
  };
  // A closed dialog is only its button until the browser takes over: lists carry one per row (use-hydrated.ts).
  if (!useHydrated() && !open) {
    return trigger === undefined ? null : (
      <button
        type="button"
        aria-haspopup="dialog"
        aria-expanded="false"
        className={buttonClasses(variant)}
        aria-label={triggerLabel}
        disabled={triggerDisabled}
        aria-disabled={triggerDisabled || undefined}
      >
        {trigger}
      </button>
    );
  }
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      {trigger !== undefined && (
        <Dialog.Trigger
          className={buttonClasses(variant)}
          aria-label={triggerLabel}
          disabled={triggerDisabled}
          aria-disabled={triggerDisabled || undefined}
        >
          {trigger}
        </Dialog.Trigger>
      )}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-zinc-900/50" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl focus:outline-none">
          <Dialog.Title className="text-lg font-semibold text-zinc-900">{title}</Dialog.Title>
          <Dialog.Description asChild>
            <div className="mt-2 text-sm text-zinc-600">{description}</div>
          </Dialog.Description>
          <div className="mt-6">{children}</div>
          <Dialog.Close asChild>
            {/* Radix's focus scope keeps a focus already inside the dialog: it opens on Cancel, so Enter never confirms by accident. */}
            <button type="button" autoFocus className={buttonClasses("secondary", "mt-3 w-full")}>
              Cancel
            </button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
