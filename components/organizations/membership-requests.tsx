import Link from "next/link";
import { db } from "@/lib/server/database";
import { listPendingRequests } from "@/lib/domain/domains/requests";
import type { MyOrganizationDto } from "@/lib/domain/organizations/sql";
import { RequestActions } from "./request-actions";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/**
 * The Members page's Requests list (admins): people who asked to join from a
 * verified domain's suggestion, oldest first, each with Accept and Reject.
 * Reads its own page of requests (`rp` in the URL); shows nothing when none wait.
 */
export async function MembershipRequests({
  organization,
  page,
  pageHref,
}: {
  organization: MyOrganizationDto;
  page: number;
  pageHref: (page: number) => string;
}) {
  const requests = await listPendingRequests(db, organization, page);
  if (requests.totalCount === 0) return null;
  const pages = Math.max(1, Math.ceil(requests.totalCount / requests.pageSize));
  return (
    <section id="requests" aria-labelledby="requests-heading" className="space-y-4">
      <h2 id="requests-heading" className="flex items-center gap-2 text-lg font-semibold text-zinc-900">
        Requests
        <span className="rounded-full bg-indigo-100 px-2 py-0.5 text-xs font-medium text-indigo-800">
          {requests.totalCount} waiting
        </span>
      </h2>
      <p className="text-sm text-zinc-600">
        People with a verified address at one of your domains asked to join. Accepting makes them members.
      </p>
      <ul
        aria-label="Requests to join"
        className="divide-y divide-zinc-200 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-zinc-200"
      >
        {requests.data.map((request) => (
          <li key={request.id} className="flex flex-wrap items-center gap-x-4 gap-y-3 px-4 py-3 sm:px-5">
            <div className="min-w-0 flex-1 basis-56">
              <p className="truncate text-sm font-semibold text-zinc-900">{request.user.name}</p>
              <p className="truncate text-sm text-zinc-600">
                {request.user.email} · asked {dateFormat.format(request.createdAt)}
              </p>
            </div>
            <RequestActions organizationId={organization.id} request={{ id: request.id, name: request.user.name }} />
          </li>
        ))}
      </ul>
      {pages > 1 && (
        <nav aria-label="Request pages" className="flex items-center justify-between gap-3 text-sm text-zinc-600">
          <p>
            Page {requests.page} of {pages}
          </p>
          <div className="flex gap-2">
            {requests.page > 1 && (
              <Link
                href={pageHref(requests.page - 1)}
                className="rounded-md px-3 py-1.5 font-semibold ring-1 ring-zinc-300 hover:bg-zinc-50"
              >
                Earlier requests
              </Link>
            )}
            {requests.page < pages && (
              <Link
                href={pageHref(requests.page + 1)}
                className="rounded-md px-3 py-1.5 font-semibold ring-1 ring-zinc-300 hover:bg-zinc-50"
              >
                Later requests
              </Link>
            )}
          </div>
        </nav>
      )}
    </section>
  );
}
