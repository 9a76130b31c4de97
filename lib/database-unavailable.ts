// Telling "the database is unavailable" (a restart, a failover, a full
// connection table, an unreachable host) from every other failure: those
// requests did nothing and may simply be retried, so callers answer 503 with
// Retry-After, or "temporarily unavailable, try again", instead of a 500.
//
// The errors arrive in three shapes: node-postgres's own (every statement the
// app runs through lib/db.ts), socket errors, and Prisma's (the tests' and
// scripts' client, on the same pool), which wraps the driver adapter's in meta.driverAdapterError (a `kind`, or for a server
// error kind "postgres" with the SQLSTATE in `code`).

/** Seconds a client is asked to wait before retrying. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

export const DATABASE_UNAVAILABLE_MESSAGE = "The service is temporarily unavailable. Try again in a moment.";

// SQLSTATEs: class 08 (connection exception), admin/crash shutdown, starting
// up or in recovery, too many connections, out of memory or disk.
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "57P05", "53300", "53100", "53200", "58030"]);
// Prisma's codes for: can't reach the server, timed out connecting, server closed the connection, pool timeout.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// The driver adapter's kinds for a lost or refused connection.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// Socket errors on connect or mid-query (ENOENT: the embedded server's Unix socket is gone).
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOENT",
]);
// node-postgres states these only in messages.
const PG_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Cannot use a pool after calling end on the pool/,
  /^Unable to start a transaction in the given time/,
];

type Node = {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  syscall?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
};

function matches(node: Node): boolean {
  const code = typeof node.code === "string" ? node.code : undefined;
  if (code) {
    if (SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || PRISMA_CODES.has(code)) return true;
    if (SOCKET_CODES.has(code) && (code !== "ENOENT" || node.syscall === "connect")) return true;
  }
  if (typeof node.kind === "string" && ADAPTER_KINDS.has(node.kind)) return true;
  const message = typeof node.message === "string" ? node.message.trim() : "";
  // Prisma prefixes its messages with the call site; the pool timeout keeps its own sentence.
  return (
    PG_MESSAGES.some((pattern) => pattern.test(message)) ||
    (code === "P2028" && /Unable to start a transaction/.test(message))
  );
}

/** True when the error (or what it wraps) says the database could not be reached or dropped the connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const node = queue.shift();
    if (!node || typeof node !== "object" || seen.has(node) || seen.size > 20) continue;
    seen.add(node);
    const candidate = node as Node;
    if (matches(candidate)) return true;
    queue.push(candidate.cause, candidate.meta?.driverAdapterError);
    if (node instanceof AggregateError) queue.push(...node.errors);
  }
  return false;
}

// During an outage every request fails the same way: one line every few seconds is enough.
const REPORT_EVERY_MS = 5_000;
let lastReport = 0;
let unreported = 0;

/** Logs an unavailable database, at most once every few seconds, with how many failures it stands for. */
export function reportDatabaseUnavailable(where: string, error: unknown): void {
  const now = Date.now();
  unreported++;
  if (now - lastReport < REPORT_EVERY_MS) return;
  const detail = error instanceof Error ? error.message.trim().split("\n").at(-1) : String(error);
  console.warn(
    `[${where}] database unavailable (${unreported} request${unreported === 1 ? "" : "s"} refused since the last report): ${detail}`,
  );
  lastReport = now;
  unreported = 0;
}
