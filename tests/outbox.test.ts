// The outbox against a real database and the real Resend SDK, pointed at a
// local capture that can be told to answer 500.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as createInvitationOverApi } from "@/app/api/v1/organizations/[org]/invitations/route";
import { prisma, db } from "@/lib/db";
import { createApiKey, revokeApiKey } from "@/lib/domain/api-keys";
import { deliverDueEmails, drainOutbox, MAX_ATTEMPTS, queueEmail } from "@/lib/email/outbox";
import { outboxSettled } from "@/lib/email/outbox-worker";
import { sendEmail, type OutgoingEmail } from "@/lib/email/transport";
import { createInvitations } from "@/lib/domain/invitations/admin";
import { startMailCapture, type MailCapture } from "./support/mail-capture";
import { makeOrganization, makeUser } from "./support/orgs";
import { uniqueEmail } from "./support/factories";

let capture: MailCapture;

beforeAll(async () => {
  capture = await startMailCapture();
  process.env.RESEND_API_KEY = "re_test_outbox";
  process.env.RESEND_BASE_URL = capture.url;
});
beforeEach(() => {
  capture.failWhen = () => false;
});
afterAll(async () => {
  await capture.close();
  await prisma.$disconnect();
});

const message = (label: string) => ({
  subject: `Hello ${label}`,
  html: `<p>Hello ${label}</p>`,
  text: `Hello ${label}`,
});

function capturedFor(to: string) {
  return capture.emails.filter((email) => email.to.includes(to));
}

/** Makes every retrying email due now: time moved in the data, not waited for. */
async function fastForward(to: string[]) {
  await prisma.outboxEmail.updateMany({
    where: { to: { in: to }, status: "pending" },
    data: { nextAttemptAt: new Date(0) },
  });
}

describe("outbox delivery", () => {
  it("delivers a queued email through Resend and records it as sent", async () => {
    const to = uniqueEmail("deliver");
    const { id } = await db.transaction((tx) => queueEmail(tx, to, message("deliver")));
    await drainOutbox(db);

    const row = await prisma.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(1);
    expect(row.sentAt).not.toBeNull();
    const sent = capturedFor(to);
    expect(sent).toHaveLength(1);
    expect(row.providerId).toBe(sent[0]?.id);
    expect(sent[0]).toMatchObject({ subject: "Hello deliver", html: "<p>Hello deliver</p>", text: "Hello deliver" });
    expect(sent[0]?.idempotencyKey).toBe(`outbox-${id}`);
  });

  it("writes nothing when the surrounding transaction rolls back", async () => {
    const to = uniqueEmail("rollback");
    await expect(
      db.transaction(async (tx) => {
        await queueEmail(tx, to, message("rollback"));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await prisma.outboxEmail.count({ where: { to } })).toBe(0);
  });

  it("retries with backoff after a provider error, then delivers once", async () => {
    const to = uniqueEmail("retry");
    const { id } = await queueEmail(db, to, message("retry"));
    let failedOnce = false;
    // This email's first request fails (drainOutbox also sends other test files' emails meanwhile).
    capture.failWhen = (_n, payload) => (failedOnce || !String(payload.to).includes(to) ? false : (failedOnce = true));

    const before = Date.now();
    await drainOutbox(db);
    const afterFailure = await prisma.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(afterFailure.status).toBe("pending");
    expect(afterFailure.attempts).toBe(1);
    expect(afterFailure.lastError).toMatch(/Injected failure/);
    expect(afterFailure.nextAttemptAt.getTime()).toBeGreaterThan(before);
    expect(capturedFor(to)).toHaveLength(0);

    await drainOutbox(db);
    expect((await prisma.outboxEmail.findUniqueOrThrow({ where: { id } })).status).toBe("pending");

    await fastForward([to]);
    await drainOutbox(db);
    const done = await prisma.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(done.status).toBe("sent");
    expect(done.attempts).toBe(2);
    expect(capturedFor(to)).toHaveLength(1);
  });

  it("never sends again once a success is recorded", async () => {
    const to = uniqueEmail("once");
    const { id } = await queueEmail(db, to, message("once"));
    await drainOutbox(db);
    await drainOutbox(db);
    await prisma.outboxEmail.update({ where: { id }, data: { nextAttemptAt: new Date(0), lockedUntil: new Date(0) } });
    await drainOutbox(db);
    expect(capturedFor(to)).toHaveLength(1);
    expect(capture.acceptedByKey.get(`outbox-${id}`)).toBe(1);
    expect((await prisma.outboxEmail.findUniqueOrThrow({ where: { id } })).attempts).toBe(1);
  });

  it("survives a crash after the provider accepted but before success was recorded", async () => {
    const to = uniqueEmail("crash");
    const { id } = await queueEmail(db, to, message("crash"));
    // The provider gets the email, then the process "dies" before recording it.
    const crashAfterSend = async (email: OutgoingEmail, options: { idempotencyKey: string }) => {
      await sendEmail(email, options);
      throw new Error("process died");
    };
    await deliverDueEmails(db, { send: crashAfterSend });
    expect(capturedFor(to)).toHaveLength(1);

    await fastForward([to]);
    await drainOutbox(db);
    expect((await prisma.outboxEmail.findUniqueOrThrow({ where: { id } })).status).toBe("sent");
    // The retry reused the idempotency key, so the provider did not send it twice.
    expect(capturedFor(to)).toHaveLength(1);
  });

  it("picks up an email a dead process left in 'sending' once its lease expires", async () => {
    const to = uniqueEmail("lease");
    const { id } = await queueEmail(db, to, message("lease"));
    await prisma.outboxEmail.update({
      where: { id },
      data: { status: "sending", attempts: 1, lockedUntil: new Date(Date.now() + 60_000) },
    });
    await drainOutbox(db);
    expect(capturedFor(to)).toHaveLength(0);

    await prisma.outboxEmail.update({ where: { id }, data: { lockedUntil: new Date(Date.now() - 1) } });
    await drainOutbox(db);
    expect((await prisma.outboxEmail.findUniqueOrThrow({ where: { id } })).status).toBe("sent");
    expect(capturedFor(to)).toHaveLength(1);
  });

  it("delivers every email exactly once with the provider failing half the time and two workers", async () => {
    const recipients = Array.from({ length: 30 }, (_, i) => uniqueEmail(`flaky${i}`));
    for (const to of recipients) await queueEmail(db, to, message("flaky"));
    capture.failWhen = (n) => n % 2 === 0;

    for (let round = 0; round < 20; round++) {
      await Promise.all([drainOutbox(db), drainOutbox(db)]);
      await fastForward(recipients);
      if ((await prisma.outboxEmail.count({ where: { to: { in: recipients }, status: { not: "sent" } } })) === 0) break;
    }
    const rows = await prisma.outboxEmail.findMany({ where: { to: { in: recipients } } });
    expect(rows.every((row) => row.status === "sent")).toBe(true);
    for (const to of recipients) expect(capturedFor(to)).toHaveLength(1);
    // Not only deduplicated by the provider: each email was accepted exactly once.
    for (const row of rows) expect(capture.acceptedByKey.get(`outbox-${row.id}`)).toBe(1);
    expect(rows.some((row) => row.attempts > 1)).toBe(true);
  });

  it("delivers every invitation's email exactly once with the provider failing half the time", async () => {
    const admin = await makeUser(prisma, "inviter");
    const org = await makeOrganization(prisma, [[admin, "admin"]]);
    const recipients = Array.from({ length: 20 }, (_, i) => uniqueEmail(`invitee${i}`));
    for (let i = 0; i < recipients.length; i += 10) {
      await createInvitations(db, admin.id, org.slug, { emails: recipients.slice(i, i + 10) });
    }
    capture.failWhen = (n) => n % 2 === 1;
    for (let round = 0; round < 20; round++) {
      await drainOutbox(db);
      await fastForward(recipients);
      if ((await prisma.outboxEmail.count({ where: { to: { in: recipients }, status: { not: "sent" } } })) === 0) break;
    }
    const invitations = await prisma.invitation.findMany({ where: { organizationId: org.id } });
    expect(invitations).toHaveLength(20);
    for (const to of recipients) {
      const sent = capturedFor(to);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.text).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}/);
    }
    const rows = await prisma.outboxEmail.findMany({ where: { to: { in: recipients } } });
    for (const row of rows) expect(capture.acceptedByKey.get(`outbox-${row.id}`)).toBe(1);
  });

  it("gives up after the last attempt and marks the email failed", async () => {
    const to = uniqueEmail("giveup");
    const { id } = await queueEmail(db, to, message("giveup"));
    capture.failWhen = () => true;
    for (let attempt = 0; attempt < MAX_ATTEMPTS + 2; attempt++) {
      await drainOutbox(db);
      await fastForward([to]);
    }
    const row = await prisma.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(MAX_ATTEMPTS);
    expect(capturedFor(to)).toHaveLength(0);
  });
});

describe("delivery right after commit", () => {
  it("an invitation made through the REST API is delivered by the route's own kick, with no sweep running", async () => {
    // Vitest runs with OUTBOX_WORKER=off (no process delivers by itself); this test lets this one
    // deliver after its commits, as a web process does, and waits for it before the next test.
    const { OUTBOX_WORKER } = process.env;
    delete process.env.OUTBOX_WORKER;
    const apiKey = await createApiKey(db, "outbox kick test");
    try {
      const admin = await makeUser(prisma, "admin");
      const org = await makeOrganization(prisma, [[admin, "admin"]], "kick");
      const to = uniqueEmail("api-invitee");
      const request = new Request(`http://localhost/api/v1/organizations/${org.id}/invitations`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey.key}`, "content-type": "application/json" },
        body: JSON.stringify({ email_address: to, role: "org:member" }),
      });
      const response = await createInvitationOverApi(request, { params: Promise.resolve({ org: org.id }) });
      expect(response.status).toBe(200);
      // Nothing here calls drainOutbox: only the kick after the route's commit can deliver it.
      await vi.waitFor(() => expect(capturedFor(to)).toHaveLength(1), { timeout: 15_000, interval: 50 });
      await outboxSettled();
      expect(await prisma.outboxEmail.findMany({ where: { to }, select: { status: true } })).toEqual([
        { status: "sent" },
      ]);
    } finally {
      await outboxSettled();
      process.env.OUTBOX_WORKER = OUTBOX_WORKER;
      await revokeApiKey(db, apiKey.id);
    }
  });
});
