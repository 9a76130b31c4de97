import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { redirectSignedIn } from "../signed-out";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { callbackUrl } = await redirectSignedIn(searchParams);
  return (
    <AuthCard title="Create your account" subtitle="One account for every organization you belong to.">
      <SignUpForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
