// Shared by the benchmark scripts.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { root } from "./lib";

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function waitForServer(base: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/sign-in`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

export async function refuseBusyPort(base: string): Promise<void> {
  if (await fetch(base).then(() => true, () => false)) {
    console.error(`Something already listens on ${base}: stop it or set BENCH_PORT.`);
    process.exit(2);
  }
}

/** The last production build, started as `npm start` starts it (one server process per core, WEB_CONCURRENCY overrides). */
export function startProductionServer(port: number, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/run.ts"), "start", "-p", String(port)], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production" as const,
      AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-secret-0123456789abcdef0123456789",
      OUTBOX_WORKER: "off",
      AUTH_URL: `http://localhost:${port}`,
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export type LoadResult = { requests: number; p50: number; p90: number; p99: number; rps: number; statuses: Map<number, number> };

/** Closed-loop load: `concurrency` clients, each sending its next request when the last one answered. */
export async function closedLoop(
  concurrency: number,
  requests: number,
  send: (client: number, i: number) => Promise<{ status: number }>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      while (next < requests) {
        const i = next++;
        const t0 = performance.now();
        const response = await send(client, i);
        latencies.push(performance.now() - t0);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    rps: latencies.length / seconds,
    statuses,
  };
}

export type SimpleResponse = { status: number; body: string; bytes: number };

/**
 * A lean HTTP client for load generation: keep-alive node:http, so the
 * measuring client takes less of the machine's two cores than fetch does.
 */
export function httpClient(base: string, connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const origin = new URL(base);
  return (pathAndQuery: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<SimpleResponse> =>
    new Promise((resolve, reject) => {
      const request = http.request(
        { agent, hostname: origin.hostname, port: origin.port, path: pathAndQuery, method: init.method ?? "GET", headers: init.headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const body = Buffer.concat(chunks);
            resolve({ status: response.statusCode ?? 0, body: body.toString("utf8"), bytes: body.length });
          });
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(init.body);
    });
}
