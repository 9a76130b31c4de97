// No "server-only" here: the route handlers that import it are driven by the tests too.
/**
 * The app's database handle, for pages, server actions and route handlers to
 * hand to lib/domain, whose functions are the only code that queries it.
 * ESLint keeps lib/db and Prisma out of app/ and components/, and refuses a
 * query written on the handle there (db.<anything>): a read or write a page
 * needs becomes a function in lib/domain (or lib/email for the outbox).
 */
import { db, type Tx } from "../db";

export { db };

/** A transaction for a route handler that builds its answer in the change's transaction (the REST API). */
export function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(fn);
}
