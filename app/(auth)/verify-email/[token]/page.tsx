import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { LinkConfirmForm } from "@/components/auth/link-confirm-form";
import { LinkNotice } from "@/components/auth/link-notice";
import { db } from "@/lib/server/database";
import { inspectAccountToken } from "@/lib/domain/account-tokens";
import { getCurrentUser } from "@/lib/server/session";
import { verifyEmailAction } from "./actions";

export const metadata: Metadata = { title: "Verify your email", referrer: "no-referrer" };

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [link, user] = await Promise.all([inspectAccountToken(db, "email_verification", token), getCurrentUser()]);
  const next = user
    ? { href: "/orgs", label: "Continue to your organizations" }
    : { href: "/sign-in", label: "Sign in" };
  if (link.state !== "valid") {
    return <LinkNotice state={link.state} again={user ? { href: "/account", label: "Go to your account" } : next} />;
  }
  return (
    <AuthCard
      title="Verify your email"
      subtitle={
        <>
          Confirm that <strong className="font-semibold text-zinc-900">{link.email}</strong> is your address.
        </>
      }
    >
      <LinkConfirmForm
        action={verifyEmailAction}
        token={token}
        label="Verify email address"
        pendingLabel="Verifying…"
      />
    </AuthCard>
  );
}
