// The driver adapter the wasm schema engine talks to the database through:
// @prisma/adapter-pg, corrected where it differs from what the native engine
// does (docs/prisma-schema-engine.md, pitfalls 2-5).
import { PrismaPg } from "@prisma/adapter-pg";
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { createShadowDatabase, type ShadowDatabase } from "./databases";
import { logLine } from "./log";

const CHAR_OID = 18; // Postgres' internal one-byte "char" (pg_constraint.contype...)
const TEXT_OID = 25;

// Result rows arrays whose columns were "char", keyed by identity: adapter-pg
// hands pg's `rows` array back untouched, so the mark survives the trip and
// concurrent queries cannot mix up each other's marks.
const charColumns = new WeakMap<object, number[]>();

type FieldLike = { dataTypeID: number };
type ResultLike = { fields?: FieldLike[]; rows?: unknown[] };

function markCharColumns(result: unknown): void {
  // A multi-statement simple query yields one result per statement.
  const results = Array.isArray(result) ? (result as ResultLike[]) : [result as ResultLike];
  for (const r of results) {
    if (!r?.fields || !r.rows) continue;
    const indices: number[] = [];
    r.fields.forEach((field, i) => {
      if (field.dataTypeID === CHAR_OID) {
        // adapter-pg throws "Unsupported column type char" on OID 18, and the
        // engine reads "char" columns from pg_constraint and pg_class: present
        // them as text to get past adapter-pg, then retype them below.
        field.dataTypeID = TEXT_OID;
        indices.push(i);
      }
    });
    if (indices.length > 0) charColumns.set(r.rows, indices);
  }
}

type QueryFn = (...args: unknown[]) => unknown;

// Wraps one pg client's query() so every result passes through
// markCharColumns, whichever calling convention pg-pool or adapter-pg uses.
function patchClient(client: pg.PoolClient): void {
  const original = client.query.bind(client) as QueryFn;
  const patched: QueryFn = (...args) => {
    const first = args[0] as { submit?: unknown } | undefined;
    if (first && typeof first.submit === "function") return original(...args);
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (err: unknown, res: unknown) => {
        if (!err) markCharColumns(res);
        (callback as (e: unknown, r: unknown) => void)(err, res);
      };
      return original(...args);
    }
    return (original(...args) as Promise<unknown>).then((res) => {
      markCharColumns(res);
      return res;
    });
  };
  // pg's query() is a large overload set; the wrapper keeps its behaviour.
  client.query = patched as typeof client.query;
}

function makePool(connectionString: string): pg.Pool {
  // One connection is all the engine needs, and allowExitOnIdle stops an idle
  // pool from keeping the process alive (the engine already leaves a timer).
  const pool = new pg.Pool({ connectionString, max: 1, allowExitOnIdle: true });
  pool.on("connect", patchClient);
  return pool;
}

function fixCharTypes(result: SqlResultSet): SqlResultSet {
  const indices = charColumns.get(result.rows);
  if (indices) {
    const columnTypes = [...result.columnTypes];
    for (const i of indices) columnTypes[i] = ColumnTypeEnum.Character;
    return { ...result, columnTypes };
  }
  return result;
}

function wrapTransaction(tx: Transaction): Transaction {
  const wrapped: Transaction = {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: async (q: SqlQuery) => fixCharTypes(await tx.queryRaw(q)),
    executeRaw: (q: SqlQuery) => tx.executeRaw(q),
    commit: () => tx.commit(),
    rollback: () => tx.rollback(),
  };
  if (tx.createSavepoint) wrapped.createSavepoint = tx.createSavepoint.bind(tx);
  if (tx.rollbackToSavepoint) wrapped.rollbackToSavepoint = tx.rollbackToSavepoint.bind(tx);
  if (tx.releaseSavepoint) wrapped.releaseSavepoint = tx.releaseSavepoint.bind(tx);
  return wrapped;
}

async function connectAdapter(url: string, onDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  const inner = await new PrismaPg(makePool(url), { disposeExternalPool: true }).connect();
  const adapter: SqlDriverAdapter = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: async (q) => fixCharTypes(await inner.queryRaw(q)),
    executeRaw: (q) => inner.executeRaw(q),
    // adapter-pg splits scripts on every ';', which breaks $$ bodies and
    // string literals. Like the native engine, send the whole migration as one
    // simple-protocol query (no parameters), which Postgres runs as a single
    // implicit transaction. executeRaw keeps adapter-pg's error mapping.
    executeScript: async (script) => {
      await inner.executeRaw({ sql: script, args: [], argTypes: [] });
    },
    startTransaction: async (isolationLevel) => wrapTransaction(await inner.startTransaction(isolationLevel)),
    dispose: async () => {
      await inner.dispose();
      await onDispose?.();
    },
  };
  if (inner.getConnectionInfo) adapter.getConnectionInfo = inner.getConnectionInfo.bind(inner);
  return adapter;
}

export type MigrationAdapterFactory = SqlMigrationAwareDriverAdapterFactory & {
  /** Drops any shadow database still alive; for process exit. */
  cleanup(): Promise<void>;
};

export function migrationAdapterFactory(url: string | undefined, shadowDatabaseUrl?: string): MigrationAdapterFactory {
  const liveShadows = new Set<ShadowDatabase>();
  const requireUrl = (): string => {
    if (!url) throw new Error("No datasource URL: set datasource.url in prisma.config.ts.");
    return url;
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connectAdapter(requireUrl()),
    // PrismaPg#connectToShadowDb keeps the URL's database and would replay the
    // migration history on the main database: never delegate to it.
    connectToShadowDb: async () => {
      const started = Date.now();
      const shadow = await createShadowDatabase(requireUrl(), shadowDatabaseUrl);
      liveShadows.add(shadow);
      logLine("INFO", { message: `Shadow database ready in ${Date.now() - started} ms` });
      return connectAdapter(shadow.url, async () => {
        liveShadows.delete(shadow);
        await shadow.drop();
        logLine("INFO", { message: "Shadow database dropped" });
      });
    },
    cleanup: async () => {
      const shadows = [...liveShadows];
      liveShadows.clear();
      await Promise.allSettled(shadows.map((s) => s.drop()));
    },
  };
}
