// Benchmarks the members page on a production build against a real PostgreSQL:
//   npm run build && DATABASE_URL=postgresql://... npm run bench:members
// Seeds organizations of 10,000 and 50 members, starts `next start`, signs in
// as their admin, then measures latency at 20 concurrent users, page size, and
// database statements per page, counted on the wire by a small proxy between
// the app and PostgreSQL (each Execute or simple Query message is one statement).
import net from "node:net";
import { db } from "../lib/db";
import { percentile, refuseBusyPort, startProductionServer, waitForServer } from "./bench-lib";
import { seedLargeOrganization } from "./seed-large-org";

const PORT = Number(process.env.BENCH_PORT ?? 3200);
const BASE = `http://localhost:${PORT}`;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);

if (!process.env.DATABASE_URL) {
  console.error("Set DATABASE_URL to a PostgreSQL database (the benchmark targets a real server).");
  process.exit(2);
}

function cookiesFrom(response: Response, jar: Map<string, string>): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const index = pair!.indexOf("=");
    jar.set(pair!.slice(0, index), pair!.slice(index + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

async function signIn(email: string, password: string): Promise<string> {
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
 * A TCP proxy in front of PostgreSQL that counts the statements the app sends:
 * after the startup message, frontend messages are a type byte and a length.
 */
async function startCountingProxy(target: URL): Promise<{ port: number; statements: () => number; close: () => void }> {
  let statements = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    let buffer = Buffer.alloc(0);
    let started = false;
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 4) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          const code = buffer.readInt32BE(4);
          buffer = buffer.subarray(length);
          if (code !== 80877103) started = true; // an SSLRequest precedes the real startup message
          continue;
        }
        if (buffer.length < 5) break;
        const length = buffer.readInt32BE(1);
        if (buffer.length < length + 1) break;
        const type = String.fromCharCode(buffer[0]!);
        if (type === "E" || type === "Q") statements++;
        buffer = buffer.subarray(length + 1);
      }
    });
    upstream.on("data", (chunk) => client.write(chunk));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as net.AddressInfo).port, statements: () => statements, close: () => server.close() };
}

async function statementsPerPage(url: string, cookie: string): Promise<number> {
  const samples = 20;
  const before = proxy.statements();
  for (let i = 0; i < samples; i++) await fetch(url, { headers: { cookie } }).then((r) => r.text());
  return (proxy.statements() - before) / samples;
}

async function load(url: string, cookie: string) {
  const latencies: number[] = [];
  let bytes = 0;
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        const t0 = performance.now();
        const response = await fetch(url, { headers: { cookie } });
        const body = await response.text();
        latencies.push(performance.now() - t0);
        if (response.status !== 200) errors++;
        bytes = body.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), rps: latencies.length / seconds, bytes, errors };
}

await refuseBusyPort(BASE);

const databaseUrl = new URL(process.env.DATABASE_URL);
const proxy = await startCountingProxy(databaseUrl);
const proxiedUrl = new URL(databaseUrl);
proxiedUrl.hostname = "127.0.0.1";
proxiedUrl.port = String(proxy.port);

const server = startProductionServer(PORT, { DATABASE_URL: proxiedUrl.toString() });

try {
  const orgs = [
    { members: 10_000, slug: "bench-10k" },
    { members: 50, slug: "bench-50" },
  ];
  for (const org of orgs) {
    const t0 = Date.now();
    await seedLargeOrganization(org.members, org.slug);
    console.info(`seeded /orgs/${org.slug}: ${org.members} members in ${Date.now() - t0} ms`);
  }
  await waitForServer(BASE);
  console.info(`\nmembers page, ${REQUESTS} requests at ${CONCURRENCY} concurrent users, production build, ${BASE}`);
  console.info("members | p50 ms | p90 ms | p99 ms | req/s | HTML bytes | statements/page | errors");
  for (const org of orgs) {
    const cookie = await signIn(`admin@${org.slug}.example`, "demo-password");
    const url = `${BASE}/orgs/${org.slug}/settings/members`;
    for (let i = 0; i < 50; i++) await fetch(url, { headers: { cookie } }).then((r) => r.text());
    const statements = await statementsPerPage(url, cookie);
    const result = await load(url, cookie);
    console.info(
      `${String(org.members).padStart(7)} | ${result.p50.toFixed(1).padStart(6)} | ${result.p90.toFixed(1).padStart(6)} | ${result.p99.toFixed(1).padStart(6)} | ${result.rps.toFixed(0).padStart(5)} | ${String(result.bytes).padStart(10)} | ${statements.toFixed(1).padStart(15)} | ${result.errors}`,
    );
  }
} finally {
  server.kill("SIGTERM");
  proxy.close();
  await db.$disconnect();
}
process.exit(0);
