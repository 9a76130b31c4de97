import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { switchAccountAction } from "./actions";
import { AuthCard, AuthFooterLink } from "@/components/auth/auth-card";
import { AcceptOrDecline, JoinWithSignUpForm } from "@/components/invitations/invitation-responses";
import { buttonClasses } from "@/components/ui/button-classes";
import { SubmitButton } from "@/components/ui/submit-button";
import { ADMIN_ROLE, MEMBER_ROLE, roleLabel } from "@/lib/authz";
import { db } from "@/lib/server/database";
import { viewInvitation } from "@/lib/domain/invitations/invitee";
import { getCurrentUser } from "@/lib/server/session";

export const metadata: Metadata = { title: "Invitation" };

function Notice({ title, children }: { title: string; children: ReactNode }) {
  return (
    <AuthCard title={title}>
      <div className="space-y-6 text-sm text-zinc-600">{children}</div>
    </AuthCard>
  );
}

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [view, user] = await Promise.all([viewInvitation(db, token), getCurrentUser()]);

  if (!view) {
    return (
      <Notice title="This invitation link is not valid">
        <p>
          The link may be incomplete or mistyped. Open it again from the email, or ask an admin of the organization to
          send a new invitation.
        </p>
        <Link href="/" className={buttonClasses("secondary")}>
          Go to the home page
        </Link>
      </Notice>
    );
  }

  const { invitation, organization } = view;
  const here = `/invitations/${token}`;
  const status = invitation.status;
  if (status !== "pending") {
    const isMember = status === "accepted" && user?.email === invitation.email;
    const copy = {
      accepted: { title: "This invitation has already been used", body: "It was accepted, and each link works once." },
      revoked: {
        title: "This invitation was revoked",
        body: "It no longer works. Ask an admin of the organization for a new one.",
      },
      expired: { title: "This invitation has expired", body: "Ask an admin of the organization to resend it." },
    }[status];
    return (
      <Notice title={copy.title}>
        <p>{copy.body}</p>
        {isMember ? (
          <Link href={`/orgs/${organization.slug}`} className={buttonClasses("primary")}>
            Go to {organization.name}
          </Link>
        ) : (
          <Link href="/" className={buttonClasses("secondary")}>
            Go to the home page
          </Link>
        )}
      </Notice>
    );
  }

  const expires = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(invitation.expiresAt);
  const summary = (
    <p>
      {invitation.inviterName ?? "An admin"} invited <strong className="text-zinc-900">{invitation.email}</strong> to
      join <strong className="text-zinc-900">{organization.name}</strong> as{" "}
      {invitation.role === ADMIN_ROLE
        ? "an admin"
        : invitation.role === MEMBER_ROLE
          ? "a member"
          : `“${roleLabel(invitation.role)}”`}
      . The invitation expires on {expires}.
    </p>
  );

  if (user && user.email === invitation.email) {
    return (
      <Notice title={`Join ${organization.name}`}>
        {summary}
        <AcceptOrDecline token={token} organizationName={organization.name} />
      </Notice>
    );
  }

  if (user) {
    return (
      <Notice title="This invitation is for another account">
        {summary}
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
          You are signed in as {user.email}, but this invitation is for {invitation.email}.
        </p>
        <form action={switchAccountAction}>
          <input type="hidden" name="token" value={token} />
          <SubmitButton pendingLabel="Signing out…">Sign out and continue as {invitation.email}</SubmitButton>
        </form>
      </Notice>
    );
  }

  if (view.accountExists) {
    return (
      <Notice title={`Join ${organization.name}`}>
        {summary}
        <p>You already have an account with this address. Sign in to accept.</p>
        <Link
          href={`/sign-in?callbackUrl=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`}
          className={buttonClasses("primary")}
        >
          Sign in to accept
        </Link>
      </Notice>
    );
  }

  return (
    <AuthCard title={`Join ${organization.name}`} subtitle={summary}>
      <JoinWithSignUpForm token={token} email={invitation.email} organizationName={organization.name} />
      <AuthFooterLink
        question="Have an account with another address?"
        href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`}
        className="mt-6"
      >
        Sign in
      </AuthFooterLink>
    </AuthCard>
  );
}
