import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { buttonClasses } from "@/components/ui/button-classes";
import type { TokenState } from "@/lib/domain/account-tokens";

const COPY = {
  used: { title: "This link has already been used", body: "Each link in our emails works once." },
  expired: { title: "This link has expired", body: "Links in our emails work for a limited time." },
  invalid: { title: "This link is not valid", body: "It may be incomplete or mistyped. Open it again from the email." },
} as const;

/** What a page at an emailed link shows when the link cannot be used, with the way forward. */
export function LinkNotice({
  state,
  again,
}: {
  state: Exclude<TokenState["state"], "valid">;
  again: { href: string; label: string };
}) {
  const copy = COPY[state];
  return (
    <AuthCard title={copy.title}>
      <div className="space-y-6 text-sm text-zinc-600">
        <p>{copy.body}</p>
        <Link href={again.href} className={buttonClasses("primary")}>
          {again.label}
        </Link>
      </div>
    </AuthCard>
  );
}
