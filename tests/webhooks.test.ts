// Webhook delivery against a real database and a real HTTP receiver that
// verifies every delivery with @clerk/backend's verifyWebhook and with the
// standardwebhooks package, and can be told to fail, time out or throttle.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhook } from "@clerk/backend/webhooks";
import { Webhook } from "standardwebhooks";
import { db, prisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordEvent, type EventType } from "@/lib/domain/events";
import {
  checkEndpointUrl,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  replayWebhookDeliveries,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from "@/lib/domain/webhook-endpoints";
import { deliverDueWebhooks, drainWebhooks, nextDelaySeconds, parseRetryAfter } from "@/lib/webhooks/delivery";
import { signedHeaders } from "@/lib/webhooks/signing";
import { startReceiver, type Receiver } from "./support/webhook-receiver";

let secret = "";
let receiver: Receiver;
const endpoints: string[] = [];
const FAST = { schedule: [0.05, 0.1, 0.2], random: () => 0.5 };
/** FAST, for this file's endpoints only: other files' endpoints (tests/webhook-contract.test.ts) are theirs to deliver. */
const mine = () => ({ ...FAST, endpointIds: [...endpoints] });

beforeAll(async () => {
  receiver = await startReceiver(() => secret);
});
afterEach(async () => {
  // Other test files write events too: an endpoint left behind would collect deliveries for them.
  for (const id of endpoints.splice(0)) await deleteWebhookEndpoint(db, id).catch(() => {});
  receiver.behave = () => ({ status: 200 });
});
afterAll(async () => {
  await receiver.close();
  await prisma.$disconnect();
});

async function endpoint(events?: EventType[], url = receiver.url) {
  const created = await createWebhookEndpoint(db, { url, events });
  endpoints.push(created.id);
  secret = created.secret;
  return created;
}

/** An event as a change would write it, in a transaction of its own. */
async function emit(type: EventType, data: Record<string, unknown> = {}, organizationId: string | null = null) {
  return db.transaction((tx) =>
    recordEvent(tx, { type, organizationId, actor: { type: "system" }, data: { object: "test", ...data } }),
  );
}

/** Delivers only what this test's endpoints are owed until nothing is due, however other files' events come and go. */
async function deliverAll(options = {}) {
  for (let pass = 0; pass < 400; pass++) {
    await drainWebhooks(db, { ...mine(), ...options });
    const [{ open }] = await prisma.$queryRaw<[{ open: number }]>`
      SELECT count(*)::int AS open FROM webhook_deliveries
       WHERE endpoint_id = ANY (${endpoints}) AND status IN ('pending', 'delivering')`;
    if (open === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("deliveries still open after 400 passes");
}

describe("signatures", () => {
  it("are accepted by @clerk/backend's verifyWebhook and by standardwebhooks, and refused when tampered with", async () => {
    const { secret: key } = await endpoint();
    const body = JSON.stringify({ data: { id: "org_1" }, object: "event", type: "organization.created" });
    const headers = signedHeaders(key, "evt_test", body);
    expect(key).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(key).verify(body, headers)).toMatchObject({ type: "organization.created" });
    const request = new Request("http://x.test", { method: "POST", headers, body });
    await expect(verifyWebhook(request, { signingSecret: key })).resolves.toMatchObject({ object: "event" });
    expect(() => new Webhook(key).verify(body.replace("org_1", "org_2"), headers)).toThrow();
    const forged = new Request("http://x.test", { method: "POST", headers, body: body.replace("org_1", "org_2") });
    await expect(verifyWebhook(forged, { signingSecret: key })).rejects.toThrow();
  });
});

describe("delivery", () => {
  it("sends each event once, signed, with Clerk's envelope and the event id as the delivery id", async () => {
    await endpoint();
    const eventId = await emit("organization.created", { id: "org_delivery", name: "Acme" });
    await deliverAll();
    const got = receiver.received.filter((r) => r.id === eventId);
    expect(got).toHaveLength(1);
    expect(got[0]!.payload).toMatchObject({
      object: "event",
      type: "organization.created",
      data: { id: "org_delivery", name: "Acme" },
      instance_id: expect.stringMatching(/^ins_/),
      timestamp: expect.any(Number),
      event_attributes: { http_request: { client_ip: "", user_agent: "" } },
    });
    expect(got[0]!.headers["webhook-id"]).toBe(eventId);
    expect(receiver.invalid).toEqual([]);
  });

  it("writes nothing for a change that rolls back", async () => {
    const marker = `rolled-back-${randomUUID()}`;
    await expect(
      db.transaction(async (tx) => {
        await recordEvent(tx, { type: "organization.updated", actor: { type: "system" }, data: { marker } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const rows = await prisma.$queryRaw<unknown[]>`SELECT 1 FROM events WHERE data->>'marker' = ${marker}`;
    expect(rows).toEqual([]);
  });

  it("sends an endpoint only the types it subscribed to", async () => {
    await endpoint(["organization.created"]);
    const wanted = await emit("organization.created");
    const unwanted = await emit("user.created");
    await deliverAll();
    const ids = receiver.received.map((r) => r.id);
    expect(ids).toContain(wanted);
    expect(ids).not.toContain(unwanted);
  });

  it("retries 5xx and timeouts quickly, records every attempt, and honours Retry-After", async () => {
    const { id } = await endpoint();
    receiver.behave = (_id, attempt) => (attempt === 1 ? { status: 503 } : attempt === 2 ? { delayMs: 400 } : {});
    const eventId = await emit("organization.updated");
    await deliverAll({ timeoutMs: 150 });
    // The second try answered too late and was sent again: the receiver saw the same id twice.
    expect(receiver.received.filter((r) => r.id === eventId)).toHaveLength(2);
    const { data } = await listWebhookDeliveries(db, id);
    const delivery = data.find((d) => d.eventId === eventId)!;
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200 });
    const tries = await prisma.$queryRaw<Array<{ status_code: number | null; error: string | null }>>`
      SELECT status_code, error FROM webhook_attempts WHERE delivery_id = ${delivery.id}::bigint ORDER BY id`;
    expect(tries.map((t) => t.status_code)).toEqual([503, null, 200]);
    expect(tries[1]!.error).toMatch(/timed out/);

    expect(parseRetryAfter("7")).toBe(7);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThanOrEqual(9);
    expect(nextDelaySeconds(1, [1, 5], () => 0.5, 120)).toBe(120);
    receiver.behave = () => ({ status: 429, headers: { "retry-after": "30" } });
    const throttled = await emit("organization.updated");
    await deliverDueWebhooks(db, mine());
    const [row] = await prisma.$queryRaw<[{ wait: number; status: string }]>`
      SELECT extract(epoch FROM d.next_attempt_at - now())::float AS wait, d.status FROM webhook_deliveries d
        JOIN events e ON e.seq = d.event_seq WHERE e.id = ${throttled} AND d.endpoint_id = ${id}`;
    expect(row.status).toBe("pending");
    expect(row.wait).toBeGreaterThan(25);
  });

  it("gives up on other 4xx after a few tries, and on anything after the retry window", async () => {
    const { id } = await endpoint();
    receiver.behave = () => ({ status: 400 });
    const refused = await emit("organization.updated");
    await deliverAll();
    expect(receiver.attempts.get(refused)).toBe(3);
    receiver.behave = () => ({ status: 500 });
    const late = await emit("organization.updated");
    await deliverAll({ retryHours: 0 });
    expect(receiver.attempts.get(late)).toBe(1);
    const { data } = await listWebhookDeliveries(db, id, { status: "failed" });
    expect(data.map((d) => d.eventId).sort()).toEqual([refused, late].sort());
    expect(data.find((d) => d.eventId === late)!.lastError).toBe("HTTP 500");

    // Replaying the failed ones sends them again, now that the receiver is back.
    receiver.behave = () => ({ status: 200 });
    expect(await replayWebhookDeliveries(db, id)).toEqual({ queued: 2 });
    await deliverAll();
    expect(receiver.received.map((r) => r.id)).toEqual(expect.arrayContaining([refused, late]));
  });

  it("disables an endpoint that has failed for days, with the reason, and delivers nothing to it until enabled", async () => {
    const { id } = await endpoint();
    receiver.behave = () => ({ status: 500 });
    await prisma.$executeRaw`UPDATE webhook_endpoints SET failing_since = now() - interval '4 days' WHERE id = ${id}`;
    const first = await emit("organization.updated");
    await deliverDueWebhooks(db, mine());
    const [state] = await prisma.$queryRaw<[{ enabled: boolean; disabled_reason: string }]>`
      SELECT enabled, disabled_reason FROM webhook_endpoints WHERE id = ${id}`;
    expect(state.enabled).toBe(false);
    expect(state.disabled_reason).toMatch(/failed for more than 72 hours \(last: HTTP 500\)/);
    receiver.behave = () => ({ status: 200 });
    await emit("organization.updated");
    await new Promise((resolve) => setTimeout(resolve, 200));
    await drainWebhooks(db, mine());
    expect(receiver.received.some((r) => r.id === first)).toBe(false);
    const enabled = await updateWebhookEndpoint(db, id, { enabled: true });
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await deliverAll();
    expect(receiver.received.some((r) => r.id === first)).toBe(true);
  });

  it("signs with the new secret after a rotation", async () => {
    const created = await endpoint();
    const rotated = await rotateWebhookSecret(db, created.id);
    expect(rotated.secret).not.toBe(created.secret);
    secret = rotated.secret;
    const eventId = await emit("organization.updated");
    await deliverAll();
    expect(receiver.received.some((r) => r.id === eventId)).toBe(true);
    expect(receiver.invalid).toEqual([]);
  });
});

describe("failure drills", () => {
  it("1,000 events to a receiver failing half the requests and timing out a tenth: every one delivered, duplicates only under the same id", async () => {
    await endpoint();
    let n = 0;
    receiver.behave = () => {
      n++;
      if (n % 10 === 0) return { delayMs: 300 }; // times out (after answering late)
      return n % 2 === 1 ? { status: 500 } : { status: 200 };
    };
    const organizations = Array.from({ length: 40 }, (_, i) => `org_drill${i}`);
    const drill = randomUUID();
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      ids.push(
        ...(await db.transaction(async (tx) => {
          const made: string[] = [];
          for (let i = 0; i < 100; i++)
            made.push(
              await recordEvent(tx, {
                type: "organizationMembership.updated",
                organizationId: organizations[(batch * 100 + i) % organizations.length],
                actor: { type: "system" },
                data: { drill, n: batch * 100 + i },
              }),
            );
          return made;
        })),
      );
    }
    // Two workers at once, sharing the rows.
    await Promise.all([deliverAll({ timeoutMs: 100, limit: 100 }), deliverAll({ timeoutMs: 100, limit: 100 })]);
    const delivered = new Set(receiver.received.map((r) => r.id));
    expect(ids.filter((id) => !delivered.has(id))).toEqual([]);
    // Late answers were sent again: duplicates exist, and they repeat an id already seen.
    const mine = receiver.received.filter((r) => ids.includes(r.id));
    expect(mine.length).toBeGreaterThan(ids.length);
    const [{ delivered: rows }] = await prisma.$queryRaw<[{ delivered: number }]>`
      SELECT count(*)::int AS delivered FROM webhook_deliveries d JOIN events e ON e.seq = d.event_seq
       WHERE e.id = ANY (${ids}) AND d.status = 'delivered'`;
    expect(rows).toBe(1000);
    // Every success the receiver saw names one of the events: a duplicate is the same id again.
    // (Other test files' role changes reach this endpoint too: the drill's own events carry its marker.)
    const drillIds = new Set(ids);
    expect(
      receiver.received.filter((r) => (r.payload.data as { drill?: string }).drill === drill && !drillIds.has(r.id)),
    ).toEqual([]);
    expect(receiver.invalid).toEqual([]);
  }, 300_000); // ~20 s on a quiet 2-core machine; under load every 100 ms timeout fires more often

  it("a worker that dies mid-delivery leaves rows another worker sends when the lease ends", async () => {
    await endpoint();
    const eventIds = [await emit("organization.updated"), await emit("organization.updated")];
    // Claimed by a worker that never finishes (its process died): a lease of 1 s.
    await prisma.$executeRaw`
      UPDATE webhook_deliveries SET status = 'delivering', attempts = attempts + 1,
             locked_until = now() + interval '1 second'
       WHERE endpoint_id = ${endpoints[0]} AND status = 'pending'`;
    await drainWebhooks(db, mine());
    expect(receiver.received.filter((r) => eventIds.includes(r.id))).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await deliverAll();
    expect(
      receiver.received
        .filter((r) => eventIds.includes(r.id))
        .map((r) => r.id)
        .sort(),
    ).toEqual([...eventIds].sort());
  });
});

describe("endpoint rules", () => {
  it("refuses URLs that are not http(s), carry credentials, or point at this app", () => {
    const app = new URL(process.env.APP_URL ?? process.env.AUTH_URL ?? "http://localhost:3000").origin;
    for (const bad of [
      "ftp://example.com/x",
      "https://user:pw@example.com/x",
      `${app}/api/hook`,
      "not a url",
      "https://exa mple.com",
      "x".repeat(3000),
    ])
      expect(() => checkEndpointUrl(bad), bad.slice(0, 40)).toThrow();
    expect(checkEndpointUrl("https://hooks.example.com/in")).toBe("https://hooks.example.com/in");
    expect(checkEndpointUrl("http://127.0.0.1:9000/in")).toBe("http://127.0.0.1:9000/in");
  });

  it("with WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=false refuses private receivers, also when a name resolves to one at delivery time", async () => {
    const { id } = await endpoint();
    process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = "false";
    try {
      for (const bad of [
        "http://127.0.0.1/x",
        "http://localhost:8080/x",
        "http://10.1.2.3/x",
        "http://[::1]/x",
        "http://192.168.0.4/x",
      ])
        expect(() => checkEndpointUrl(bad), bad).toThrow(/private/);
      // Stored before the setting changed: refused as the connection is made.
      await prisma.$executeRaw`UPDATE webhook_endpoints SET url = ${receiver.url.replace("127.0.0.1", "localhost")} WHERE id = ${id}`;
      const eventId = await emit("organization.updated");
      await deliverDueWebhooks(db, mine());
      expect(receiver.received.some((r) => r.id === eventId)).toBe(false);
      const { data } = await listWebhookDeliveries(db, id);
      expect(data.find((d) => d.eventId === eventId)!.lastError).toMatch(/private address/);
    } finally {
      delete process.env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES;
    }
  });

  it("refuses unknown event types and names the bad one", async () => {
    await expect(
      createWebhookEndpoint(db, { url: "https://a.example/x", events: ["organization.created", "nope"] }),
    ).rejects.toThrow(/"nope" is not an event type/);
    await expect(createWebhookEndpoint(db, { url: "https://a.example/x", events: [] })).rejects.toThrow(/at least one/);
  });

  it("keeps the subscription list as given and lists deliveries of an unknown endpoint as not found", async () => {
    const created = await endpoint(["user.created", "organization.created", "user.created"]);
    expect(created.events).toEqual(["organization.created", "user.created"]);
    await expect(listWebhookDeliveries(db, "whe_" + "0".repeat(32))).rejects.toThrow(/does not exist/);
    await expect(listWebhookDeliveries(db, "../etc")).rejects.toThrow(/does not exist/);
    const none = await prisma.$queryRaw<unknown[]>(Prisma.sql`SELECT 1 FROM webhook_endpoints WHERE id = 'nope'`);
    expect(none).toEqual([]);
  });
});
