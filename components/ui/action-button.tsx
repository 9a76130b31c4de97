"use client";

import { PendingButton, type PendingButtonProps } from "./pending-button";

/** A button that runs an action, with a pending label while it runs. */
export function ActionButton(props: PendingButtonProps & { pending: boolean; onClick: () => void }) {
  return <PendingButton type="button" {...props} />;
}
