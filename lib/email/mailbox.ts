// The development mailbox's reads (app/dev/mailbox): the outbox as recipients
// would see it. Development only; the page refuses to render in production.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";

export type OutboxListItem = {
  id: string;
  to: string;
  subject: string;
  status: string;
  createdAt: Date;
  attempts: number;
};

export type OutboxEmailView = { id: string; to: string; from: string; subject: string; html: string; text: string };

/** The newest emails in the outbox, to one address when `to` is given. */
export async function listOutboxEmails(
  db: Db,
  { to, limit = 50 }: { to?: string; limit?: number } = {},
): Promise<OutboxListItem[]> {
  return db.rows<OutboxListItem>(Prisma.sql`
    SELECT id::text, "to", subject, status::text AS status, created_at AS "createdAt", attempts
      FROM outbox_emails
     WHERE (${to ?? null}::text IS NULL OR "to" = ${to ?? null}::text)
     ORDER BY created_at DESC
     LIMIT ${limit}::int`);
}

/** One email of the outbox, whole, or null. */
export async function getOutboxEmail(db: Db, id: string): Promise<OutboxEmailView | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const row = await db.one<OutboxEmailView>(Prisma.sql`
    SELECT id::text, "to", "from", subject, html, text FROM outbox_emails WHERE id = ${id}::uuid`);
  return row ?? null;
}
