// The one Prisma client. The app always talks to PostgreSQL through
// @prisma/adapter-pg: a real server when DATABASE_URL is set, otherwise the
// embedded PGlite server that `npm run dev` / `npm start` serve on a socket.
// Prisma and the hot read paths (readRows) share one node-postgres pool.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client";
import { connectsOverUnixSocket, resolveDatabaseUrl } from "./database-url";
import { numberSetting } from "./settings";

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
// What the rules take: the client or a transaction of it. Prisma nests a
// transaction opened inside another as a savepoint, so a rule called inside a
// caller's transaction (the REST API builds its answer there) stays atomic.
export type Db = Tx;

// Next.js bundles this module into several server chunks: what must be one per process lives on globalThis.
type Pools = { prisma: PrismaClient; pool: pg.Pool; statementNames: Map<string, string> };

function createClient(): Pools {
  const pool = new pg.Pool({
    connectionString: resolveDatabaseUrl(),
    max: numberSetting("DATABASE_POOL_SIZE", 10, { min: 1 }),
    // An unreachable host (no refusal, no answer) fails the request with a 503 instead of hanging it.
    connectionTimeoutMillis: numberSetting("DATABASE_CONNECT_TIMEOUT_MS", 15_000),
    // Scripts and tests end when their work does, without waiting for idle connections to time out.
    allowExitOnIdle: true,
  });
  // An idle connection the server ends (a restart) is dropped by the pool, which then emits
  // 'error': without a listener of its own (Prisma adds one only once it first connects) that
  // would take the process down. The next checkout opens a new connection.
  pool.on("error", () => {});
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return { prisma: new PrismaClient({ adapter }), pool, statementNames: new Map() };
}

// Dev-mode hot reloads re-evaluate modules: keep one pool per process.
const globalForPrisma = globalThis as unknown as { prismaPools?: Pools };
const pools = globalForPrisma.prismaPools ?? createClient();
globalForPrisma.prismaPools = pools;
export const db: PrismaClient = pools.prisma;

// Prepared statements only over TCP: the embedded server (a Unix socket) gives all its
// connections one PGlite session, where one connection's statement would collide with another's.
const preparedStatements =
  !connectsOverUnixSocket(resolveDatabaseUrl()) && process.env.DATABASE_PREPARED_STATEMENTS?.trim() !== "false";
const MAX_PREPARED = 200;

/**
 * Rows of a read-only statement, written as Prisma.sql. Outside a transaction
 * it runs straight on the shared node-postgres pool, as a named (prepared)
 * statement, skipping Prisma's driver-adapter pipeline, whose cost shows on the
 * hottest reads (`npm run bench:api`).
 * Inside a transaction it runs there, through Prisma, with the same results:
 * timestamps (every column is timestamptz) as Dates, jsonb parsed, integers as
 * numbers (cast counts to int), enums as text (cast them).
 */
export async function readRows<T>(client: Db | AnyTx, query: Prisma.Sql): Promise<T[]> {
  if (isSqlTx(client)) return txRows<T>(client, query);
  if (client !== db) return (client as Db).$queryRaw<T[]>(query);
  // Names by SQL text, kept beside the pool (one map for every bundled copy of this module).
  // A bounded set per connection; rare shapes beyond it run unnamed.
  const names = pools.statementNames;
  let name = preparedStatements ? names.get(query.text) : undefined;
  if (preparedStatements && !name && names.size < MAX_PREPARED) {
    name = `read_${names.size + 1}`;
    names.set(query.text, name);
  }
  const result = await pools.pool.query<T & pg.QueryResultRow>({ name, text: query.text, values: query.values });
  return result.rows;
}

/** A transaction straight on the node-postgres pool (see transaction()). */
export type SqlTx = { readonly client: pg.PoolClient };
/** Either kind of transaction: rules written with txRows run in both. */
export type AnyTx = Tx | SqlTx;

function isSqlTx(tx: Db | AnyTx): tx is SqlTx {
  return "client" in tx && tx.client instanceof pg.Client;
}

/** Rows of a statement inside a transaction of either kind. */
export async function txRows<T>(tx: AnyTx, query: Prisma.Sql): Promise<T[]> {
  if (!isSqlTx(tx)) return tx.$queryRaw<T[]>(query);
  const result = await tx.client.query<T & pg.QueryResultRow>({ text: query.text, values: query.values });
  return result.rows;
}

/**
 * A READ COMMITTED transaction for the hottest rules (role changes and
 * removals): on the shared pool, statements written with txRows, no Prisma
 * transaction bookkeeping around each one. Given anything but the app's client
 * (a Prisma transaction, say), it runs in a Prisma transaction instead;
 * given a transaction of its own kind, it runs in that one (the REST API
 * builds its answer in the transaction of the change).
 */
export async function transaction<T>(client: Db | AnyTx, fn: (tx: AnyTx) => Promise<T>): Promise<T> {
  if (isSqlTx(client)) return fn(client);
  if (client !== db) return client.$transaction((tx) => fn(tx));
  const connection = await pools.pool.connect();
  let broken: Error | undefined;
  // A checked-out client has no pool listener: a connection the server ends (a restart)
  // would otherwise raise an unhandled 'error' and take the process down.
  const onError = (error: Error) => (broken = error);
  connection.on("error", onError);
  try {
    await connection.query("BEGIN");
    const result = await fn({ client: connection });
    await connection.query("COMMIT");
    return result;
  } catch (error) {
    await connection.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    connection.off("error", onError);
    // A connection that could not roll back (or that the server ended) is closed rather than reused.
    connection.release(broken);
  }
}
