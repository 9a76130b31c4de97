import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { LinkConfirmForm } from "@/components/auth/link-confirm-form";
import { LinkNotice } from "@/components/auth/link-notice";
import { buttonClasses } from "@/components/ui/button-classes";
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
  if (link.state === "used") {
    // A verification link is used up by verifying: a second visit has nothing left to do.
    const again = user ? { href: "/account", label: "Go to your account" } : next;
    return (
      <AuthCard title="Your email address is verified">
        <div className="space-y-6 text-sm text-zinc-600">
          <p>This link was already used to verify the address it was sent to. Each link in our emails works once.</p>
          <Link href={again.href} className={buttonClasses("primary")}>
            {again.label}
          </Link>
        </div>
      </AuthCard>
    );
  }
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
