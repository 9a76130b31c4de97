// What the events keep: with EVENTS_RETENTION_DAYS, old events go (with their
// finished deliveries and attempts, never a pending one) in bounded batches;
// a deleted account's names, addresses, metadata and request details are
// erased from every event, ids and types kept, and the activity log still reads.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, prisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { withEventContext } from "@/lib/domain/events";
import {
  eraseDeletedPeopleFromEvents,
  eraseFromEvent,
  eventsRetentionDays,
  pruneEvents,
  type ErasableEvent,
} from "@/lib/domain/event-retention";
import { createWebhookEndpoint, deleteWebhookEndpoint, updateWebhookEndpoint } from "@/lib/domain/webhook-endpoints";
import { listActivity } from "@/lib/domain/activity";
import { createOrganization, listMyOrganizations } from "@/lib/domain/organizations/organizations";
import { changeMemberRole } from "@/lib/domain/memberships/memberships";
import { updateMembershipMetadata } from "@/lib/domain/organizations/metadata";
import { createInvitations } from "@/lib/domain/invitations/admin";
import { acceptInvitation } from "@/lib/domain/invitations/invitee";
import { signUp } from "@/lib/domain/users";
import { updateName } from "@/lib/domain/profile";
import { revokeSession, startSession } from "@/lib/domain/sessions";
import { deleteAccount } from "@/lib/domain/delete-account";
import { eventPayload } from "@/lib/webhooks/delivery";
import { sweepOnce } from "@/lib/webhooks/expiry-sweep";
import { clerkShapeProblems } from "./support/clerk-shapes";
import { newSignUp, uniqueEmail } from "./support/factories";

afterAll(() => prisma.$disconnect());

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

function withEnv<T>(name: string, value: string | undefined, work: () => T): T {
  const before = process.env[name];
  setEnv(name, value);
  try {
    return work();
  } finally {
    setEnv(name, before);
  }
}

async function withEnvAsync<T>(name: string, value: string | undefined, work: () => Promise<T>): Promise<T> {
  const before = process.env[name];
  setEnv(name, value);
  try {
    return await work();
  } finally {
    setEnv(name, before);
  }
}

describe("retention", () => {
  it("reads EVENTS_RETENTION_DAYS: empty keeps forever, a number of days, anything else refused", () => {
    expect(withEnv("EVENTS_RETENTION_DAYS", undefined, eventsRetentionDays)).toBeNull();
    expect(withEnv("EVENTS_RETENTION_DAYS", " ", eventsRetentionDays)).toBeNull();
    expect(withEnv("EVENTS_RETENTION_DAYS", "90", eventsRetentionDays)).toBe(90);
    expect(() => withEnv("EVENTS_RETENTION_DAYS", "0", eventsRetentionDays)).toThrow(/above 0/);
    expect(() => withEnv("EVENTS_RETENTION_DAYS", "a year", eventsRetentionDays)).toThrow(/EVENTS_RETENTION_DAYS/);
  });

  it("deletes old events with their finished deliveries and attempts, in batches; a pending delivery keeps its event", async () => {
    const marker = `retention-${randomUUID()}`;
    // An endpoint no process delivers to (disabled): the deliveries' states are the test's.
    const endpoint = await createWebhookEndpoint(db, { url: "https://retention.example/in" });
    await updateWebhookEndpoint(db, endpoint.id, { enabled: false });
    try {
      // Written directly (no endpoint of another test file running meanwhile gets a delivery of them).
      const insert = async (n: number, daysAgo: number) => {
        const [row] = await prisma.$queryRaw<[{ id: string }]>`
          INSERT INTO events (type, actor_type, data, occurred_at)
          VALUES ('organization.updated', 'system', ${JSON.stringify({ marker, n })}::jsonb,
                  now() - (${daysAgo}::int * interval '1 day'))
          RETURNING id`;
        return row.id;
      };
      const ids = [];
      for (let n = 0; n < 5; n++) ids.push(await insert(n, 40));
      ids.push(await insert(5, 0));
      const [delivered, failed, pending, , , recent] = ids as [string, string, string, string, string, string];
      const deliver = async (eventId: string, status: string) => {
        await prisma.$executeRaw`
          WITH d AS (
            INSERT INTO webhook_deliveries (endpoint_id, event_seq, status, attempts)
            SELECT ${endpoint.id}, seq, ${status}, 1 FROM events WHERE id = ${eventId}
            RETURNING id)
          INSERT INTO webhook_attempts (delivery_id, status_code, latency_ms) SELECT id, 200, 5 FROM d`;
      };
      await deliver(delivered, "delivered");
      await deliver(failed, "failed");
      await deliver(pending, "pending");

      // Batches of 2: no batch deletes more, and the old ones go over a few of them.
      const batches: number[] = [];
      for (let batch = await pruneEvents(db, 30, 2); batch > 0; batch = await pruneEvents(db, 30, 2))
        batches.push(batch);
      expect(Math.max(...batches)).toBeLessThanOrEqual(2);
      const left = await prisma.$queryRaw<Array<{ id: string }>>`
        SELECT id FROM events WHERE data->>'marker' = ${marker} ORDER BY seq`;
      expect(left.map((row) => row.id)).toEqual([pending, recent]);
      const deliveries = await prisma.$queryRaw<Array<{ status: string; attempts: number }>>`
        SELECT d.status, (SELECT count(*)::int FROM webhook_attempts a WHERE a.delivery_id = d.id) AS attempts
          FROM webhook_deliveries d WHERE d.endpoint_id = ${endpoint.id}`;
      expect(deliveries).toEqual([{ status: "pending", attempts: 1 }]);

      // Once its delivery ends, the sweep (with the setting) takes that one too.
      await prisma.$executeRaw`UPDATE webhook_deliveries SET status = 'failed' WHERE endpoint_id = ${endpoint.id}`;
      const report = await withEnvAsync("EVENTS_RETENTION_DAYS", "30", sweepOnce);
      expect(report.pruned).toBeGreaterThanOrEqual(1);
      const after = await prisma.$queryRaw<
        Array<{ id: string }>
      >`SELECT id FROM events WHERE data->>'marker' = ${marker}`;
      expect(after.map((row) => row.id)).toEqual([recent]);
      expect(
        await prisma.$queryRaw`SELECT 1 FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
                                       WHERE d.endpoint_id = ${endpoint.id}`,
      ).toEqual([]);
    } finally {
      await deleteWebhookEndpoint(db, endpoint.id);
    }
  });

  it("keeps everything when the setting is empty", async () => {
    const marker = `kept-${randomUUID()}`;
    await prisma.$executeRaw`
      INSERT INTO events (type, actor_type, data, occurred_at)
      VALUES ('organization.updated', 'system', ${JSON.stringify({ marker })}::jsonb, now() - interval '4000 days')`;
    expect((await withEnvAsync("EVENTS_RETENTION_DAYS", "", sweepOnce)).pruned).toBe(0);
    expect(await prisma.$queryRaw`SELECT 1 FROM events WHERE data->>'marker' = ${marker}`).toHaveLength(1);
    await prisma.$executeRaw`DELETE FROM events WHERE data->>'marker' = ${marker}`;
  });
});

describe("erasure of a deleted account's personal data", () => {
  it("blanks their names, addresses, image, metadata and requests in every event, keeps ids and types, and the log reads", async () => {
    const ada = await signUp(db, { ...newSignUp("ada"), name: "Ada Keeper" });
    await prisma.user.update({ where: { id: ada.id }, data: { emailVerified: new Date() } });
    const organization = await createOrganization(db, ada.id, { name: "Erasure Rockets" });
    const other = await createOrganization(db, ada.id, { name: "Erasure Elsewhere" });
    const secretName = `Zebulon ${randomUUID().slice(0, 8)}`;
    const ben = await signUp(db, { ...newSignUp("ben"), name: secretName });
    await prisma.user.update({ where: { id: ben.id }, data: { emailVerified: new Date() } });
    const benIp = "198.51.100.77";
    const [invitation] = await createInvitations(db, ada.id, organization.slug, { emails: ben.email });
    await withEventContext({ clientIp: benIp, userAgent: "Ben's browser" }, async () => {
      await acceptInvitation(db, ben.id, new URL(invitation!.url!).pathname.split("/").pop()!);
      await updateName(db, ben.id, { name: `${secretName} Jr` });
      const session = await startSession(db, ben.id, { userAgent: "Ben's browser" });
      await revokeSession(db, ben.id, session.id);
    });
    await changeMemberRole(db, ada.id, organization.slug, ben.id, "admin");
    await updateMembershipMetadata(db, ada.id, organization.slug, ben.id, {
      publicMetadata: { hobby: `${secretName} collects stamps` },
    });
    // An invitation to his address elsewhere, still pending when he goes.
    await createInvitations(db, ada.id, other.slug, { emails: ben.email });

    const about = Prisma.sql`(subject_user_id = ${ben.id} OR actor_id = ${ben.id} OR subject_email = ${ben.email}
                              OR data->>'email_address' = ${ben.email})`;
    const before = await prisma.$queryRaw<Array<{ id: string; type: string }>>`
      SELECT id, type FROM events WHERE ${about} ORDER BY seq`;
    await deleteAccount(db, ben.id, { confirm: ben.email });
    expect(await prisma.eventErasure.count({ where: { userId: ben.id } })).toBe(1);

    // His erasure, in small batches (the sweep takes 200 at a time, oldest erasure first).
    while ((await eraseDeletedPeopleFromEvents(db, { batchSize: 3, userId: ben.id })) > 0);
    expect(await prisma.eventErasure.count({ where: { userId: ben.id } })).toBe(0);

    const after = await prisma.$queryRaw<
      Array<ErasableEvent & { id: string; seq: bigint; occurred_at: Date; erased_at: Date | null }>
    >`SELECT id, seq, type, actor_type, actor_id, subject_user_id, subject_email, data, previous, http_request,
             occurred_at, erased_at
        FROM events WHERE subject_user_id = ${ben.id} OR actor_id = ${ben.id} OR id = ANY (${before.map((e) => e.id)})
       ORDER BY seq`;
    // The same events (plus the deletion's own), with ids and types.
    expect(after.map((e) => e.id)).toEqual(expect.arrayContaining(before.map((e) => e.id)));
    expect(after.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        "user.created",
        "organizationInvitation.created",
        "organizationInvitation.accepted",
        "organizationMembership.created",
        "user.updated",
        "session.created",
        "session.revoked",
        "organizationMembership.updated",
        "organizationMembership.deleted",
        "user.deleted",
      ]),
    );
    // Nothing of him is left in any of them: not his names, his address, his metadata, his client address.
    const text = JSON.stringify(after.map((e) => [e.data, e.previous, e.http_request, e.subject_email]));
    for (const secret of [secretName, ben.email, benIp, "Ben's browser", "Zebulon"])
      expect(text, `"${secret}" erased`).not.toContain(secret);
    expect(after.filter((e) => e.erased_at === null).map((e) => e.type)).toEqual([]);
    // Ids stay: whose membership it was, which user, which session.
    const removal = after.find((e) => e.type === "organizationMembership.deleted")!;
    expect(removal.data).toMatchObject({ public_user_data: { user_id: ben.id, identifier: "", first_name: null } });
    expect(after.find((e) => e.type === "user.created")!.data).toMatchObject({
      id: ben.id,
      first_name: null,
      email_addresses: [],
    });
    // Receivers replaying them still get Clerk's shapes.
    for (const event of after) {
      const payload = JSON.parse(
        eventPayload({
          eventType: event.type,
          occurredAt: event.occurred_at,
          data: event.data,
          httpRequest: event.http_request as never,
        }),
      );
      expect(clerkShapeProblems(payload), event.type).toEqual([]);
    }

    // Ada's own data is hers to keep.
    const adas = await prisma.$queryRaw<Array<{ data: Record<string, unknown> }>>`
      SELECT data FROM events WHERE subject_user_id = ${ada.id} AND type = 'user.created'`;
    expect(adas[0]!.data).toMatchObject({ first_name: "Ada", last_name: "Keeper" });

    // The activity log tells the story without him.
    const mine = (await listMyOrganizations(db, ada.id)).find((o) => o.id === organization.id)!;
    const { entries } = await listActivity(db, mine);
    expect(entries.map((e) => e.summary)).toEqual([
      "A deleted user left the organization",
      "Ada Keeper updated a deleted user's membership",
      "Ada Keeper changed a deleted user's role from Member to Admin",
      "A deleted user joined as Member",
      "A deleted user accepted the invitation",
      "Ada Keeper invited a deleted user as Member",
      "Ada Keeper joined as Admin",
      "Ada Keeper created the organization Erasure Rockets",
    ]);
    expect(entries[0]!.actor).toBe("A deleted user");
  });

  it("blanks the person in their requests to join (a verified domain's), keeping the ids", () => {
    const request = {
      object: "organization_membership_request",
      id: "orgmr_1",
      organization_id: "org_1",
      status: "pending",
      public_user_data: {
        user_id: "user_ben",
        identifier: "ben@acme.test",
        first_name: "Ben",
        last_name: "Zebulon",
        image_url: "https://img.test/ben.png",
        has_image: true,
      },
      created_at: 1,
      updated_at: 1,
    };
    const event: ErasableEvent = {
      type: "organizationMembershipRequest.created",
      actor_type: "user",
      actor_id: "user_ben",
      subject_user_id: "user_ben",
      subject_email: null,
      data: request,
      previous: null,
      http_request: { client_ip: "203.0.113.9", user_agent: "Ben's browser" },
    };
    const erased = eraseFromEvent(event, { userId: "user_ben", email: "ben@acme.test" });
    expect(erased.data).toEqual({
      ...request,
      public_user_data: {
        user_id: "user_ben",
        identifier: "",
        first_name: null,
        last_name: null,
        image_url: "",
        has_image: false,
      },
    });
    expect(erased.http_request).toBeNull();
    // Someone else's request is left as it is.
    expect(eraseFromEvent(event, { userId: "user_ada", email: "ada@acme.test" }).data).toEqual(request);
  });

  it("an address invited but never an account is not touched by someone else's erasure", async () => {
    const stranger = uniqueEmail("stranger");
    const ada = await signUp(db, newSignUp("inviter"));
    await prisma.user.update({ where: { id: ada.id }, data: { emailVerified: new Date() } });
    const organization = await createOrganization(db, ada.id, { name: "Kept Rockets" });
    await createInvitations(db, ada.id, organization.slug, { emails: stranger });
    const gone = await signUp(db, newSignUp("gone"));
    await deleteAccount(db, gone.id, { confirm: gone.email });
    while ((await eraseDeletedPeopleFromEvents(db, { userId: gone.id })) > 0);
    const [invited] = await prisma.$queryRaw<Array<{ data: { email_address: string }; erased_at: Date | null }>>`
      SELECT data, erased_at FROM events WHERE organization_id = ${organization.id} AND type = 'organizationInvitation.created'`;
    expect(invited).toMatchObject({ data: { email_address: stranger }, erased_at: null });
  });
});
