import path from "node:path";

// Where the embedded database lives when DATABASE_URL is not set. Relative to
// the directory npm runs scripts in (the project root) unless overridden.
export function embeddedDataDir(): string {
  // turbopackIgnore: a runtime path, not a file the server bundle needs.
  return path.resolve(/*turbopackIgnore: true*/ process.env.EMBEDDED_DB_DIR ?? ".data/pglite");
}

// The Unix socket directory the embedded server listens in. Kept beside the
// data directory so two checkouts never share a server.
export function embeddedSocketDir(dataDir = embeddedDataDir()): string {
  return `${dataDir}-socket`;
}

export function embeddedDatabaseUrl(dataDir = embeddedDataDir()): string {
  return `postgresql://postgres:postgres@localhost/postgres?host=${embeddedSocketDir(dataDir)}`;
}

/** The URL every part of the app connects to: the configured one, else the embedded server. */
export function resolveDatabaseUrl(): string {
  const configured = process.env.DATABASE_URL?.trim();
  return configured ? configured : embeddedDatabaseUrl();
}

/** A URL that reaches its server through a Unix socket (`?host=/dir`), as the embedded database is served. */
export function connectsOverUnixSocket(url: string): boolean {
  return new URL(url).searchParams.get("host")?.startsWith("/") ?? false;
}
