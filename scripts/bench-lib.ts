// Shared by the benchmark scripts.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
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
  if (
    await fetch(base).then(
      () => true,
      () => false,
    )
  ) {
    console.error(`Something already listens on ${base}: stop it or set BENCH_PORT.`);
    process.exit(2);
  }
}

/**
 * The last production build of a checkout (this one unless `dir` names another), started as
 * `npm start` starts it (one server process per core, WEB_CONCURRENCY overrides).
 */
export function startProductionServer(port: number, env: Record<string, string>, dir = root): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(dir, "scripts/run.ts"), "start", "-p", String(port)], {
    cwd: dir,
    env: {
      ...process.env,
      NODE_ENV: "production" as const,
      AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-secret-0123456789abcdef0123456789",
      OUTBOX_WORKER: "off",
      // No email is sent while measuring; `npm start` refuses to start without a provider otherwise.
      EMAIL_DELIVERY: process.env.EMAIL_DELIVERY ?? (process.env.RESEND_API_KEY ? "" : "off"),
      AUTH_URL: `http://localhost:${port}`,
      APP_URL: `http://localhost:${port}`,
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export type LoadResult = {
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  rps: number;
  statuses: Map<number, number>;
};

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
 * A raw keep-alive HTTP/1.1 client: one socket per concurrent client, requests
 * written as one buffer, answers parsed just enough to find their end
 * (content-length or chunked): no agent, no header objects, so the load
 * generator, which shares the machine's two cores with the server it measures,
 * does as little as it can.
 */
export function rawClient(base: string) {
  const origin = new URL(base);
  const idle: RawConnection[] = [];
  return async (
    pathAndQuery: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<SimpleResponse> => {
    // A server closes keep-alive connections idle for a few seconds: skip those.
    let connection = idle.pop();
    while (connection?.closed) connection = idle.pop();
    connection ??= new RawConnection(origin.hostname, Number(origin.port));
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    let head = `${init.method ?? "GET"} ${pathAndQuery} HTTP/1.1\r\nhost: ${origin.host}\r\n`;
    for (const [name, value] of Object.entries(init.headers ?? {})) head += `${name}: ${value}\r\n`;
    if (body) head += `content-length: ${body.length}\r\n`;
    head += "\r\n";
    try {
      const answer = await connection.send(body ? Buffer.concat([Buffer.from(head), body]) : Buffer.from(head));
      if (answer.keepAlive) idle.push(connection);
      else connection.close();
      return answer;
    } catch (error) {
      connection.close();
      throw error;
    }
  };
}

class RawConnection {
  private socket: net.Socket;
  closed = false;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: {
    resolve: (r: SimpleResponse & { keepAlive: boolean }) => void;
    reject: (e: Error) => void;
  } | null = null;

  constructor(host: string, port: number) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on("data", (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    const fail = (error: Error) => {
      this.pending?.reject(error);
      this.pending = null;
    };
    this.socket.on("error", fail);
    this.socket.on("close", () => {
      this.closed = true;
      fail(new Error("connection closed"));
    });
  }

  send(request: Buffer): Promise<SimpleResponse & { keepAlive: boolean }> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private parse(): void {
    const end = this.buffer.indexOf("\r\n\r\n");
    if (end < 0 || !this.pending) return;
    const head = this.buffer.subarray(0, end).toString("latin1");
    const status = Number(head.slice(9, 12));
    const lower = head.toLowerCase();
    const keepAlive = !/\r\nconnection: *close/.test(lower);
    const length = /\r\ncontent-length: *(\d+)/.exec(lower);
    let bodyEnd: number;
    let body: Buffer;
    if (length) {
      bodyEnd = end + 4 + Number(length[1]);
      if (this.buffer.length < bodyEnd) return;
      body = this.buffer.subarray(end + 4, bodyEnd);
    } else if (/\r\ntransfer-encoding: *chunked/.test(lower)) {
      const chunks: Buffer[] = [];
      let at = end + 4;
      for (;;) {
        const lineEnd = this.buffer.indexOf("\r\n", at);
        if (lineEnd < 0) return;
        const size = parseInt(this.buffer.subarray(at, lineEnd).toString("latin1"), 16);
        if (this.buffer.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          bodyEnd = lineEnd + 4;
          break;
        }
        chunks.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(chunks);
    } else {
      bodyEnd = end + 4;
      body = Buffer.alloc(0);
    }
    this.buffer = this.buffer.subarray(bodyEnd);
    const pending = this.pending;
    this.pending = null;
    pending.resolve({ status, body: body.toString("utf8"), bytes: body.length, keepAlive });
  }
}

function cookiesFrom(response: Response, jar: Map<string, string>): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const index = pair!.indexOf("=");
    jar.set(pair!.slice(0, index), pair!.slice(index + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in through the credentials form as a browser does; returns the cookie header. */
export async function signIn(BASE: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  cookiesFrom(csrf, jar);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/orgs" }),
  });
  cookiesFrom(response, jar);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed (${response.status})`);
  return cookieHeader(jar);
}

/**
 * CPU time (user + system, in ms) used so far by a process and all its
 * descendants, read from Linux's /proc; null elsewhere. Per request, it is the
 * figure that moves least when the machine is shared: a virtual machine's
 * neighbours change throughput and latency by 10-15% between runs of one build.
 */
export function processTreeCpuMs(pid: number): number | null {
  let ticks = 0;
  const walk = (id: number) => {
    const stat = readFileSync(`/proc/${id}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
    for (const child of readFileSync(`/proc/${id}/task/${id}/children`, "utf8").split(" ").filter(Boolean)) {
      try {
        walk(Number(child));
      } catch {
        // the child exited meanwhile
      }
    }
  };
  try {
    walk(pid);
  } catch {
    return null;
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}
