// The embedded PostgreSQL (PGlite) served over a Unix socket, so the app and
// the Prisma CLI only ever see an ordinary postgresql:// URL. One process owns
// the data directory at a time; everyone else connects through the socket.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { embeddedDataDir, embeddedDatabaseUrl, embeddedSocketDir } from "./database-url";

export type EmbeddedDatabase = { url: string; close: () => Promise<void> };

function socketFile(socketDir: string): string {
  return path.join(socketDir, ".s.PGSQL.5432");
}

/** True when something accepts connections on the embedded socket. */
export function embeddedServerIsUp(socketDir = embeddedSocketDir()): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketFile(socketDir));
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Opens the data directory (creating the cluster on first use) and serves it.
 * Callers must not do this while another process serves the same directory:
 * use ensureEmbeddedDatabase, which checks the socket first.
 */
export async function startEmbeddedDatabase(
  dataDir = embeddedDataDir(),
  { maxConnections = 32 }: { maxConnections?: number } = {},
): Promise<EmbeddedDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const socketDir = embeddedSocketDir(dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  fs.mkdirSync(socketDir, { recursive: true });
  // A socket file left by a process that died would make listen() fail.
  fs.rmSync(socketFile(socketDir), { force: true });

  const db = await PGlite.create({ dataDir });
  const server = new PGLiteSocketServer({ db, path: socketFile(socketDir), maxConnections });
  await server.start();

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      await server.stop();
      await db.close();
      fs.rmSync(socketFile(socketDir), { force: true });
    })());
  return { url: embeddedDatabaseUrl(dataDir), close };
}

/** Serves the embedded database unless another process already does. */
export async function ensureEmbeddedDatabase(dataDir = embeddedDataDir()): Promise<EmbeddedDatabase> {
  if (await embeddedServerIsUp(embeddedSocketDir(dataDir))) {
    return { url: embeddedDatabaseUrl(dataDir), close: async () => {} };
  }
  return startEmbeddedDatabase(dataDir);
}
