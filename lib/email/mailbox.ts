// The development mailbox's reads (app/dev/mailbox): the outbox as recipients
// would see it. Development only; the page refuses to render in production.
import type { Db } from "../db";

/** The newest emails in the outbox, to one address when `to` is given. */
export async function listOutboxEmails(db: Db, { to, limit = 50 }: { to?: string; limit?: number } = {}) {
  return db.outboxEmail.findMany({
    where: to ? { to } : undefined,
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, to: true, subject: true, status: true, createdAt: true, attempts: true },
  });
}

/** One email of the outbox, whole, or null. */
export async function getOutboxEmail(db: Db, id: string) {
  return db.outboxEmail.findUnique({
    where: { id },
    select: { id: true, to: true, from: true, subject: true, html: true, text: true },
  });
}
