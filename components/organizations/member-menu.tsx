"use client";

// A roster row's "⋯" menu.
import { useState, useTransition } from "react";
import { DropdownMenu } from "radix-ui";
import { toast } from "sonner";
import { removeMemberAction } from "@/app/(app)/orgs/[slug]/settings/actions";
import { ActionButton } from "@/components/ui/action-button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form-message";
import { formData, menuTriggerLookAlike, ONLY_ADMIN_REASON, type Member } from "./member-role-select";

/**
 * The row's "⋯" menu: Remove (with a confirmation), or, for the only admin, the reason it is not
 * offered. Mounted once the page is hydrated; the server sends rowMenuLookAlike.
 */
export function MemberMenu({
  organizationId,
  organizationName,
  member,
  isSelf,
  onlyAdminReasonId,
}: {
  organizationId: string;
  organizationName: string;
  member: Member;
  isSelf: boolean;
  onlyAdminReasonId: string | null;
}) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const [removing, startTransition] = useTransition();
  const removeLabel = isSelf ? "Remove myself" : "Remove";
  const remove = () =>
    startTransition(async () => {
      const result = await removeMemberAction(null, formData({ organizationId, userId: member.userId }));
      if (!result) return;
      if (result.ok) {
        setConfirming(false);
        toast.success(result.message);
      } else {
        setError(result.error);
        toast.error(result.error);
      }
    });
  const who = isSelf ? "yourself" : member.name;
  return (
    <>
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger aria-label={`Actions for ${member.name}`} className="row-menu-trigger">
          ⋯
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-50 max-w-[calc(100vw-2rem)] min-w-44 rounded-md bg-white p-1 text-sm shadow-lg ring-1 ring-zinc-200"
          >
            <DropdownMenu.Item
              disabled={onlyAdminReasonId !== null}
              aria-describedby={onlyAdminReasonId ? `${onlyAdminReasonId}-menu` : undefined}
              onSelect={() => {
                setError(undefined);
                setConfirming(true);
              }}
              className="cursor-default rounded px-2.5 py-1.5 text-red-700 outline-none data-disabled:text-zinc-400 data-highlighted:bg-red-50"
            >
              {removeLabel}
            </DropdownMenu.Item>
            {onlyAdminReasonId && (
              <p id={`${onlyAdminReasonId}-menu`} className="max-w-56 px-2.5 pb-1.5 text-xs text-zinc-600">
                {ONLY_ADMIN_REASON}
              </p>
            )}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={isSelf ? `Remove yourself from ${organizationName}?` : `Remove ${member.name}?`}
        description={
          isSelf
            ? `You will lose access to ${organizationName} until someone invites you again.`
            : `${member.name} (${member.email}) will lose access to ${organizationName}.`
        }
      >
        <div className="space-y-3 text-left">
          <FormMessage error={error} />
          <ActionButton
            variant="danger"
            pending={removing}
            pendingLabel="Removing…"
            className="w-full"
            onClick={remove}
          >
            Remove {who}
          </ActionButton>
        </div>
      </ConfirmDialog>
    </>
  );
}

/** The "⋯" button before hydration (MemberMenu mounts after it). Its name is the label, not the "⋯". */
export function rowMenuLookAlike(member: Member) {
  return menuTriggerLookAlike(`Actions for ${member.name}`, "row-menu-trigger", "⋯");
}
