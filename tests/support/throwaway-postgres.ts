// A PostgreSQL 15 cluster of the test's own, in a temporary directory on a
// free port: for drills that stop and restart the server, which the shared
// test database must never be. initdb refuses to run as root, so as root the
// cluster belongs to the `postgres` OS user (the packaged server's user).
import { execFile, execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const PG_BIN = process.env.TEST_PG_BIN_DIR?.trim() || "/usr/lib/postgresql/15/bin";

/** Why a throwaway cluster cannot be made here, or null when it can. */
export function throwawayPostgresUnavailable(): string | null {
  if (!fs.existsSync(path.join(PG_BIN, "initdb"))) return `no PostgreSQL binaries in ${PG_BIN} (set TEST_PG_BIN_DIR)`;
  if (isRoot() && spawnSync("id", ["-u", "postgres"]).status !== 0)
    return "running as root without a postgres OS user to own the cluster";
  return null;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function asOwner(binary: string, args: string[]): [string, string[]] {
  const file = path.join(PG_BIN, binary);
  return isRoot() ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
}

/** Runs a PostgreSQL binary as the cluster's owner. */
function pgRun(binary: string, args: string[]): string {
  const [command, fullArgs] = asOwner(binary, args);
  return execFileSync(command, fullArgs, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], cwd: os.tmpdir() });
}

/** The same without blocking the event loop: requests in flight keep running meanwhile. */
function pgRunAsync(binary: string, args: string[]): Promise<void> {
  const [command, fullArgs] = asOwner(binary, args);
  return new Promise((resolve, reject) =>
    execFile(command, fullArgs, { cwd: os.tmpdir() }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${binary} failed: ${stderr}`)) : resolve(),
    ),
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type ThrowawayPostgres = {
  url: string;
  port: number;
  /** Fast shutdown: open sessions are terminated (57P01), new ones refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): void;
};

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgs-drill-pg-"));
  const data = path.join(dir, "data");
  const passwordFile = path.join(dir, "password");
  fs.writeFileSync(passwordFile, "postgres\n");
  if (isRoot()) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  fs.chmodSync(dir, 0o700);
  pgRun("initdb", [
    "-D",
    data,
    "-U",
    "postgres",
    "--pwfile",
    passwordFile,
    "--auth=scram-sha-256",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  const port = await freePort();
  const log = path.join(dir, "server.log");
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=60`;
  const start = () => pgRunAsync("pg_ctl", ["-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start"]);
  const stop = () => pgRunAsync("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"]);
  await start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    destroy() {
      try {
        pgRun("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "60", "stop"]);
      } catch {
        // Already stopped.
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
