import Link from "next/link";
import { getCurrentUser } from "@/lib/server/session";
import { ResendVerificationButton } from "./resend-verification-button";

/** Shown on every page to a signed-in person whose address is not verified yet. */
export async function VerifyEmailBanner() {
  const user = await getCurrentUser();
  if (!user || user.emailVerified) return null;
  return (
    <section aria-label="Email verification" className="border-b border-amber-200 bg-amber-50">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm text-amber-900 sm:px-6">
        <p>
          <strong className="font-semibold">Verify your email address.</strong> We sent a link to {user.email}; open it
          to confirm the address is yours.
          {/* Development sends no real email: every message waits in the development mailbox. */}
          {process.env.NODE_ENV !== "production" && (
            <>
              {" "}
              <Link
                href={`/dev/mailbox?to=${encodeURIComponent(user.email)}`}
                className="font-semibold underline hover:text-amber-950"
              >
                Open the development mailbox
              </Link>
            </>
          )}
        </p>
        <ResendVerificationButton />
      </div>
    </section>
  );
}
