import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { LinkNotice } from "@/components/auth/link-notice";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { db } from "@/lib/server/database";
import { inspectAccountToken } from "@/lib/domain/account-tokens";

// The token is in the path: keep it out of the Referer of anything the page loads or links to.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await inspectAccountToken(db, "password_reset", token);
  if (link.state !== "valid") {
    return <LinkNotice state={link.state} again={{ href: "/forgot-password", label: "Ask for a new reset email" }} />;
  }
  return (
    <AuthCard
      title="Choose a new password"
      subtitle={
        <>
          For <strong className="font-semibold text-zinc-900">{link.email}</strong>. Setting it signs this account out
          everywhere.
        </>
      }
    >
      <ResetPasswordForm token={token} email={link.email} />
    </AuthCard>
  );
}
