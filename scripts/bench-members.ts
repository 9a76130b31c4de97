// Benchmarks the members page on a production build against a real PostgreSQL:
//   npm run build && DATABASE_URL=postgresql://... npm run bench:members
// Seeds organizations of 10,000 and 50 members, starts `next start`, signs in
// as their admin, then measures latency at 20 concurrent users, page size, and
// database statements per page, counted on the wire by a small proxy between
// the app and PostgreSQL (each Execute or simple Query message is one statement).
import type { ChildProcess } from "node:child_process";
import net from "node:net";
import { prisma } from "../lib/db";
import {
  closedLoop,
  percentile,
  processTreeCpuMs,
  rawClient,
  refuseBusyPort,
  signIn,
  startProductionServer,
  waitForServer,
} from "./bench-lib";
import { seedLargeOrganization } from "./seed-large-org";

const PORT = Number(process.env.BENCH_PORT ?? 3200);
const BASE = `http://localhost:${PORT}`;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
const THINK_REQUESTS = Number(process.env.BENCH_THINK_REQUESTS ?? 600);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);

if (!process.env.DATABASE_URL) {
  console.error("Set DATABASE_URL to a PostgreSQL database (the benchmark targets a real server).");
  process.exit(2);
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
  return {
    port: (server.address() as net.AddressInfo).port,
    statements: () => statements,
    close: () => server.close(),
  };
}

async function statementsPerPage(url: string, cookie: string): Promise<number> {
  const samples = 20;
  const before = proxy.statements();
  for (let i = 0; i < samples; i++) await fetch(url, { headers: { cookie } }).then((r) => r.text());
  return (proxy.statements() - before) / samples;
}

/** 20 clients back to back (each sends its next request as soon as the last one answered). */
async function load(path: string, cookie: string) {
  let wireBytes = 0;
  const cpuBefore = processTreeCpuMs(server.pid!);
  const result = await closedLoop(CONCURRENCY, REQUESTS, async () => {
    const answer = await send(path, { headers: { cookie, "accept-encoding": "gzip, deflate, br" } });
    wireBytes = answer.bytes;
    return answer;
  });
  const errors = REQUESTS - (result.statuses.get(200) ?? 0);
  const cpuAfter = processTreeCpuMs(server.pid!);
  const cpuPerRequest = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / REQUESTS;
  return { ...result, wireBytes, errors, cpuPerRequest };
}

/**
 * 20 people using the page: each loads it, reads for THINK_MS on average
 * (exponentially distributed), and loads it again. Latency as they see it.
 */
async function withThinkTime(path: string, cookie: string) {
  const latencies: number[] = [];
  const perUser = Math.ceil(THINK_REQUESTS / CONCURRENCY);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      await new Promise((r) => setTimeout(r, Math.random() * THINK_MS));
      for (let i = 0; i < perUser; i++) {
        const t0 = performance.now();
        await send(path, { headers: { cookie, "accept-encoding": "gzip, deflate, br" } });
        latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, -Math.log(1 - Math.random()) * THINK_MS));
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    rps: latencies.length / ((performance.now() - started) / 1000),
  };
}

await refuseBusyPort(BASE);

const databaseUrl = new URL(process.env.DATABASE_URL);
const proxy = await startCountingProxy(databaseUrl);
const proxiedUrl = new URL(databaseUrl);
proxiedUrl.hostname = "127.0.0.1";
proxiedUrl.port = String(proxy.port);
const send = rawClient(BASE);

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
}

const orgs = [
  { members: 10_000, slug: "bench-10k" },
  { members: 50, slug: "bench-50" },
];
// First pass: a server whose database connection runs through the counting
// proxy, for statements per page and page size. The timed pass talks to
// PostgreSQL directly, so the proxy's relaying is not in the latencies.
let server = startProductionServer(PORT, { DATABASE_URL: proxiedUrl.toString() });
try {
  for (const org of orgs) {
    const t0 = Date.now();
    await seedLargeOrganization(org.members, org.slug);
    console.info(`seeded /orgs/${org.slug}: ${org.members} members in ${Date.now() - t0} ms`);
  }
  await waitForServer(BASE);
  const counted = new Map<string, { statements: number; htmlBytes: number }>();
  for (const org of orgs) {
    const cookie = await signIn(BASE, `admin@${org.slug}.example`, "demo-password");
    const url = `${BASE}/orgs/${org.slug}/settings/members`;
    const statements = await statementsPerPage(url, cookie);
    const htmlBytes = (await fetch(url, { headers: { cookie } }).then((r) => r.text())).length;
    counted.set(org.slug, { statements, htmlBytes });
  }
  await stopServer(server);

  server = startProductionServer(PORT, {});
  await waitForServer(BASE);
  const rows: string[] = [];
  const thinking: string[] = [];
  const searches: string[] = [];
  for (const org of orgs) {
    const cookie = await signIn(BASE, `admin@${org.slug}.example`, "demo-password");
    const path = `/orgs/${org.slug}/settings/members`;
    // Warm-up: every server process compiles and optimizes the page's code paths first (1,000
    // loads, as bench:api does: after 400, the first organization measured ran ~15% slower
    // than the second on the same page).
    await closedLoop(CONCURRENCY, WARMUP, () =>
      send(path, { headers: { cookie, "accept-encoding": "gzip, deflate, br" } }),
    );
    const { statements, htmlBytes } = counted.get(org.slug)!;
    const result = await load(path, cookie);
    rows.push(
      `${String(org.members).padStart(7)} | ${result.p50.toFixed(1).padStart(6)} | ${result.p90.toFixed(1).padStart(6)} | ${result.p99.toFixed(1).padStart(6)} | ${result.rps.toFixed(0).padStart(5)} | ${String(htmlBytes).padStart(10)} | ${String(result.wireBytes).padStart(10)} | ${statements.toFixed(1).padStart(15)} | ${(result.cpuPerRequest?.toFixed(2) ?? "n/a").padStart(13)} | ${result.errors}`,
    );
    const think = await withThinkTime(path, cookie);
    thinking.push(
      `${String(org.members).padStart(7)} | ${think.p50.toFixed(1).padStart(6)} | ${think.p90.toFixed(1).padStart(6)} | ${think.p99.toFixed(1).padStart(6)} | ${think.rps.toFixed(1).padStart(5)}`,
    );
    if (org.members === 10_000) {
      // Searches, one person at a time: the cost follows the matches, not the organization.
      for (const [label, term] of [
        ["no match", "zzqx"],
        ["1 match", "member9999@"],
        ["11 matches", "member999"],
        ["everyone", "member"],
      ] as const) {
        const href = `${path}?q=${encodeURIComponent(term)}`;
        for (let i = 0; i < 20; i++) await send(href, { headers: { cookie } });
        const latencies: number[] = [];
        for (let i = 0; i < 100; i++) {
          const t0 = performance.now();
          await send(href, { headers: { cookie, "accept-encoding": "gzip, deflate, br" } });
          latencies.push(performance.now() - t0);
        }
        latencies.sort((a, b) => a - b);
        searches.push(
          `${label.padEnd(10)} | ${term.padEnd(12)} | ${percentile(latencies, 50).toFixed(1).padStart(6)} | ${percentile(latencies, 90).toFixed(1).padStart(6)}`,
        );
      }
    }
  }
  console.info(
    `\nmembers page, production build (${BASE}) on Node.js ${process.version}, signed in as the organization's admin`,
  );
  console.info(`\n${CONCURRENCY} clients back to back, ${REQUESTS} requests:`);
  console.info(
    "members | p50 ms | p90 ms | p99 ms | req/s | HTML bytes | gzip bytes | statements/page | server CPU ms | errors",
  );
  for (const row of rows) console.info(row);
  console.info(
    `\n${CONCURRENCY} users each reading the page ~${THINK_MS} ms between loads (exponential), ${THINK_REQUESTS} loads:`,
  );
  console.info("members | p50 ms | p90 ms | p99 ms | req/s");
  for (const row of thinking) console.info(row);
  console.info("\nsearching the 10,000 members, one client, 100 loads each:");
  console.info("matches    | text         | p50 ms | p90 ms");
  for (const row of searches) console.info(row);
} finally {
  await stopServer(server);
  proxy.close();
  await prisma.$disconnect();
}
process.exit(0);
