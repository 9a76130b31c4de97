// The audit log: an organization's events, newest first, for its admins.
// Keyset pagination on the event sequence (the 100,000th event costs what the
// first does), filters by type and by member (as actor or as subject), and
// each line in words, with names read at display time.
import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";
import { roleLabel } from "../authz";
import { requirePermission } from "./access";
import { invalidParam } from "./errors";
import { isEventType, type EventType } from "./events";
import type { MyOrganizationDto } from "./organizations/sql";

export const ACTIVITY_PAGE_SIZE = 50;
/** Rows a CSV export holds at most (the newest). */
export const ACTIVITY_EXPORT_LIMIT = 100_000;

export type ActivityFilters = { type?: string; member?: string };

export type ActivityEntry = {
  id: string;
  seq: string;
  type: EventType;
  occurredAt: Date;
  actor: string;
  actorType: string;
  actorId: string | null;
  summary: string;
  clientIp: string | null;
};

export type ActivityPage = { entries: ActivityEntry[]; nextBefore: string | null };

type EventRow = {
  seq: string;
  id: string;
  type: EventType;
  occurred_at: Date;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  api_key_name: string | null;
  subject_user_id: string | null;
  subject_name: string | null;
  erased_at: Date | null;
  data: Record<string, unknown>;
  previous: Record<string, unknown> | null;
  http_request: { client_ip?: string } | null;
};

function checkFilters(filters: ActivityFilters): { type: EventType | null; member: string | null } {
  const type = filters.type?.trim() || null;
  if (type !== null && !isEventType(type)) throw invalidParam("type", "Choose an event type from the list.");
  const member = filters.member?.trim() || null;
  if (member !== null && !/^user_[0-9a-f]{32}$/.test(member))
    throw invalidParam("member", "Choose a member from the list.");
  return { type, member };
}

async function readEvents(
  db: Db,
  organizationId: string,
  { type, member }: { type: EventType | null; member: string | null },
  before: string | null,
  limit: number,
): Promise<EventRow[]> {
  return db.rows<EventRow>(Prisma.sql`
      SELECT e.seq::text AS seq, e.id, e.type, e.occurred_at, e.actor_type, e.actor_id,
             au.name AS actor_name, au.email AS actor_email, k.name AS api_key_name,
             e.subject_user_id, su.name AS subject_name, e.erased_at, e.data, e.previous, e.http_request
        FROM events e
        LEFT JOIN users au ON e.actor_type = 'user' AND au.id = e.actor_id
        LEFT JOIN api_keys k ON e.actor_type = 'api_key' AND k.id = e.actor_id
        LEFT JOIN users su ON su.id = e.subject_user_id
       WHERE e.organization_id = ${organizationId}
         AND (${type}::text IS NULL OR e.type = ${type})
         AND (${member}::text IS NULL OR e.actor_id = ${member} OR e.subject_user_id = ${member})
         AND (${before}::bigint IS NULL OR e.seq < ${before}::bigint)
       ORDER BY e.seq DESC
       LIMIT ${limit}::int`);
}

function checkBefore(before: string | undefined): string | null {
  if (before === undefined || before === "") return null;
  if (!/^\d{1,18}$/.test(before)) throw invalidParam("before", "That page of the activity log does not exist.");
  return before;
}

/** One page of an organization's activity, newest first (admins). `before` is the cursor of the previous page. */
export async function listActivity(
  db: Db,
  organization: MyOrganizationDto,
  filters: ActivityFilters & { before?: string } = {},
): Promise<ActivityPage> {
  requirePermission(organization.role, "org:activity:read");
  const rows = await readEvents(
    db,
    organization.id,
    checkFilters(filters),
    checkBefore(filters.before),
    ACTIVITY_PAGE_SIZE + 1,
  );
  const entries = rows.slice(0, ACTIVITY_PAGE_SIZE).map(toEntry);
  return { entries, nextBefore: rows.length > ACTIVITY_PAGE_SIZE ? (entries.at(-1)?.seq ?? null) : null };
}

/** The newest few entries (the overview's "Latest activity"). */
export async function latestActivity(db: Db, organization: MyOrganizationDto, count: number): Promise<ActivityEntry[]> {
  requirePermission(organization.role, "org:activity:read");
  const rows = await readEvents(db, organization.id, { type: null, member: null }, null, count);
  return rows.map(toEntry);
}

/** Every matching entry (up to ACTIVITY_EXPORT_LIMIT), newest first, read page by page: for the CSV export. */
export async function* exportActivity(
  db: Db,
  organization: MyOrganizationDto,
  filters: ActivityFilters = {},
): AsyncGenerator<ActivityEntry> {
  requirePermission(organization.role, "org:activity:read");
  const checked = checkFilters(filters);
  let before: string | null = null;
  let sent = 0;
  while (sent < ACTIVITY_EXPORT_LIMIT) {
    const rows = await readEvents(db, organization.id, checked, before, Math.min(1000, ACTIVITY_EXPORT_LIMIT - sent));
    for (const row of rows) yield toEntry(row);
    sent += rows.length;
    if (rows.length < 1000) return;
    before = rows.at(-1)!.seq;
  }
}

/** The members (and former members) who appear in an organization's events, for the member filter. */
export async function activityPeople(
  db: Db,
  organization: MyOrganizationDto,
): Promise<Array<{ id: string; name: string; email: string }>> {
  requirePermission(organization.role, "org:activity:read");
  return db.rows(Prisma.sql`
      SELECT u.id, u.name, u.email FROM users u
       WHERE u.id IN (SELECT m.user_id FROM organization_memberships m WHERE m.organization_id = ${organization.id})
       ORDER BY lower(u.name), u.id
       LIMIT 500`);
}

// ---- In words ----

const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** A role as the event named it: its name then (role_name), else a label from its key. */
function roleName(value: unknown, name?: unknown): string {
  return str(name) ?? roleLabel(str(value));
}

const DELETED_USER = "a deleted user";

/** The person a membership event is about: their name then, their name now, their address, or that they are gone. */
function personOf(row: EventRow): string {
  const user = (row.data?.public_user_data ?? {}) as Record<string, unknown>;
  const name = [str(user.first_name), str(user.last_name)].filter(Boolean).join(" ");
  const deleted = row.subject_user_id !== null && row.subject_name === null;
  return name || row.subject_name || str(user.identifier) || (deleted || row.erased_at ? DELETED_USER : "a member");
}

function actorName(row: EventRow): string {
  if (row.actor_type === "user") return row.actor_name ?? "A deleted user";
  if (row.actor_type === "api_key") return row.api_key_name ? `API key “${row.api_key_name}”` : "An API key";
  return "The system";
}

function describe(row: EventRow, actor: string): string {
  const data = row.data ?? {};
  const previous = row.previous ?? {};
  const self =
    row.actor_type === "user" && row.actor_id !== null && data.public_user_data !== undefined
      ? (data.public_user_data as Record<string, unknown>).user_id === row.actor_id
      : false;
  const member = personOf(row);
  // An invitee's address erased with their account (lib/domain/event-retention.ts).
  const invitee = str(data.email_address) ?? (row.erased_at ? DELETED_USER : "someone");
  switch (row.type) {
    case "organization.created":
      return `${actor} created the organization ${str(data.name) ?? ""}`.trim();
    case "organization.updated": {
      if ("name" in previous)
        return `${actor} renamed the organization from “${str(previous.name) ?? ""}” to “${str(data.name) ?? ""}”`;
      if ("slug" in previous)
        return `${actor} changed the organization's URL from ${str(previous.slug)} to ${str(data.slug)}`;
      if ("image_url" in previous || "has_image" in previous)
        return data.has_image ? `${actor} changed the organization's logo` : `${actor} removed the organization's logo`;
      const fields = Object.keys(previous).map((key) => key.replace(/_/g, " "));
      return fields.length
        ? `${actor} changed the organization's ${fields.join(", ")}`
        : `${actor} updated the organization`;
    }
    case "organization.deleted":
      return `${actor} deleted the organization`;
    case "organizationMembership.created":
      return self
        ? `${member} joined as ${roleName(data.role, data.role_name)}`
        : `${actor} added ${member} as ${roleName(data.role, data.role_name)}`;
    case "organizationMembership.updated":
      if ("role" in previous)
        return `${actor} changed ${self ? "their own" : `${member}'s`} role from ${roleName(previous.role, previous.role_name)} to ${roleName(data.role, data.role_name)}`;
      return `${actor} updated ${member}'s membership`;
    case "organizationMembership.deleted":
      return self ? `${member} left the organization` : `${actor} removed ${member}`;
    case "organizationInvitation.created":
      return `${actor} invited ${invitee} as ${roleName(data.role, data.role_name)}`;
    case "organizationInvitation.accepted":
      return `${invitee} accepted the invitation`;
    case "organizationInvitation.revoked":
      return `${actor} revoked the invitation for ${invitee}`;
    case "organizationInvitation.resent":
      return `${actor} resent the invitation to ${invitee}`;
    case "organizationInvitation.declined":
      return `${invitee} declined the invitation`;
    case "organizationInvitation.expired":
      return `The invitation for ${invitee} expired`;
    case "organizationDomain.created": {
      const verified = (data.verification as Record<string, unknown> | null)?.status === "verified";
      return `${actor} added the domain ${str(data.name) ?? ""}${verified ? " (verified)" : ""}`;
    }
    case "organizationDomain.updated":
      return describeDomainUpdate(actor, data, previous);
    case "organizationDomain.deleted":
      return `${actor} deleted the domain ${str(data.name) ?? ""}`.trim();
    case "organizationMembershipRequest.created":
      return `${member} asked to join`;
    case "organizationMembershipRequest.accepted":
      return `${actor} accepted ${member}'s request to join`;
    case "organizationMembershipRequest.rejected":
      return `${actor} rejected ${member}'s request to join`;
    default:
      return `${actor}: ${row.type}`;
  }
}

const ENROLLMENT_WORDS: Record<string, string> = {
  manual_invitation: "no automatic enrollment",
  automatic_invitation: "automatic invitations",
  automatic_suggestion: "automatic suggestions",
};

function describeDomainUpdate(actor: string, data: Record<string, unknown>, previous: Record<string, unknown>): string {
  const name = str(data.name) ?? "a domain";
  const status = (value: unknown) => (value as Record<string, unknown> | null)?.status;
  if (
    "verification" in previous &&
    status(data.verification) === "verified" &&
    status(previous.verification) !== "verified"
  )
    return `${actor} verified the domain ${name}`;
  if ("name" in previous) return `${actor} renamed the domain ${str(previous.name) ?? ""} to ${name}`;
  if ("enrollment_mode" in previous) {
    const mode = str(data.enrollment_mode) ?? "";
    return `${actor} set ${name} to ${ENROLLMENT_WORDS[mode] ?? mode}`;
  }
  if ("verification" in previous && status(data.verification) !== "verified")
    return `${actor} marked the domain ${name} unverified`;
  return `${actor} updated the domain ${name}`;
}

function toEntry(row: EventRow): ActivityEntry {
  const actor = actorName(row);
  return {
    id: row.id,
    seq: row.seq,
    type: row.type,
    occurredAt: row.occurred_at,
    actor,
    actorType: row.actor_type,
    actorId: row.actor_id,
    // A sentence that starts with a deleted person starts with a capital.
    summary: describe(row, actor).replace(/^a deleted user/, "A deleted user"),
    clientIp: str(row.http_request?.client_ip),
  };
}

/** One CSV line (RFC 4180), with cells that a spreadsheet would run as a formula neutralised. */
export function csvLine(cells: Array<string | null>): string {
  return (
    cells
      .map((cell) => {
        let value = cell ?? "";
        if (/^[=+\-@\t\r]/.test(value)) value = `'${value}`;
        return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
      })
      .join(",") + "\r\n"
  );
}

export const ACTIVITY_CSV_HEADER = ["time (UTC)", "event", "actor", "what happened", "event id", "client ip"];

export function activityCsvRow(entry: ActivityEntry): string {
  return csvLine([entry.occurredAt.toISOString(), entry.type, entry.actor, entry.summary, entry.id, entry.clientIp]);
}
