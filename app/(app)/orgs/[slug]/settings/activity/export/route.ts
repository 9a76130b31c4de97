// The activity log's filtered view as CSV (admins), streamed page by page.
import { orgPage } from "@/app/(app)/orgs/[slug]/org-page";
import { can } from "@/lib/authz";
import { db } from "@/lib/server/database";
import { ACTIVITY_CSV_HEADER, activityCsvRow, csvLine, exportActivity } from "@/lib/domain/activity";
import { isDomainError } from "@/lib/domain/errors";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { organization } = await orgPage(params, "/settings/activity");
  if (!can(organization.role, "org:activity:read"))
    return new Response("Only admins can export this organization's activity log.\n", {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  const url = new URL(request.url);
  const filters = { type: url.searchParams.get("type") ?? "", member: url.searchParams.get("member") ?? "" };
  const entries = exportActivity(db, organization, filters);
  // A bad filter is refused before anything is sent.
  let first: IteratorResult<Awaited<ReturnType<typeof entries.next>>["value"]>;
  try {
    first = await entries.next();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return new Response(`${error.message}\n`, {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(csvLine(ACTIVITY_CSV_HEADER)));
      if (!first.done) controller.enqueue(encoder.encode(activityCsvRow(first.value)));
    },
    async pull(controller) {
      if (first.done) return controller.close();
      const lines: string[] = [];
      for (let i = 0; i < 500; i++) {
        const next = await entries.next();
        if (next.done) {
          if (lines.length) controller.enqueue(encoder.encode(lines.join("")));
          return controller.close();
        }
        lines.push(activityCsvRow(next.value));
      }
      controller.enqueue(encoder.encode(lines.join("")));
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${organization.slug}-activity-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}
