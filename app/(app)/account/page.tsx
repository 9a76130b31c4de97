import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ChangeEmailForm } from "@/components/account/change-email-form";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { DeleteAccountForm } from "@/components/account/delete-account-form";
import { ProfileForm } from "@/components/account/profile-form";
import { RevokeSessionForm } from "@/components/account/revoke-session-form";
import { SignOutEverywhereForm } from "@/components/account/sign-out-everywhere-form";
import { FormMessage } from "@/components/ui/form-message";
import { VerifiedBadge } from "@/components/ui/verified-badge";
import { db } from "@/lib/server/database";
import { accountDeletionBlockers } from "@/lib/domain/delete-account";
import { lastAdminMessage } from "@/lib/domain/memberships/admins";
import { getPendingEmailChange } from "@/lib/domain/profile";
import { listSessions } from "@/lib/domain/sessions";
import { getSessionClaims, requireUser } from "@/lib/server/session";
import { describeUserAgent } from "@/lib/user-agent";

export const metadata: Metadata = { title: "Your account" };

function Section({
  id,
  title,
  description,
  danger,
  children,
}: {
  id: string;
  title: string;
  description: ReactNode;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${id}-heading`}
      className={`rounded-xl bg-white p-6 shadow-sm ring-1 ${danger ? "ring-red-200" : "ring-zinc-200"}`}
    >
      <h2 id={`${id}-heading`} className={`text-base font-semibold ${danger ? "text-red-700" : "text-zinc-900"}`}>
        {title}
      </h2>
      <div className="mt-1 text-sm text-zinc-600">{description}</div>
      {children}
    </section>
  );
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const user = await requireUser("/account");
  const { notice } = await searchParams;
  const notices: Record<string, string> = {
    "password-changed": "Password changed. Every other session of your account was signed out.",
    "email-verified": `Your email address, ${user.email}, is verified.`,
    "other-email-verified": `That link verified the address of another account, not yours (${user.email}).`,
    "email-changed": `Your email address is now ${user.email}. Sign in with it from now on.`,
    "other-email-changed": `That link changed the address of another account, not yours (${user.email}).`,
  };
  const message = typeof notice === "string" ? notices[notice] : undefined;
  const currentSessionId = (await getSessionClaims())?.sessionId ?? null;
  const [pending, blockers, sessions] = await Promise.all([
    getPendingEmailChange(db, user.id),
    accountDeletionBlockers(db, user.id),
    listSessions(db, user.id, currentSessionId),
  ]);
  return (
    <div className="mx-auto max-w-3xl space-y-8 px-4 py-12 sm:px-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-zinc-900">Your account</h1>
        <p className="mt-2 text-sm text-zinc-600">
          Signed in as {user.email}. Member since {dateFormat.format(user.createdAt)}.
        </p>
      </div>
      {message && <FormMessage success={message} />}

      <Section id="profile" title="Profile" description="Your name as other members of your organizations see it.">
        <ProfileForm name={user.name} />
      </Section>

      <Section
        id="email"
        title="Email address"
        description={
          <>
            <span className="font-medium text-zinc-900">{user.email}</span>{" "}
            <VerifiedBadge verified={Boolean(user.emailVerified)} className="ml-1" />
            <p className="mt-2">
              To change it, we send a link to the new address; the change happens when you open it.
            </p>
            {pending && (
              <p className="mt-2 rounded-md bg-zinc-50 px-3 py-2 text-zinc-700 ring-1 ring-zinc-200">
                Waiting for confirmation: a link was sent to <strong>{pending.newEmail}</strong>. It works until{" "}
                {new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(
                  pending.expiresAt,
                )}{" "}
                UTC.
              </p>
            )}
          </>
        }
      >
        <ChangeEmailForm />
      </Section>

      <Section
        id="password"
        title="Password"
        description="Changing it signs you out on every other device and browser."
      >
        <ChangePasswordForm email={user.email} />
      </Section>

      <Section
        id="sessions"
        title="Sessions"
        description="Where your account is signed in. Signed in somewhere you no longer use, or lost a device? Sign that session out, or every session at once."
      >
        <ul aria-label="Active sessions" className="mt-5 divide-y divide-zinc-200 rounded-md ring-1 ring-zinc-200">
          {sessions.map((session) => {
            const device = describeUserAgent(session.userAgent);
            return (
              <li key={session.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm">
                <div className="min-w-0">
                  <p className="font-medium text-zinc-900">
                    {device}
                    {session.current && (
                      <span className="ml-2 inline-flex rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200">
                        This device
                      </span>
                    )}
                  </p>
                  {session.userAgent && (
                    <p className="truncate text-xs text-zinc-500" title={session.userAgent}>
                      {session.userAgent}
                    </p>
                  )}
                  <p className="text-xs text-zinc-600">
                    Signed in {dateTimeFormat.format(session.createdAt)} UTC · last active{" "}
                    {dateTimeFormat.format(session.lastSeenAt)} UTC
                  </p>
                </div>
                <RevokeSessionForm sessionId={session.id} device={device} current={session.current} />
              </li>
            );
          })}
        </ul>
        <div className="mt-5">
          <SignOutEverywhereForm />
        </div>
      </Section>

      <Section
        id="danger"
        danger
        title="Delete account"
        description={
          blockers.length > 0 ? (
            <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-200">
              {lastAdminMessage(blockers)}
            </p>
          ) : (
            "Deletes your account and your memberships. Organizations where you are the only member are deleted too. Invitations you sent stay valid. This cannot be undone."
          )
        }
      >
        <div className="mt-5">
          <DeleteAccountForm email={user.email} blocking={blockers.map(({ name, slug }) => ({ name, slug }))} />
        </div>
      </Section>
    </div>
  );
}
