import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { buttonClasses } from "@/components/ui/button-classes";

export const metadata: Metadata = { title: "Account deleted" };

export default function AccountDeletedPage() {
  return (
    <AuthCard title="Your account was deleted">
      <div className="space-y-6 text-sm text-zinc-600">
        <p>
          Your account, your memberships and the organizations where you were the only member are gone. We sent a last
          email to confirm it. Thank you for using Orgs.
        </p>
        <Link href="/" className={buttonClasses("secondary")}>
          Go to the home page
        </Link>
      </div>
    </AuthCard>
  );
}
