// Webhook delivery throughput against a real PostgreSQL and a local receiver:
//   DATABASE_URL=postgresql://... npm run bench:webhooks
// Writes BENCH_EVENTS events (default 2,000) across 50 organizations to one
// endpoint, then delivers them with one and with two workers in this process
// (each a drain loop claiming rows under SKIP LOCKED) and prints events per second.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { db, prisma } from "../lib/db";
import { recordEvent } from "../lib/domain/events";
import { createWebhookEndpoint, deleteWebhookEndpoint } from "../lib/domain/webhook-endpoints";
import { drainWebhooks } from "../lib/webhooks/delivery";

if (!process.env.DATABASE_URL) {
  console.error("Set DATABASE_URL to a PostgreSQL database (the benchmark targets a real server).");
  process.exit(2);
}
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);

let received = 0;
const receiver = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    received++;
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

async function writeEvents(count: number): Promise<void> {
  for (let done = 0; done < count; done += 500) {
    await db.transaction(async (tx) => {
      for (let i = done; i < Math.min(count, done + 500); i++)
        await recordEvent(tx, {
          type: "organizationMembership.updated",
          organizationId: `org_bench${i % 50}`,
          actor: { type: "system" },
          data: { object: "organization_membership", id: `orgmem_${i}`, role: "org:admin" },
        });
    });
  }
}

console.log(
  `Webhook delivery, ${EVENTS} events over 50 organizations to one local endpoint, Node.js ${process.version}`,
);
console.log("workers | events/s | seconds");
for (const workers of [1, 2]) {
  const endpoint = await createWebhookEndpoint(db, { url, events: ["organizationMembership.updated"] });
  received = 0;
  await writeEvents(EVENTS);
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, () => drainWebhooks(db, { limit: 100 })));
  const seconds = (performance.now() - started) / 1000;
  if (received < EVENTS) console.warn(`only ${received} of ${EVENTS} delivered`);
  console.log(
    `${String(workers).padStart(7)} | ${String(Math.round(EVENTS / seconds)).padStart(8)} | ${seconds.toFixed(2)}`,
  );
  await deleteWebhookEndpoint(db, endpoint.id);
}
await prisma.$executeRaw`DELETE FROM events WHERE organization_id LIKE 'org_bench%'`;
receiver.close();
await prisma.$disconnect();
