// The development mailbox: every email the app queued, as the recipient would
// see it. Never served in production builds.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getOutboxEmail, listOutboxEmails } from "@/lib/email/mailbox";
import { db } from "@/lib/server/database";

export const metadata: Metadata = { title: "Mailbox (development)" };

const statusStyles: Record<string, string> = {
  sent: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  pending: "bg-amber-50 text-amber-700 ring-amber-200",
  sending: "bg-sky-50 text-sky-700 ring-sky-200",
  failed: "bg-red-50 text-red-700 ring-red-200",
};

export default async function MailboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  if (process.env.NODE_ENV === "production") notFound();
  const params = await searchParams;
  const to = typeof params.to === "string" ? params.to.trim().toLowerCase() : "";
  const emails = await listOutboxEmails(db, { to: to || undefined, limit: 50 });
  const selectedId = typeof params.id === "string" ? params.id : emails[0]?.id;
  const selected = selectedId ? await getOutboxEmail(db, selectedId).catch(() => null) : null;

  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold tracking-tight">Mailbox</h1>
      <p className="mt-2 text-sm text-zinc-600">
        Development only: emails the app sent while no <code>RESEND_API_KEY</code> is set. The newest 50 are shown.
      </p>
      <form className="mt-6 flex max-w-md items-end gap-2" role="search">
        <div className="flex-1">
          <label htmlFor="mailbox-to" className="block text-sm font-medium">
            Recipient
          </label>
          <input
            id="mailbox-to"
            name="to"
            type="email"
            defaultValue={to}
            className="mt-1 block w-full rounded-md px-3 py-2 text-sm ring-1 ring-zinc-300"
          />
        </div>
        <button
          type="submit"
          className="rounded-md bg-white px-3 py-2 text-sm font-semibold ring-1 ring-zinc-300 hover:bg-zinc-50"
        >
          Filter
        </button>
      </form>
      {emails.length === 0 ? (
        <p className="mt-10 rounded-xl bg-white p-8 text-center text-sm text-zinc-600 ring-1 ring-zinc-200">
          No emails yet.
        </p>
      ) : (
        <div className="mt-8 grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <ul className="divide-y divide-zinc-200 rounded-xl bg-white ring-1 ring-zinc-200" aria-label="Emails">
            {emails.map((email) => (
              <li key={email.id}>
                <Link
                  href={`/dev/mailbox?id=${email.id}${to ? `&to=${encodeURIComponent(to)}` : ""}`}
                  aria-current={email.id === selected?.id ? "true" : undefined}
                  className={`block px-4 py-3 hover:bg-zinc-50 ${email.id === selected?.id ? "bg-indigo-50" : ""}`}
                >
                  <div className="flex items-center justify-between gap-2">
                    <span className="truncate text-sm font-semibold">{email.subject}</span>
                    <span className={`rounded-full px-2 py-0.5 text-xs ring-1 ${statusStyles[email.status] ?? ""}`}>
                      {email.status}
                    </span>
                  </div>
                  <div className="mt-1 text-xs text-zinc-500">
                    To {email.to} · {email.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC
                  </div>
                </Link>
              </li>
            ))}
          </ul>
          {selected && (
            <article className="rounded-xl bg-white p-4 ring-1 ring-zinc-200" aria-label="Selected email">
              <h2 className="text-lg font-semibold">{selected.subject}</h2>
              <p className="text-sm text-zinc-600">
                From {selected.from} to {selected.to}
              </p>
              <iframe
                title={`Email: ${selected.subject}`}
                srcDoc={selected.html}
                sandbox="allow-popups allow-popups-to-escape-sandbox"
                className="mt-4 h-[480px] w-full rounded-md border border-zinc-200"
              />
              <details className="mt-4">
                <summary className="cursor-pointer text-sm font-medium">Plain-text part</summary>
                <pre className="mt-2 whitespace-pre-wrap rounded-md bg-zinc-50 p-3 text-xs">{selected.text}</pre>
              </details>
            </article>
          )}
        </div>
      )}
    </div>
  );
}
