// How long events are kept, and what of a deleted person they keep.
// - Retention: with EVENTS_RETENTION_DAYS set, events older than that are
//   deleted with their finished deliveries and attempts (a delivery still
//   pending or in flight keeps its event until it ends), in bounded batches.
// - Erasure: deleting an account queues it (event_erasures, in the deletion's
//   transaction); the sweep then rewrites that person's events in batches,
//   blanking their names, email addresses, phone numbers, image, metadata and
//   the address and browser of their requests, keeping ids and types, so the
//   audit log still reads ("A deleted user left the organization") and
//   receivers replaying a delivery still get Clerk's shapes.
// Both run in the maintenance sweep (lib/webhooks/expiry-sweep.ts): in
// `npm run worker`, and in the web server unless OUTBOX_WORKER=off.
import { Prisma } from "../generated/prisma/client";
import type { Db, Tx } from "../db";

type Json = Record<string, unknown>;

/** EVENTS_RETENTION_DAYS: days events are kept; null (unset or empty) keeps them forever. */
export function eventsRetentionDays(): number | null {
  const raw = process.env.EVENTS_RETENTION_DAYS?.trim();
  if (!raw) return null;
  const days = Number(raw);
  if (!Number.isFinite(days) || days <= 0)
    throw new Error(
      `EVENTS_RETENTION_DAYS=${raw} is not a number of days above 0. Leave it empty to keep events forever (see .env.example).`,
    );
  return days;
}

/**
 * Deletes up to `batchSize` events older than `days`, oldest first, with their
 * deliveries and attempts (by cascade); an event with a delivery still pending
 * or in flight stays. Returns how many went.
 */
export async function pruneEvents(db: Db, days: number, batchSize = 1000): Promise<number> {
  return db.execute(Prisma.sql`
    DELETE FROM events WHERE seq IN (
      SELECT e.seq FROM events e
       WHERE e.occurred_at < now() - (${days}::float * interval '1 day')
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                          WHERE d.event_seq = e.seq AND d.status IN ('pending', 'delivering'))
       ORDER BY e.occurred_at
       LIMIT ${batchSize}::int
       FOR UPDATE OF e SKIP LOCKED)`);
}

/** Queues the erasure of a deleted account's personal data from the events (in the deletion's transaction). */
export async function queueEventErasure(tx: Tx, userId: string, email: string): Promise<void> {
  await tx.execute(Prisma.sql`
    INSERT INTO event_erasures (user_id, email) VALUES (${userId}, ${email})
    ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, after_seq = 0`);
}

// What a deleted person's data becomes: the same keys, emptied (Clerk's types still hold).
const BLANK_USER: Json = {
  username: null,
  first_name: null,
  last_name: null,
  image_url: "",
  has_image: false,
  primary_email_address_id: null,
  primary_phone_number_id: null,
  primary_web3_wallet_id: null,
  email_addresses: [],
  phone_numbers: [],
  web3_wallets: [],
  external_accounts: [],
  enterprise_accounts: [],
  saml_accounts: [],
  public_metadata: {},
  private_metadata: {},
  unsafe_metadata: {},
};
const BLANK_PUBLIC_USER_DATA: Json = {
  identifier: "",
  first_name: null,
  last_name: null,
  image_url: "",
  has_image: false,
};
const BLANK_MEMBERSHIP: Json = { public_metadata: {}, private_metadata: {} };

/** `object`'s keys that `blank` names, emptied; other keys kept. */
function blanked(object: Json, blank: Json): Json {
  const copy = { ...object };
  for (const key of Object.keys(copy)) if (key in blank) copy[key] = blank[key];
  return copy;
}

export type ErasableEvent = {
  type: string;
  actor_type: string;
  actor_id: string | null;
  subject_user_id: string | null;
  subject_email: string | null;
  data: Json;
  previous: Json | null;
  http_request: Json | null;
};

/** One event with a deleted person's data erased (pure: the sweep writes what it returns). */
export function eraseFromEvent(
  event: ErasableEvent,
  person: { userId: string; email: string },
): Pick<ErasableEvent, "data" | "previous" | "http_request" | "subject_email"> {
  let { data, previous } = event;
  const { userId, email } = person;
  const publicUserData = data.public_user_data as Json | undefined;
  if (data.object === "user" && data.id === userId) {
    data = blanked(data, BLANK_USER);
    if (previous) previous = blanked(previous, BLANK_USER);
  } else if (data.object === "session" && data.user_id === userId) {
    data = { ...data, user: null };
  } else if (data.object === "organization_membership" && publicUserData?.user_id === userId) {
    data = { ...blanked(data, BLANK_MEMBERSHIP), public_user_data: { ...publicUserData, ...BLANK_PUBLIC_USER_DATA } };
    if (previous) previous = blanked(previous, BLANK_MEMBERSHIP);
  } else if (data.object === "organization_membership_request" && publicUserData?.user_id === userId) {
    // A request to join through a verified domain names the person who asked.
    data = { ...data, public_user_data: { ...publicUserData, ...BLANK_PUBLIC_USER_DATA } };
  } else if (
    data.object === "organization_invitation" &&
    (event.subject_user_id === userId || event.subject_email === email || data.email_address === email)
  ) {
    data = { ...data, email_address: "" };
  }
  const theirRequest = event.actor_type === "user" && event.actor_id === userId;
  return {
    data,
    previous,
    http_request: theirRequest ? null : event.http_request,
    subject_email: event.subject_email === email ? null : event.subject_email,
  };
}

/**
 * Erases one batch (up to `batchSize` events) of the oldest queued erasure (or `userId`'s);
 * returns how many events it read (0: nothing queued). The batch's events are
 * rewritten and the erasure moves past them in one transaction; the erasure
 * is done (and its row, with the address, gone) after a short batch.
 */
export async function eraseDeletedPeopleFromEvents(
  db: Db,
  { batchSize = 200, userId = null }: { batchSize?: number; userId?: string | null } = {},
): Promise<number> {
  return db.transaction(async (tx) => {
    // One person's erasure when asked (tests), else the oldest.
    const erasure = await tx.one<{ user_id: string; email: string; after_seq: string }>(Prisma.sql`
      SELECT user_id, email, after_seq::text FROM event_erasures
       WHERE ${userId}::text IS NULL OR user_id = ${userId}
       ORDER BY requested_at, user_id
       LIMIT 1
       FOR UPDATE SKIP LOCKED`);
    if (!erasure) return 0;
    const events = await tx.rows<ErasableEvent & { seq: string }>(Prisma.sql`
      SELECT seq::text, type, actor_type, actor_id, subject_user_id, subject_email, data, previous, http_request
        FROM events
       WHERE seq IN (
         -- The first batch of each way an event names the person (each read in order from its index):
         -- together they hold the first batch overall.
         (SELECT seq FROM events WHERE subject_user_id = ${erasure.user_id} AND seq > ${erasure.after_seq}::bigint
           ORDER BY seq LIMIT ${batchSize}::int)
         UNION
         (SELECT seq FROM events WHERE actor_id = ${erasure.user_id} AND seq > ${erasure.after_seq}::bigint
           ORDER BY seq LIMIT ${batchSize}::int)
         UNION
         (SELECT seq FROM events WHERE subject_email = ${erasure.email} AND seq > ${erasure.after_seq}::bigint
           ORDER BY seq LIMIT ${batchSize}::int))
       ORDER BY seq
       LIMIT ${batchSize}::int
       FOR UPDATE`);
    const person = { userId: erasure.user_id, email: erasure.email };
    const erased = events.map((event) => ({ seq: event.seq, ...eraseFromEvent(event, person) }));
    if (erased.length > 0)
      await tx.execute(Prisma.sql`
        UPDATE events e
           SET data = x.data, previous = x.previous, http_request = x.http_request,
               subject_email = x.subject_email, erased_at = now()
          FROM jsonb_to_recordset(${JSON.stringify(erased)}::jsonb)
               AS x(seq bigint, data jsonb, previous jsonb, http_request jsonb, subject_email text)
         WHERE e.seq = x.seq`);
    if (events.length < batchSize)
      await tx.execute(Prisma.sql`DELETE FROM event_erasures WHERE user_id = ${erasure.user_id}`);
    else
      await tx.execute(
        Prisma.sql`UPDATE event_erasures SET after_seq = ${events.at(-1)!.seq}::bigint WHERE user_id = ${erasure.user_id}`,
      );
    // A batch that found nothing still did work (it finished the erasure).
    return Math.max(events.length, 1);
  });
}
