"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { buttonClasses } from "./button-classes";

/**
 * A button that opens a modal <dialog> asking for confirmation. The dialog's
 * content (usually a form whose submit does the destructive thing) is passed
 * as children; the native dialog traps focus and closes on Escape. It is only
 * rendered while open, so a long list of rows does not carry a dialog each.
 */
export function ConfirmDialog({
  trigger,
  triggerLabel,
  title,
  description,
  children,
  variant = "danger",
  open: openProp,
  onOpenChange,
}: {
  /** The button that opens the dialog; leave it out to open the dialog from elsewhere (a menu item) with `open`. */
  trigger?: string;
  /** The trigger's accessible name when several alike share a page ("Sign out this session on Firefox"). */
  triggerLabel?: string;
  title: string;
  description: ReactNode;
  children: ReactNode;
  variant?: "danger" | "secondary";
  /** Controlled opening, for a dialog opened from elsewhere than its trigger. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [ownOpen, setOwnOpen] = useState(false);
  const open = openProp ?? ownOpen;
  const setOpen = (next: boolean) => {
    setOwnOpen(next);
    onOpenChange?.(next);
  };
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
  }, [open]);
  return (
    <>
      {trigger !== undefined && (
        <button
          type="button"
          className={buttonClasses(variant)}
          aria-haspopup="dialog"
          aria-label={triggerLabel}
          onClick={() => setOpen(true)}
        >
          {trigger}
        </button>
      )}
      {open && (
        <dialog
          ref={dialog}
          aria-labelledby={titleId}
          onClose={() => setOpen(false)}
          className="m-auto w-full max-w-md rounded-xl p-0 shadow-xl backdrop:bg-zinc-900/50"
        >
          <div className="p-6">
            <h2 id={titleId} className="text-lg font-semibold text-zinc-900">
              {title}
            </h2>
            <div className="mt-2 text-sm text-zinc-600">{description}</div>
            <div className="mt-6">{children}</div>
            <button
              type="button"
              className={buttonClasses("secondary", "mt-3 w-full")}
              onClick={() => dialog.current?.close()}
            >
              Cancel
            </button>
          </div>
        </dialog>
      )}
    </>
  );
}
