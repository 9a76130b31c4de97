import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { redirectSignedIn } from "../signed-out";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  "password-reset":
    "Your password was changed and every session of the account was signed out. Sign in with the new password.",
  "signed-out-everywhere": "You were signed out on every device and browser.",
  "email-verified": "Your email address is verified. Sign in to continue.",
  "email-changed": "Your email address was changed. Sign in with the new one.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { params, callbackUrl } = await redirectSignedIn(searchParams);
  const email = typeof params.email === "string" ? params.email : undefined;
  return (
    <AuthCard title="Sign in to Orgs" subtitle="Welcome back. Use the email and password you signed up with.">
      <SignInForm
        callbackUrl={callbackUrl}
        defaultEmail={email}
        notice={typeof params.notice === "string" ? NOTICES[params.notice] : undefined}
      />
    </AuthCard>
  );
}
