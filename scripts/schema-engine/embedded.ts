// Serving the embedded PGlite database for the length of one engine process,
// so the CLI works whether or not `npm run dev` is already serving it.
import fs from "node:fs";
import path from "node:path";
import { embeddedDatabaseUrl, embeddedSocketDir } from "../../lib/database-url";
import { embeddedServerIsUp, ensureEmbeddedDatabase } from "../../lib/embedded-db";

/**
 * The data directory behind an embedded-database URL, or undefined for any
 * other URL. Derived from the URL rather than from the cwd, because the CLI
 * spawns the engine from the schema's directory and EMBEDDED_DB_DIR may point
 * elsewhere; only URLs exactly of the embedded form qualify.
 */
export function embeddedDataDirOf(url: string): string | undefined {
  let socketDir: string | null;
  try {
    socketDir = new URL(url).searchParams.get("host");
  } catch {
    return undefined;
  }
  if (!socketDir?.endsWith("-socket")) return undefined;
  const dataDir = socketDir.slice(0, -"-socket".length);
  return embeddedDatabaseUrl(dataDir) === url ? dataDir : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Serves the data directory unless someone already does; returns the closer.
 *
 * The CLI stops an engine with SIGTERM and immediately spawns the next one, so
 * a closing engine can still be flushing PGlite while the next one finds the
 * socket gone and would open the same directory: a lock file held while this
 * process owns the directory makes the next one wait instead.
 */
export async function serveEmbedded(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = `${dataDir}.engine.lock`;
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let content: string;
    try {
      content = fs.readFileSync(lockFile, "utf8").trim();
    } catch {
      continue; // released in the meantime
    }
    const holder = Number(content);
    // An empty file is one being written right now, unless it is old.
    const writtenAt = fs.statSync(lockFile, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    const stale = content === "" ? Date.now() - writtenAt > 5_000 : !(holder > 0 && isAlive(holder));
    if (stale) {
      fs.rmSync(lockFile, { force: true }); // left by a process that died
      continue;
    }
    // The holder is serving, not closing: share its server.
    if (await embeddedServerIsUp(embeddedSocketDir(dataDir))) return async () => {};
    if (Date.now() > deadline) throw new Error(`Timed out waiting for process ${holder} to release ${dataDir}`);
    await sleep(100);
  }
  const releaseLock = () => fs.rmSync(lockFile, { force: true });
  try {
    // Served by another process (`npm run dev`, a test): just connect to it,
    // and do not make other engines wait on a lock this process has no use for.
    if (await embeddedServerIsUp(embeddedSocketDir(dataDir))) {
      releaseLock();
      return async () => {};
    }
    const db = await ensureEmbeddedDatabase(dataDir);
    return async () => {
      try {
        await db.close();
      } finally {
        releaseLock();
      }
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}
