// How the app talks to PostgreSQL: one handle, `db`, with four methods
// (rows, one, execute, transaction) taking SQL written with the Prisma.sql tag
// (values always travel as parameters). Outside a transaction a statement runs
// on a shared node-postgres pool; `db.transaction(fn)` runs fn with a `Tx`
// (BEGIN ... COMMIT on one pool connection, READ COMMITTED), which has the same
// four methods, so a rule written against `Db` runs alone or inside a caller's
// transaction: a transaction opened on a Tx joins it (the REST API builds its
// answer in the transaction of the change).
//
// Results are what node-postgres gives: timestamptz columns as Dates, jsonb
// parsed, int4 as numbers (cast counts to int), enums as text (cast them).
//
// The connection is a real server when DATABASE_URL is set, otherwise the
// embedded PGlite server that `npm run dev` / `npm start` serve on a socket.
// `prisma`, the Prisma client on the same pool, is for tests, e2e fixtures,
// scripts and seeds only: ESLint keeps it out of the app's code.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, Prisma } from "./generated/prisma/client";
import { connectsOverUnixSocket, resolveDatabaseUrl } from "./database-url";
import { numberSetting } from "./settings";

export type TransactionOptions = {
  /** How long to wait for a free connection before giving up ("Unable to start a transaction in the given time"). */
  maxWaitMs?: number;
  /** The longest the transaction may run: past it, its next statement (or its commit) fails and it rolls back. */
  timeoutMs?: number;
};

/** What every rule takes: the app's handle or a transaction of it, with the same methods. */
export interface Db {
  /** The rows a statement returns. */
  rows<T>(query: Prisma.Sql): Promise<T[]>;
  /** The first row a statement returns, or undefined. */
  one<T>(query: Prisma.Sql): Promise<T | undefined>;
  /** Runs a statement; the number of rows it touched. */
  execute(query: Prisma.Sql): Promise<number>;
  /** Runs fn in a transaction: a new one on the app's handle, the open one on a Tx. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

// Next.js bundles this module into several server chunks: what must be one per process lives on globalThis.
type Pools = { prisma: PrismaClient; pool: pg.Pool; statementNames: Map<string, string> };

function createPools(): Pools {
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
const globalForPools = globalThis as unknown as { prismaPools?: Pools };
const pools = globalForPools.prismaPools ?? createPools();
globalForPools.prismaPools = pools;

/** The Prisma client, on the app's pool: for tests, e2e fixtures, scripts and seeds, never the app's code. */
export const prisma: PrismaClient = pools.prisma;

// Prepared statements only over TCP: the embedded server (a Unix socket) gives all its
// connections one PGlite session, where one connection's statement would collide with another's.
const preparedStatements =
  !connectsOverUnixSocket(resolveDatabaseUrl()) && process.env.DATABASE_PREPARED_STATEMENTS?.trim() !== "false";
// A bounded set of names (every connection prepares a name the first time it runs it); rarer shapes run unnamed.
const MAX_PREPARED = 500;

/**
 * The statement as node-postgres runs it: named (prepared once per connection,
 * then only bound and executed) by its SQL text, so the hot statements skip
 * parsing and planning on every call.
 */
function statement(query: Prisma.Sql): pg.QueryConfig {
  if (!preparedStatements || query.text.includes(PLAN_PER_CALL.text)) return { text: query.text, values: query.values };
  // Names by SQL text, kept beside the pool (one map for every bundled copy of this module).
  const names = pools.statementNames;
  let name = names.get(query.text);
  if (!name && names.size < MAX_PREPARED) {
    name = `s${names.size + 1}`;
    names.set(query.text, name);
  }
  return { name, text: query.text, values: query.values };
}

/**
 * Put in a statement (a search's condition carries it: lib/domain/access.ts ilikeContains) to have
 * it planned for its own values on every call instead of prepared: a prepared statement's generic
 * plan knows no search pattern, so it cannot use the trigram indexes and reads every row.
 */
export const PLAN_PER_CALL = Prisma.raw("/* plan per call */");

// The event stream (lib/domain/events.ts) records every change: a statement
// that writes one of these tables runs only inside a transaction, and that
// transaction commits only if it recorded an event. A statement that changes
// only bookkeeping columns of them says so with the comment /* no event */.
const AUDITED_WRITE =
  /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(organizations|organization_memberships|organization_invitations|organization_logos|organization_domains|organization_membership_requests|users|organization_roles|organization_permissions|organization_role_permissions)"?(?!\w)/i;
const auditedByText = new Map<string, string | null>();

/** The audited table a statement writes, if any (decided once per SQL text). */
export function auditedTableOf(text: string): string | null {
  let table = auditedByText.get(text);
  if (table === undefined) {
    table = text.includes("/* no event */") ? null : (AUDITED_WRITE.exec(text)?.[1]?.toLowerCase() ?? null);
    if (auditedByText.size < 5000) auditedByText.set(text, table);
  }
  return table;
}

/** A change to an audited table that would commit without its event: a bug in the code that wrote it. */
export class UnrecordedChangeError extends Error {
  constructor(table: string) {
    super(
      `A transaction changed ${table} without recording an event: every change writes its event in its transaction (lib/domain/event-payloads.ts).`,
    );
    this.name = "UnrecordedChangeError";
  }
}

/** The app's handle: statements on the shared pool, transactions on a connection of it. */
export class Database implements Db {
  constructor(private readonly pool: pg.Pool) {}

  async rows<T>(query: Prisma.Sql): Promise<T[]> {
    refuseAuditedWrite(query);
    return (await this.pool.query<T & pg.QueryResultRow>(statement(query))).rows;
  }

  async one<T>(query: Prisma.Sql): Promise<T | undefined> {
    return (await this.rows<T>(query))[0];
  }

  async execute(query: Prisma.Sql): Promise<number> {
    refuseAuditedWrite(query);
    return (await this.pool.query(statement(query))).rowCount ?? 0;
  }

  /** A READ COMMITTED transaction on one pool connection; rolled back when fn throws. */
  async transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const connection = await this.connect(options.maxWaitMs);
    let broken: Error | undefined;
    // A checked-out client has no pool listener: a connection the server ends (a restart)
    // would otherwise raise an unhandled 'error' and take the process down.
    const onError = (error: Error) => (broken = error);
    connection.on("error", onError);
    const tx = new Tx(connection, options.timeoutMs ? Date.now() + options.timeoutMs : Infinity);
    try {
      await connection.query("BEGIN");
      const result = await fn(tx);
      tx.checkDeadline();
      tx.checkRecorded();
      await connection.query("COMMIT");
      return result;
    } catch (error) {
      await connection.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      tx.close();
      connection.off("error", onError);
      // A connection that could not roll back (or that the server ended) is closed rather than reused.
      connection.release(broken);
    }
  }

  private async connect(maxWaitMs: number | undefined): Promise<pg.PoolClient> {
    if (maxWaitMs === undefined) return this.pool.connect();
    const connecting = this.pool.connect();
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Unable to start a transaction in the given time (${maxWaitMs} ms).`)),
        maxWaitMs,
      );
    });
    try {
      return await Promise.race([connecting, gaveUp]);
    } catch (error) {
      // A connection that arrives after the wait goes back to the pool unused.
      connecting.then((late) => late.release()).catch(() => {});
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

function refuseAuditedWrite(query: Prisma.Sql): void {
  const table = auditedTableOf(query.text);
  if (table) throw new UnrecordedChangeError(table);
}

/** An open transaction: its statements run on its connection, in order. */
export class Tx implements Db {
  private open = true;
  private changed: string | null = null;
  private events = 0;

  constructor(
    private readonly connection: pg.PoolClient,
    private readonly deadline: number,
  ) {}

  async rows<T>(query: Prisma.Sql): Promise<T[]> {
    return (await this.run<T>(query)).rows;
  }

  async one<T>(query: Prisma.Sql): Promise<T | undefined> {
    return (await this.run<T>(query)).rows[0];
  }

  async execute(query: Prisma.Sql): Promise<number> {
    return (await this.run(query)).rowCount ?? 0;
  }

  /** Already in one: fn runs in this transaction (commits with it, rolls back with it). */
  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return fn(this);
  }

  /** @internal Refuses work past the transaction's deadline (see TransactionOptions.timeoutMs). */
  checkDeadline(): void {
    if (Date.now() > this.deadline) throw new Error("Transaction timed out: it ran longer than allowed.");
  }

  /** @internal An event was written in this transaction (lib/domain/events.ts recordEvent). */
  noteEvent(): void {
    this.events++;
  }

  /** @internal Refuses to commit a change to an audited table that recorded no event. */
  checkRecorded(): void {
    if (this.changed && this.events === 0) throw new UnrecordedChangeError(this.changed);
  }

  /** @internal The transaction ended: a statement sent on it afterwards is a bug, refused. */
  close(): void {
    this.open = false;
  }

  private async run<T>(query: Prisma.Sql): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    if (!this.open) throw new Error("This transaction has already ended.");
    this.checkDeadline();
    const result = await this.connection.query<T & pg.QueryResultRow>(statement(query));
    const table = auditedTableOf(query.text);
    // A write that touched rows (or a statement whose writes hide in a WITH clause) is a change.
    if (table && (result.rowCount !== 0 || !WRITE_COMMANDS.has(result.command))) this.changed ??= table;
    return result;
  }
}

const WRITE_COMMANDS = new Set(["INSERT", "UPDATE", "DELETE"]);

/** The app's handle (see the top of this file). */
export const db: Database = new Database(pools.pool);
