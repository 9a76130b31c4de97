// The cross-process drill, on PostgreSQL: real child processes against one
// database of the drill's own (their sweeps deliver whatever is due in their
// database, so not the shared test database):
// 1. two workers (`npm run worker`: scripts/worker.ts) and two web processes
//    (the web server's own delivery path: see ./support/drill-web-process.ts)
//    deliver the events of N changes made through the web processes' REST API
//    to one healthy receiver: every event arrives, none twice;
// 2. a worker killed (SIGKILL) while its deliveries are in flight: when their
//    lease ends, another worker sends them; only those are seen twice.
// Figures are printed ([drill] ...).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClerkClient } from "@clerk/backend";
import { prisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { createApiKey } from "@/lib/domain/api-keys";
import { createWebhookEndpoint } from "@/lib/domain/webhook-endpoints";
import { createOrganizationAsInstance } from "@/lib/domain/organizations/organizations";
import { recordEvent } from "@/lib/domain/events";
import { realPostgres } from "./support/database";
import { createScratchDatabase, type ScratchDatabase } from "./support/scratch-database";
import { startReceiver, type Receiver } from "./support/webhook-receiver";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
/** Changes made through the web processes in the first drill (each one event), over this many organizations. */
const CHANGES = Number(process.env.DRILL_EVENTS ?? 400);
const ORGANIZATIONS = 20;

type Child = { name: string; process: ChildProcess; output: string[]; exited: Promise<number | null> };
const children: Child[] = [];

let scratch: ScratchDatabase;
let receiver: Receiver;
let secret = "";

/** Starts a child process and resolves once it printed `readyLine` (its output is kept for failures). */
async function start(name: string, args: string[], env: Record<string, string>, readyLine: RegExp) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, DATABASE_URL: scratch.url };
  delete childEnv.OUTBOX_WORKER; // vitest's "off": these processes deliver
  // A process group of its own: tsx runs the script in a child node process, and a signal
  // (SIGKILL above all, which tsx cannot relay) must reach that process, not only tsx.
  const proc = spawn(TSX, args, { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const child: Child = {
    name,
    process: proc,
    output: [],
    exited: new Promise((resolve) => proc.on("exit", (code) => resolve(code))),
  };
  children.push(child);
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (line) child.output.push(line);
        if (readyLine.test(line)) resolve(line);
      }
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    void child.exited.then((code) =>
      reject(new Error(`${name} exited (${code}) before it was ready:\n${child.output.join("\n")}`)),
    );
  });
  return { child, line: await ready };
}

const DELIVERY_ENV = { WEBHOOK_POLL_MS: "100", OUTBOX_POLL_MS: "60000", EXPIRY_SWEEP_MS: "600000" };

function startWorker(name: string) {
  return start(name, ["scripts/worker.ts"], DELIVERY_ENV, /\[worker\] delivering/).then(({ child }) => child);
}

async function startWeb(name: string) {
  const { child, line } = await start(name, ["tests/support/drill-web-process.ts"], DELIVERY_ENV, /^ready /);
  return { child, apiUrl: line.replace(/^ready /, "").trim() };
}

/** Whether any process of the child's group is still running. */
function groupAlive(child: Child): boolean {
  try {
    process.kill(-child.process.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals the child's whole process group and waits until every process of it is gone. */
async function stop(child: Child, signal: NodeJS.Signals = "SIGTERM") {
  if (groupAlive(child)) process.kill(-child.process.pid!, signal);
  await child.exited;
  for (let i = 0; i < 100 && groupAlive(child); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (groupAlive(child)) process.kill(-child.process.pid!, "SIGKILL");
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const logs = children.map((c) => `--- ${c.name}\n${c.output.slice(-20).join("\n")}`).join("\n");
      throw new Error(`gave up waiting for ${what}\n${logs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function eventIds(): Promise<string[]> {
  return (await scratch.db.rows<{ id: string }>(Prisma.sql`SELECT id FROM events ORDER BY seq`)).map((r) => r.id);
}

/** How many times each id was answered 2xx by the receiver. */
function successes(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of receiver.received) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
  return counts;
}

describe.skipIf(!realPostgres)("cross-process delivery drill", () => {
  beforeAll(async () => {
    scratch = await createScratchDatabase("drill");
    receiver = await startReceiver(() => secret);
    const endpoint = await createWebhookEndpoint(scratch.db, { url: receiver.url });
    secret = endpoint.secret;
  }, 60_000);

  afterAll(async () => {
    for (const child of children) await stop(child, "SIGKILL");
    await receiver?.close();
    await scratch?.drop();
    await prisma.$disconnect();
  }, 60_000);

  it("two workers and two web processes deliver every event once", async () => {
    const started = performance.now();
    const [workers, webs] = await Promise.all([
      Promise.all([startWorker("worker 1"), startWorker("worker 2")]),
      Promise.all([startWeb("web 1"), startWeb("web 2")]),
    ]);
    const spawnedMs = performance.now() - started;

    const key = await createApiKey(scratch.db, "drill");
    const clients = webs.map(({ apiUrl }) => createClerkClient({ secretKey: key.key, apiUrl }));
    const organizations: Array<{ id: string }> = [];
    for (let i = 0; i < ORGANIZATIONS; i++)
      organizations.push(await createOrganizationAsInstance(scratch.db, { name: `Drill ${i}` }));

    // N changes, alternating between the two web processes, 8 at a time.
    const changesStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < CHANGES; i = next++)
          await clients[i % 2]!.organizations.updateOrganization(organizations[i % ORGANIZATIONS]!.id, {
            name: `Drill ${i % ORGANIZATIONS} v${i}`,
          });
      }),
    );
    const changesMs = performance.now() - changesStarted;

    const expected = await eventIds();
    // organization.created (no creator, so no membership) and one organization.updated per change.
    expect(expected).toHaveLength(ORGANIZATIONS + CHANGES);
    await waitFor(`${expected.length} events at the receiver`, () => {
      const got = successes();
      return expected.every((id) => got.has(id));
    });
    const deliveredMs = performance.now() - changesStarted;
    // The last answers are being recorded by their senders.
    await waitFor("every delivery settled", async () => {
      const [open] = await scratch.db.rows<{ n: number }>(
        Prisma.sql`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status IN ('pending', 'delivering')`,
      );
      return open!.n === 0;
    });

    const counts = successes();
    const duplicates = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    const retried = await scratch.db.rows<{ id: string }>(
      Prisma.sql`SELECT id::text FROM webhook_deliveries WHERE status <> 'delivered' OR attempts <> 1`,
    );
    console.info(
      `[drill] 2 workers + 2 web processes: ${expected.length} events (${CHANGES} REST changes over ${ORGANIZATIONS} organizations), ` +
        `${receiver.received.length} deliveries received, ${counts.size} distinct, ${duplicates} duplicates; ` +
        `changes made in ${(changesMs / 1000).toFixed(1)} s, all delivered ${(deliveredMs / 1000).toFixed(1)} s after the first ` +
        `(${Math.round(expected.length / (deliveredMs / 1000))} events/s); processes ready in ${(spawnedMs / 1000).toFixed(1)} s`,
    );
    expect(duplicates).toBe(0);
    expect(retried).toEqual([]);
    expect(receiver.invalid).toEqual([]);
    await Promise.all([...workers, ...webs.map((w) => w.child)].map((child) => stop(child)));
  }, 120_000);

  it("a worker killed mid-delivery: another sends its deliveries when their lease ends", async () => {
    const before = new Set(await eventIds());
    // The receiver takes the requests and never answers: the worker is stuck mid-delivery.
    receiver.behave = () => ({ hold: true });
    const doomed = await startWorker("worker (to be killed)");
    // Ten events of ten organizations (ten streams, sent side by side), committed at once: the
    // worker's next pass claims them all.
    await scratch.db.transaction(async (tx) => {
      for (let i = 0; i < 10; i++)
        await recordEvent(tx, {
          type: "organization.updated",
          organizationId: `org_killed${i}`,
          actor: { type: "system" },
          data: { object: "organization", id: `org_killed${i}` },
        });
    });
    const fresh = (await eventIds()).filter((id) => !before.has(id));
    await waitFor("the worker to be mid-delivery of every new event", () => receiver.holding === fresh.length);
    await stop(doomed, "SIGKILL");
    expect(groupAlive(doomed)).toBe(false);

    const stuck = await scratch.db.rows<{ id: string }>(Prisma.sql`
      SELECT e.id FROM webhook_deliveries d JOIN events e ON e.seq = d.event_seq
       WHERE d.status = 'delivering' AND d.locked_until > now()`);
    expect(stuck.map((r) => r.id).sort()).toEqual([...fresh].sort());

    receiver.behave = () => ({ status: 200 });
    await startWorker("worker (survivor)");
    // While the lease holds, the survivor leaves them alone (it has polled many times by now).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(fresh.filter((id) => successes().has(id))).toEqual([]);

    // The lease (WEBHOOK_TIMEOUT_MS + 30 s) is made to end now rather than waited out.
    await scratch.db.execute(
      Prisma.sql`UPDATE webhook_deliveries SET locked_until = now() - interval '1 second' WHERE status = 'delivering'`,
    );
    const leaseEnded = performance.now();
    const settled = async () =>
      scratch.db.rows<{ status: string; attempts: number }>(Prisma.sql`
        SELECT d.status, d.attempts FROM webhook_deliveries d JOIN events e ON e.seq = d.event_seq
         WHERE e.id = ANY (${fresh})`);
    await waitFor("the survivor to send them", async () =>
      (await settled()).every((row) => row.status === "delivered"),
    );
    const counts = successes();
    const seenTwice = fresh.filter((id) => receiver.seen.filter((s) => s === id).length === 2);
    console.info(
      `[drill] worker killed mid-delivery: ${fresh.length} deliveries in flight, ${stuck.length} left leased, ` +
        `${fresh.filter((id) => counts.get(id) === 1).length} sent by the survivor ${((performance.now() - leaseEnded) / 1000).toFixed(1)} s after the lease ended; ` +
        `${seenTwice.length} seen twice by the receiver (the killed try, then the retry), each answered once`,
    );
    expect(fresh.every((id) => counts.get(id) === 1)).toBe(true);
    expect(seenTwice).toHaveLength(fresh.length);
    // Each was claimed twice: by the killed worker, then by the survivor.
    expect(await settled()).toEqual(fresh.map(() => ({ status: "delivered", attempts: 2 })));
    expect(receiver.invalid).toEqual([]);
  }, 120_000);
});
