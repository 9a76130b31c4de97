import Link from "next/link";
import { buttonClasses } from "@/components/ui/button-classes";
import { getCurrentUser } from "@/lib/server/session";

const features = [
  {
    title: "Organizations",
    body: "Anyone can create an organization for their team and becomes its admin. Every member sees the organization and who else is in it.",
  },
  {
    title: "Two clear roles",
    body: "Admins manage members, roles, invitations and settings; basic members collaborate. There is always at least one admin.",
  },
  {
    title: "Invitations by email",
    body: "Invite colleagues who already have an account or people who don't: the link lets them sign up and join in one step.",
  },
];

export default async function HomePage() {
  const user = await getCurrentUser();
  return (
    <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-24">
      <div className="max-w-2xl">
        <h1 className="text-4xl font-bold tracking-tight text-zinc-900 sm:text-5xl">
          Shared accounts for your whole team
        </h1>
        <p className="mt-6 text-lg leading-8 text-zinc-600">
          Orgs gives your web app organizations: people sign up, create an organization, invite their colleagues by
          email and manage who can do what. Self-hosted, on your own PostgreSQL.
        </p>
        <div className="mt-10 flex flex-wrap items-center gap-4">
          {user ? (
            <Link href="/orgs" className={buttonClasses("primary")}>
              Go to your organizations
            </Link>
          ) : (
            <>
              <Link href="/sign-up" className={buttonClasses("primary")}>
                Create an account
              </Link>
              <Link href="/sign-in" className={buttonClasses("secondary")}>
                Sign in
              </Link>
            </>
          )}
        </div>
      </div>
      <ul className="mt-20 grid gap-6 sm:grid-cols-3">
        {features.map((feature) => (
          <li key={feature.title} className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-zinc-200">
            <h2 className="text-base font-semibold text-zinc-900">{feature.title}</h2>
            <p className="mt-2 text-sm leading-6 text-zinc-600">{feature.body}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
