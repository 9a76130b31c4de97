"use client";

import { useId, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { removeLogoAction } from "@/app/(app)/orgs/[slug]/settings/actions";
import { buttonClasses } from "@/components/ui/button-classes";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/server/action-result";
import { LOGO_ACCEPT, LOGO_FORMATS_TEXT, LOGO_MAX_BYTES, LOGO_TOO_LARGE_MESSAGE } from "@/lib/validation/logo";

type Props = { organization: { id: string; name: string; logoUrl: string | null } };

/** The organization's logo, or its initial when it has none. */
export function OrganizationLogo({
  name,
  logoUrl,
  size = "size-16",
}: {
  name: string;
  logoUrl: string | null;
  size?: string;
}) {
  return logoUrl ? (
    // eslint-disable-next-line @next/next/no-img-element -- a small stored image (or an older external URL), not worth next/image
    <img src={logoUrl} alt={`${name} logo`} className={`${size} rounded-lg object-cover ring-1 ring-zinc-200`} />
  ) : (
    <span
      aria-hidden="true"
      className={`${size} flex shrink-0 items-center justify-center rounded-lg bg-indigo-100 text-2xl font-bold text-indigo-700`}
    >
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}

/**
 * Upload (on choosing a file, as Clerk's profile does) and removal of the
 * logo. The upload goes to a route handler of its own (10 MB; server actions
 * take 1 MB), which checks the admin's permission and the bytes again.
 */
export function LogoUpload({ organization }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [uploading, setUploading] = useState(false);
  const [refreshing, startRefresh] = useTransition();
  const busy = uploading || refreshing;

  function refuse(message: string) {
    setError(message);
    toast.error(message);
  }

  async function upload(file: File) {
    setError(undefined);
    if (file.size > LOGO_MAX_BYTES) return refuse(LOGO_TOO_LARGE_MESSAGE);
    setUploading(true);
    try {
      const body = new FormData();
      body.set("file", file);
      const response = await fetch(`/api/orgs/${encodeURIComponent(organization.id)}/logo`, { method: "POST", body });
      const result = (await response.json().catch(() => null)) as FormState<{ logoUrl: string }>;
      if (!result?.ok) return refuse(result?.error ?? "The logo could not be uploaded. Try again.");
      toast.success(result.message ?? "Logo updated.");
      startRefresh(() => router.refresh());
    } catch {
      refuse("The logo could not be uploaded: check your connection and try again.");
    } finally {
      setUploading(false);
      if (input.current) input.current.value = "";
    }
  }

  async function remove(prev: FormState, formData: FormData): Promise<FormState> {
    const result = await removeLogoAction(prev, formData);
    if (result?.ok) {
      setError(undefined);
      toast.success(result.message ?? "Logo removed.");
    }
    return result;
  }

  return (
    <div className="mt-5 flex max-w-lg flex-wrap items-start gap-4">
      <OrganizationLogo name={organization.name} logoUrl={organization.logoUrl} />
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium text-zinc-900">Logo</p>
        <p id={hintId} className="text-sm text-zinc-500">
          {LOGO_FORMATS_TEXT}, up to 10 MB. Square images look best; it is shown at up to 256×256 pixels.
        </p>
        <div className="mt-3 flex flex-wrap gap-2">
          <button
            type="button"
            className={buttonClasses("secondary")}
            aria-describedby={hintId}
            disabled={busy}
            aria-disabled={busy}
            onClick={() => input.current?.click()}
          >
            {busy && (
              <span
                aria-hidden="true"
                className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent"
              />
            )}
            {busy ? "Uploading…" : organization.logoUrl ? "Replace logo" : "Upload logo"}
          </button>
          <input
            ref={input}
            type="file"
            name="file"
            accept={LOGO_ACCEPT}
            hidden
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              if (file) void upload(file);
            }}
          />
          {organization.logoUrl && (
            <ConfirmForm
              action={remove}
              fields={{ organizationId: organization.id }}
              trigger="Remove logo"
              variant="secondary"
              title="Remove the logo?"
              description={`${organization.name} will show its initial instead, here and in the organization switcher.`}
              submitLabel="Remove logo"
              pendingLabel="Removing…"
            />
          )}
        </div>
        <FormMessage error={error} className="mt-3" />
      </div>
    </div>
  );
}
