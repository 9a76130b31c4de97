import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { LinkConfirmForm } from "@/components/auth/link-confirm-form";
import { LinkNotice } from "@/components/auth/link-notice";
import { db } from "@/lib/server/database";
import { inspectAccountToken } from "@/lib/domain/account-tokens";
import { getCurrentUser } from "@/lib/server/session";
import { confirmEmailChangeAction } from "./actions";

export const metadata: Metadata = { title: "Confirm your new email", referrer: "no-referrer" };

export default async function ConfirmEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [link, user] = await Promise.all([inspectAccountToken(db, "email_change", token), getCurrentUser()]);
  const next = user ? { href: "/account", label: "Go to your account" } : { href: "/sign-in", label: "Sign in" };
  if (link.state !== "valid") return <LinkNotice state={link.state} again={next} />;
  return (
    <AuthCard
      title="Confirm your new email"
      subtitle={
        <>
          Change the email address of your account from{" "}
          <strong className="font-semibold text-zinc-900">{link.email}</strong> to{" "}
          <strong className="font-semibold text-zinc-900">{link.newEmail}</strong>.
        </>
      }
    >
      <LinkConfirmForm
        action={confirmEmailChangeAction}
        token={token}
        label="Use this email address"
        pendingLabel="Changing…"
      />
    </AuthCard>
  );
}
