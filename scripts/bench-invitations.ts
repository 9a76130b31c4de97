// Benchmarks invitations through the domain against a real PostgreSQL:
//   DATABASE_URL=postgresql://... npm run bench:invitations
// 1. single invitation creation (invitation + rendered email in one transaction), p50/p99;
// 2. a bulk of 1,000 invitations (100 calls of 10);
// 3. time from "invite" to the email captured by a local Resend stand-in, through the outbox and the real SDK.
// The hourly invitation limit is a setting; it is raised here so the bulk run measures speed, not the limit.
import { randomUUID } from "node:crypto";
import { startMailCapture } from "../tests/support/mail-capture";

if (!process.env.DATABASE_URL) {
  console.error("Set DATABASE_URL to a PostgreSQL database.");
  process.exit(2);
}
process.env.INVITATIONS_PER_HOUR = "1000000";
process.env.INVITATIONS_PER_INVITER_PER_HOUR = "1000000";
const capture = await startMailCapture();
process.env.RESEND_API_KEY = "re_bench";
process.env.RESEND_BASE_URL = capture.url;

const { db, prisma } = await import("../lib/db");
const { createInvitations } = await import("../lib/domain/invitations/admin");
const { drainOutbox } = await import("../lib/email/outbox");

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function freshOrganization() {
  const admin = await prisma.user.create({
    data: { name: "Bench Admin", email: `bench-${randomUUID()}@example.test`, emailVerified: new Date() },
    select: { id: true },
  });
  const org = await prisma.organization.create({
    data: {
      name: `Bench ${randomUUID().slice(0, 8)}`,
      slug: `bench-${randomUUID().slice(0, 8)}`,
      memberships: { create: { userId: admin.id, role: "admin" } },
    },
    select: { id: true },
  });
  return { ...org, adminId: admin.id };
}

// Warm-up: connection pool, template rendering.
{
  const org = await freshOrganization();
  for (let i = 0; i < 20; i++)
    await createInvitations(db, org.adminId, org.id, { emails: `warm-${randomUUID()}@example.test` });
}

const org = await freshOrganization();
const singles: number[] = [];
for (let i = 0; i < 300; i++) {
  const t0 = performance.now();
  await createInvitations(db, org.adminId, org.id, { emails: `single-${randomUUID()}@example.test` });
  singles.push(performance.now() - t0);
}
singles.sort((a, b) => a - b);

const bulkOrg = await freshOrganization();
const bulkStart = performance.now();
for (let call = 0; call < 100; call++) {
  await createInvitations(db, bulkOrg.adminId, bulkOrg.id, {
    emails: Array.from({ length: 10 }, () => `bulk-${randomUUID()}@example.test`),
  });
}
const bulkSeconds = (performance.now() - bulkStart) / 1000;

// Deliver the backlog first so the end-to-end figure measures one email, not a queue.
await drainOutbox(db);
const toCapture: number[] = [];
for (let i = 0; i < 30; i++) {
  const email = `e2e-${randomUUID()}@example.test`;
  const t0 = performance.now();
  await createInvitations(db, org.adminId, org.id, { emails: email });
  await drainOutbox(db);
  if (!capture.emails.some((e) => e.to.includes(email))) throw new Error("email not captured");
  toCapture.push(performance.now() - t0);
}
toCapture.sort((a, b) => a - b);

console.info("invitations, through the domain, PostgreSQL at", new URL(process.env.DATABASE_URL).host);
console.info(
  `single invitation + queued email (one transaction), 300 calls: p50 ${percentile(singles, 50).toFixed(1)} ms, p99 ${percentile(singles, 99).toFixed(1)} ms`,
);
console.info(
  `bulk: 1,000 invitations in 100 calls of 10: ${bulkSeconds.toFixed(2)} s (${(1000 / bulkSeconds).toFixed(0)}/s)`,
);
console.info(
  `invite -> email captured (outbox, Resend SDK, local capture), 30 runs: p50 ${percentile(toCapture, 50).toFixed(1)} ms, p99 ${percentile(toCapture, 99).toFixed(1)} ms`,
);
await capture.close();
await prisma.$disconnect();
process.exit(0);
