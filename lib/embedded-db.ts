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

  // pg_trgm: the member search's indexes (migration 20261129130000_member_search_trgm).
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const db = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({ db, path: socketFile(socketDir), maxConnections });
  keepExtendedQueriesTogether(server as unknown as { queryQueue: QueryQueue });
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

type QueuedMessage = {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
  onData: (data: Uint8Array) => void;
};
type QueryQueue = {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction(): boolean;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<unknown>;
  };
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
};

// Frontend message types of the extended query protocol that must reach the
// backend without another connection's messages in between, up to the Sync.
const EXTENDED = new Set(["P", "B", "D", "E", "C", "H"].map((c) => c.charCodeAt(0)));
const SYNC = "S".charCodeAt(0);
const QUERY = "Q".charCodeAt(0);

/**
 * All connections share PGlite's one backend. pglite-socket keeps a
 * connection's transaction together, but outside a transaction it interleaves
 * single messages, so two connections' Parse/Bind/Execute sequences clobber
 * each other's unnamed statement ("unnamed prepared statement does not exist",
 * or worse, one query's parameters bound to another's statement). This queue
 * also keeps a connection's messages together until its Sync.
 */
function keepExtendedQueriesTogether(server: { queryQueue: QueryQueue }): void {
  const queue = server.queryQueue;
  let inSequence: number | null = null;
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId) => {
    if (inSequence === handlerId) inSequence = null;
    clear(handlerId);
  };
  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = this.db.isInTransaction() ? this.lastHandlerId : inSequence;
        const index = owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === owner);
        // The owner's next message has not arrived yet: wait for it (enqueue calls us again).
        if (index === -1) break;
        const [item] = this.queue.splice(index, 1);
        if (!item) break;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          if (inSequence === item.handlerId) inSequence = null;
          item.reject(error);
          continue;
        }
        const type = item.message[0] ?? 0;
        if (type === SYNC || type === QUERY) inSequence = null;
        else if (EXTENDED.has(type)) inSequence = item.handlerId;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }.bind(queue);
}

/** Serves the embedded database unless another process already does. */
export async function ensureEmbeddedDatabase(dataDir = embeddedDataDir()): Promise<EmbeddedDatabase> {
  if (await embeddedServerIsUp(embeddedSocketDir(dataDir))) {
    return { url: embeddedDatabaseUrl(dataDir), close: async () => {} };
  }
  return startEmbeddedDatabase(dataDir);
}
