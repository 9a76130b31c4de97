import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { email } = await searchParams;
  return (
    <AuthCard
      title="Reset your password"
      subtitle="Enter the email address of your account. We will email you a link to choose a new password."
    >
      <ForgotPasswordForm defaultEmail={typeof email === "string" ? email : undefined} />
    </AuthCard>
  );
}
