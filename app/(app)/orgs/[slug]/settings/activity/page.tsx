import type { Metadata } from "next";
import Link from "next/link";
import { orgPage, type OrgPageProps } from "@/app/(app)/orgs/[slug]/org-page";
import { NoAccess } from "@/components/organizations/card";
import { can } from "@/lib/authz";
import { db } from "@/lib/server/database";
import { activityPeople, listActivity } from "@/lib/domain/activity";
import { EVENT_TYPES } from "@/lib/domain/events";
import { isDomainError } from "@/lib/domain/errors";

export const metadata: Metadata = { title: "Activity" };

const timeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

export default async function ActivityPage({ params, searchParams }: OrgPageProps) {
  const { organization } = await orgPage(params, "/settings/activity");
  if (!can(organization.role, "org:activity:read")) {
    return <NoAccess title="Activity">Only admins can see this organization&apos;s activity log.</NoAccess>;
  }
  const raw = await searchParams;
  const filters = { type: one(raw.type), member: one(raw.member) };
  const base = `/orgs/${organization.slug}/settings/activity`;
  const withFilters = (extra: Record<string, string> = {}) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filters, ...extra })) if (value) query.set(key, value);
    const text = query.toString();
    return text ? `?${text}` : "";
  };
  let error: string | null = null;
  let page: Awaited<ReturnType<typeof listActivity>> = { entries: [], nextBefore: null };
  try {
    page = await listActivity(db, organization, { ...filters, before: one(raw.before) });
  } catch (caught) {
    if (!isDomainError(caught)) throw caught;
    error = caught.message;
  }
  const people = await activityPeople(db, organization);
  const filtered = Boolean(filters.type || filters.member);
  return (
    <section
      aria-labelledby="activity-heading"
      className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-zinc-200 sm:p-6"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="activity-heading" className="text-base font-semibold text-zinc-900">
            Activity
          </h2>
          <p className="mt-1 text-sm text-zinc-600">Who changed what in this organization, newest first.</p>
        </div>
        <a
          href={`${base}/export${withFilters()}`}
          className="rounded-md px-3 py-1.5 text-sm font-semibold text-zinc-900 ring-1 ring-zinc-300 hover:bg-zinc-50"
          download
        >
          Export CSV
        </a>
      </div>
      <form
        // Remounted when the filters change, so its selects show them after a client-side navigation.
        key={`${filters.type}|${filters.member}`}
        method="get"
        action={base}
        className="mt-5 flex flex-wrap items-end gap-3"
        role="search"
        aria-label="Filter activity"
      >
        <label className="grid gap-1 text-sm font-medium text-zinc-700">
          Event
          <select
            name="type"
            defaultValue={filters.type}
            className="min-w-0 max-w-full rounded-md border-0 py-1.5 pr-8 pl-2 text-sm text-zinc-900 ring-1 ring-zinc-300"
          >
            <option value="">All events</option>
            {EVENT_TYPES.filter((type) => type.startsWith("organization")).map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1 text-sm font-medium text-zinc-700">
          Member
          <select
            name="member"
            defaultValue={filters.member}
            className="min-w-0 max-w-full rounded-md border-0 py-1.5 pr-8 pl-2 text-sm text-zinc-900 ring-1 ring-zinc-300"
          >
            <option value="">Everyone</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name} ({person.email})
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500"
        >
          Filter
        </button>
        {filtered && (
          <Link href={base} className="py-1.5 text-sm font-semibold text-indigo-700 hover:text-indigo-600">
            Clear filters
          </Link>
        )}
      </form>
      {error && (
        <p role="alert" className="mt-4 text-sm text-red-700">
          {error}
        </p>
      )}
      {page.entries.length === 0 && !error ? (
        <p className="mt-6 text-sm text-zinc-600">
          {filtered ? "No activity matches these filters." : "No activity yet."}
        </p>
      ) : (
        <ol className="mt-6 divide-y divide-zinc-100" aria-label="Events">
          {page.entries.map((entry) => (
            <li
              key={entry.id}
              className="flex flex-col gap-1 py-3 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4"
            >
              <p className="min-w-0 text-sm break-words text-zinc-900">{entry.summary}</p>
              <p className="shrink-0 text-xs text-zinc-500">
                <time dateTime={entry.occurredAt.toISOString()}>{timeFormat.format(entry.occurredAt)} UTC</time>
              </p>
            </li>
          ))}
        </ol>
      )}
      <nav aria-label="Activity pages" className="mt-6 flex gap-3 text-sm">
        {one(raw.before) && (
          <Link
            href={`${base}${withFilters()}`}
            className="rounded-md px-3 py-1.5 font-semibold ring-1 ring-zinc-300 hover:bg-zinc-50"
          >
            Newest
          </Link>
        )}
        {page.nextBefore && (
          <Link
            href={`${base}${withFilters({ before: page.nextBefore })}`}
            className="rounded-md px-3 py-1.5 font-semibold ring-1 ring-zinc-300 hover:bg-zinc-50"
          >
            Older events
          </Link>
        )}
      </nav>
    </section>
  );
}
