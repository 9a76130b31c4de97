// Database-level operations the native engine performs itself but the wasm
// engine leaves to its host: shadow databases and the one-shot
// create/drop/can-connect commands.
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** A user-facing engine error, reported with a Prisma error code. */
export class EngineError extends Error {
  constructor(
    readonly errorCode: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

function describeServer(url: URL): string {
  const socketDir = url.searchParams.get("host");
  if (socketDir?.startsWith("/")) return socketDir;
  return `${url.hostname || "localhost"}:${url.port || "5432"}`;
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  return name || "postgres";
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Maps a pg/Node error to the code and wording the native engine would use. */
export function toEngineError(error: unknown, url: string): EngineError {
  const u = new URL(url);
  const server = describeServer(u);
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case "3D000":
      return new EngineError(
        "P1003",
        `Database \`${databaseName(url)}\` does not exist on the database server at \`${server}\`.`,
      );
    case "28P01":
    case "28000":
      return new EngineError(
        "P1000",
        `Authentication failed against database server at \`${server}\`, the provided database credentials for \`${decodeURIComponent(u.username)}\` are not valid.`,
      );
    case "42P04":
      return new EngineError(
        "P1009",
        `Database \`${databaseName(url)}\` already exists on the database server at \`${server}\``,
      );
    case "ECONNREFUSED":
    case "ENOENT":
    case "ENOTFOUND":
    case "EHOSTUNREACH":
    case "ETIMEDOUT":
      return new EngineError(
        "P1001",
        `Can't reach database server at \`${server}\`\n\nPlease make sure your database server is running at \`${server}\`.`,
      );
    default:
      return new EngineError(undefined, e.message ?? String(error));
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw toEngineError(error, url);
  }
  try {
    return await fn(client);
  } catch (error) {
    throw error instanceof EngineError ? error : toEngineError(error, url);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Connects to the server's maintenance database, as CREATE/DROP DATABASE must not run inside the target. */
async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  try {
    return await withClient(withDatabase(url, "postgres"), fn);
  } catch (error) {
    if (error instanceof EngineError && error.errorCode === "P1003") {
      return withClient(withDatabase(url, "template1"), fn);
    }
    throw error;
  }
}

export async function canConnect(url: string): Promise<void> {
  await withClient(url, (client) => client.query("SELECT 1"));
}

export async function createDatabase(url: string): Promise<string> {
  const name = databaseName(url);
  await withAdminClient(url, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return name;
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withAdminClient(url, (client) => client.query(`DROP DATABASE ${quoteIdent(name)}`));
}

async function isPGlite(url: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ version: string }>("SELECT version() AS version");
    return /PGlite/i.test(rows[0]?.version ?? "");
  });
}

export type ShadowDatabase = { url: string; drop: () => Promise<void> };

/**
 * A database to replay the migration history on, which is never the main one.
 * The native engine creates and drops such a database itself; adapter-pg's
 * own connectToShadowDb would silently reuse the main database.
 */
export async function createShadowDatabase(mainUrl: string, shadowDatabaseUrl?: string): Promise<ShadowDatabase> {
  if (shadowDatabaseUrl) return prepareConfiguredShadow(mainUrl, shadowDatabaseUrl);
  // PGlite has a single database (CREATE DATABASE "succeeds" but cannot be
  // connected to), so its shadow is a whole scratch in-memory instance.
  if (await isPGlite(mainUrl)) return startScratchPGlite();

  const name = `prisma_shadow_${crypto.randomBytes(8).toString("hex")}`;
  await withClient(mainUrl, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      const message = (error as Error).message;
      throw new EngineError(
        "P3014",
        `Prisma Migrate could not create the shadow database. Please make sure the database user has permission to create databases, or set datasource.shadowDatabaseUrl in prisma.config.ts.\n\nOriginal error: ${message}`,
      );
    }
  });
  let dropped: Promise<void> | undefined;
  return {
    url: withDatabase(mainUrl, name),
    // FORCE (PostgreSQL 13+) ends sessions a crashed replay may have left.
    drop: () =>
      (dropped ??= withClient(mainUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      })),
  };
}

async function prepareConfiguredShadow(mainUrl: string, shadowUrl: string): Promise<ShadowDatabase> {
  const key = (url: string) => {
    const u = new URL(url);
    return `${describeServer(u)}/${databaseName(url)}`;
  };
  if (key(mainUrl) === key(shadowUrl)) {
    throw new EngineError(
      undefined,
      "The shadow database you configured appears to be the same as the main database. Please specify another shadow database.",
    );
  }
  // Like the native engine, start from an empty shadow: it is scratch space.
  await withClient(shadowUrl, async (client) => {
    const { rows } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace
       WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
    );
    for (const { nspname } of rows) await client.query(`DROP SCHEMA ${quoteIdent(nspname)} CASCADE`);
    await client.query("CREATE SCHEMA IF NOT EXISTS public");
  });
  return { url: shadowUrl, drop: async () => {} };
}

// Creating a PGlite instance runs initdb (~3 s on 2 cores); loading a dump of
// a pristine cluster takes under 1 s and cloning a loaded one ~0.7 s. The
// engine asks for a shadow database several times per command, and the CLI
// starts a new engine for every command, so keep both: one pristine instance
// per process, its dump cached on disk. The cache lives in the project's
// node_modules/.cache, not in a shared temporary directory, because whatever
// is in the shadow database shapes the migrations generated from it.
let pristine: Promise<PGliteInstance> | undefined;
type PGliteInstance = Awaited<ReturnType<typeof import("@electric-sql/pglite").PGlite.create>>;

function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve("@electric-sql/pglite"));
  // Its package.json is not exported: walk up from the entry point.
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

async function createPristine(): Promise<PGliteInstance> {
  const { PGlite } = await import("@electric-sql/pglite");
  // The extensions the migrations create (as the embedded database loads them, lib/embedded-db.ts).
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const extensions = { pg_trgm };
  const here = path.dirname(fileURLToPath(import.meta.url));
  const cacheDir = path.join(here, "..", "..", "node_modules", ".cache", "prisma-schema-engine");
  const cacheFile = path.join(cacheDir, `pglite-${pgliteVersion()}-pristine.tar.gz`);
  if (fs.existsSync(cacheFile)) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(cacheFile)]), extensions });
    } catch {
      fs.rmSync(cacheFile, { force: true }); // unreadable: rebuild it below
    }
  }
  const db = await PGlite.create({ extensions }); // in memory: nothing to clean up on disk
  try {
    const dump = await db.dumpDataDir("gzip");
    fs.mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed, so a concurrent reader never sees half a file.
    const partial = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, cacheFile);
  } catch {
    // Only a cache.
  }
  return db;
}

async function startScratchPGlite(): Promise<ShadowDatabase> {
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  pristine ??= createPristine();
  const db = await (await pristine).clone();
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "prisma-shadow-"));
  const server = new PGLiteSocketServer({ db, path: path.join(socketDir, ".s.PGSQL.5432"), maxConnections: 8 });
  await server.start();
  let dropped: Promise<void> | undefined;
  return {
    url: `postgresql://postgres:postgres@localhost/postgres?host=${socketDir}`,
    drop: () =>
      (dropped ??= (async () => {
        await server.stop();
        await db.close();
        fs.rmSync(socketDir, { recursive: true, force: true });
      })()),
  };
}
