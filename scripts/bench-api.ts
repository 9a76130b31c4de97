// Benchmarks the REST API on a production build against a real PostgreSQL:
//   npm run build && DATABASE_URL=postgresql://... npm run bench:api
// Reads (get and list) at 20 concurrent connections, then membership role
// changes racing in organizations of two admins, and checks afterwards that
// no organization lost its last admin.
import { prisma, db } from "../lib/db";
import { createApiKey, revokeApiKey } from "../lib/domain/api-keys";
import { addMember } from "../lib/domain/memberships/memberships";
import { createOrganizationAsInstance } from "../lib/domain/organizations/organizations";
import { INSTANCE } from "../lib/domain/access";
import {
  closedLoop,
  rawClient,
  refuseBusyPort,
  startProductionServer,
  waitForServer,
  type LoadResult,
} from "./bench-lib";
import { seedLargeOrganization } from "./seed-large-org";

const PORT = Number(process.env.BENCH_PORT ?? 3210);
const BASE = `http://localhost:${PORT}`;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const RACING_ORGS = 10;

if (!process.env.DATABASE_URL) {
  console.error("Set DATABASE_URL to a PostgreSQL database (the benchmark targets a real server).");
  process.exit(2);
}
await refuseBusyPort(BASE);

const key = await createApiKey(db, `bench ${new Date().toISOString()}`);
// As @clerk/backend sends them (its fetch asks for compressed answers).
const headers = {
  authorization: `Bearer ${key.key}`,
  "content-type": "application/json",
  "accept-encoding": "gzip, deflate, br",
};
const server = startProductionServer(PORT, {});
const send = rawClient(BASE);

function report(label: string, result: LoadResult): void {
  const statuses = [...result.statuses].map(([status, n]) => `${status}x${n}`).join(" ");
  console.info(
    `${label.padEnd(44)} | ${result.rps.toFixed(0).padStart(5)} | ${result.p50.toFixed(1).padStart(6)} | ${result.p99.toFixed(1).padStart(6)} | ${statuses}`,
  );
}

try {
  const big = await seedLargeOrganization(1000, "bench-api");
  const someone = await prisma.user.findUniqueOrThrow({ where: { email: big.adminEmail }, select: { id: true } });

  // Organizations of two admins; each admin's role is flipped by its own client.
  const stamp = Date.now();
  const pairs: Array<{ org: string; users: [string, string] }> = [];
  for (let i = 0; i < RACING_ORGS; i++) {
    const users = await prisma.user.createManyAndReturn({
      data: [0, 1].map((j) => ({ name: `Racer ${i}-${j}`, email: `racer-${stamp}-${i}-${j}@bench.example` })),
      select: { id: true },
    });
    const org = await createOrganizationAsInstance(db, { name: `Race ${stamp} ${i}`, createdBy: users[0]!.id });
    await addMember(db, INSTANCE, org.id, users[1]!.id, "admin");
    pairs.push({ org: org.id, users: [users[0]!.id, users[1]!.id] });
  }

  await waitForServer(BASE);
  const reads: Array<[string, string]> = [
    ["GET /v1/organizations/{id}", `/api/v1/organizations/${big.id}`],
    ["GET /v1/organizations?limit=10", `/api/v1/organizations?limit=10`],
    ["GET /v1/organizations/{id}/memberships?limit=10", `/api/v1/organizations/${big.id}/memberships?limit=10`],
    ["GET /v1/users/{id}", `/api/v1/users/${someone.id}`],
  ];
  // Warm-up: every server process compiles and optimizes its code paths first.
  for (const [, url] of reads) await closedLoop(CONCURRENCY, 1000, () => send(url, { headers }));

  console.info(
    `\nREST API, ${REQUESTS} requests per line at ${CONCURRENCY} concurrent connections, production build on Node.js ${process.version}, ${BASE}`,
  );
  console.info(`${"request".padEnd(44)} | req/s | p50 ms | p99 ms | statuses`);
  for (const [label, url] of reads) {
    report(label, await closedLoop(CONCURRENCY, REQUESTS, () => send(url, { headers })));
  }

  // Client c flips one admin of one organization: demote, promote, demote...
  // When both admins of an organization are demoted at once, one must be refused.
  const flips = new Array<number>(CONCURRENCY).fill(0);
  const flip = (client: number) => {
    const pair = pairs[client % RACING_ORGS]!;
    const user = pair.users[Math.floor(client / RACING_ORGS) % 2]!;
    const role = flips[client]!++ % 2 === 0 ? "org:member" : "org:admin";
    return send(`/api/v1/organizations/${pair.org}/memberships/${user}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ role }),
    });
  };
  await closedLoop(CONCURRENCY, 1000, flip); // warm-up, as for the reads
  const changes = await closedLoop(CONCURRENCY, REQUESTS, flip);
  report("PATCH /v1/organizations/{id}/memberships/{user}", changes);
  const withoutAdmin = await prisma.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM organizations o
     WHERE o.id = ANY(${pairs.map((p) => p.org)})
       AND NOT EXISTS (SELECT 1 FROM organization_memberships m WHERE m.organization_id = o.id AND m.role = 'org:admin')`;
  console.info(
    `role changes: ${changes.statuses.get(200) ?? 0} applied, ${changes.statuses.get(400) ?? 0} refused as the last admin; ` +
      `organizations left without an admin: ${withoutAdmin[0]?.n ?? "?"} of ${RACING_ORGS}`,
  );
} finally {
  server.kill("SIGTERM");
  await revokeApiKey(db, key.id);
  await prisma.$disconnect();
}
process.exit(0);
