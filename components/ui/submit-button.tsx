"use client";

import { useFormStatus } from "react-dom";
import { PendingButton, type PendingButtonProps } from "./pending-button";

/** A submit button that shows its pending label and refuses double submits while the action runs. */
export function SubmitButton(props: PendingButtonProps) {
  const { pending } = useFormStatus();
  return <PendingButton type="submit" pending={pending} {...props} />;
}
