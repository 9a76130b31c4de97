// The event stream: one row per change, written in the change's transaction
// (so a change that rolls back leaves no event, and no event exists without
// its change), fanned out in the same statement to every enabled webhook
// endpoint that subscribes to its type. The audit log reads these rows; the
// webhook worker (lib/webhooks/delivery.ts) delivers them.
import { AsyncLocalStorage } from "node:async_hooks";
import { Prisma } from "../generated/prisma/client";
import { Tx } from "../db";

/** Clerk's event names, plus what Clerk lacks (invitation expired and declined). */
export const EVENT_TYPES = [
  "organization.created",
  "organization.updated",
  "organization.deleted",
  "organizationMembership.created",
  "organizationMembership.updated",
  "organizationMembership.deleted",
  "organizationInvitation.created",
  "organizationInvitation.accepted",
  "organizationInvitation.revoked",
  "organizationInvitation.declined",
  "organizationInvitation.resent",
  "organizationInvitation.expired",
  "organizationDomain.created",
  "organizationDomain.updated",
  "organizationDomain.deleted",
  "organizationMembershipRequest.created",
  "organizationMembershipRequest.accepted",
  "organizationMembershipRequest.rejected",
  "user.created",
  "user.updated",
  "user.deleted",
  "session.created",
  "session.ended",
  "session.revoked",
  "role.created",
  "role.updated",
  "role.deleted",
  "permission.created",
  "permission.updated",
  "permission.deleted",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** Who made a change: a signed-in person, an application holding an API key, or the system (expiry). */
export type EventActor = { type: "user"; id: string } | { type: "api_key"; id: string } | { type: "system" };

/** What a request's adapter knows about the caller; events written during the request carry it. */
export type EventContext = {
  actor?: EventActor;
  clientIp?: string;
  userAgent?: string;
};

const context = new AsyncLocalStorage<EventContext>();

/** Runs `work` with what events written meanwhile should say about the caller (set by lib/server and lib/api). */
export function withEventContext<T>(value: EventContext, work: () => Promise<T>): Promise<T> {
  return context.run({ ...context.getStore(), ...value }, work);
}

export function currentEventContext(): EventContext {
  return context.getStore() ?? {};
}

export type NewEvent = {
  type: EventType;
  /** Who did it; defaults to the request's actor (see withEventContext). */
  actor?: EventActor;
  organizationId?: string | null;
  /** The person the change is about (a member, an invitee's account), for the audit log's member filter. */
  subjectUserId?: string | null;
  /** An invitation event's address (a deleted account's address is erased from its events by it). */
  subjectEmail?: string | null;
  /** The object after the change, as the REST API returns it. */
  data: unknown;
  /** For updates: the fields that changed, with their previous values. */
  previous?: Record<string, unknown> | null;
};

// Events this process has written (committed or not): the request wrappers
// compare it before and after their work to know whether to kick delivery.
const written = ((globalThis as unknown as { orgsEventsWritten?: { count: number } }).orgsEventsWritten ??= {
  count: 0,
});

export function eventsWrittenInProcess(): number {
  return written.count;
}

function actorOf(event: NewEvent): EventActor {
  return event.actor ?? currentEventContext().actor ?? { type: "system" };
}

/**
 * Writes an event inside the caller's transaction and queues its webhook
 * deliveries, in one statement. Returns the event's id.
 */
export async function recordEvent(tx: Tx, event: NewEvent): Promise<string> {
  if (!(tx instanceof Tx)) throw new Error("An event is written in its change's transaction: pass the Tx.");
  const actor = actorOf(event);
  const actorId = actor.type === "system" ? null : actor.id;
  const { clientIp, userAgent } = currentEventContext();
  const httpRequest = clientIp || userAgent ? { client_ip: clientIp ?? "", user_agent: userAgent ?? "" } : null;
  const [row] = await tx.rows<{ id: string }>(Prisma.sql`
      WITH e AS (
        INSERT INTO events (type, actor_type, actor_id, organization_id, subject_user_id, subject_email, data, previous,
                            http_request)
        VALUES (${event.type}, ${actor.type}, ${actorId}, ${event.organizationId ?? null},
                ${event.subjectUserId ?? null}, ${event.subjectEmail ?? null}, ${JSON.stringify(event.data)}::jsonb,
                ${event.previous ? JSON.stringify(event.previous) : null}::jsonb,
                ${httpRequest ? JSON.stringify(httpRequest) : null}::jsonb)
        RETURNING seq, id, organization_id
      ), d AS (
        INSERT INTO webhook_deliveries (endpoint_id, event_seq, organization_id)
        SELECT w.id, e.seq, e.organization_id
          FROM e, webhook_endpoints w
         WHERE w.enabled AND (w.events IS NULL OR ${event.type} = ANY (w.events))
      )
      SELECT id FROM e`);
  written.count++;
  tx.noteEvent();
  return row!.id;
}

/** The fields of `after` that differ from `before`, with their values before (for an update's `previous`). */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T): Partial<T> | null {
  const previous: Partial<T> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) previous[key] = before[key];
  }
  return Object.keys(previous).length ? previous : null;
}
