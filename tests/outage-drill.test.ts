// The outage drill: PostgreSQL restarts (fast shutdown) while API clients
// create invitations, each with its own Idempotency-Key. Every answer is a
// success or a 503 with Retry-After (never a 500); once the database is back
// the API answers again; retrying each 503 with its key gives exactly one
// invitation per request, and the stored set is exactly the confirmed set.
//
// The database is a throwaway PostgreSQL 15 cluster of this file's own (never
// the shared test server); the app's route handlers run in this process
// against it, through the app's own pool and Prisma client.
import { execFile } from "node:child_process";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startThrowawayPostgres,
  throwawayPostgresUnavailable,
  type ThrowawayPostgres,
} from "./support/throwaway-postgres";

const unavailable = throwawayPostgresUnavailable();
if (unavailable) console.warn(`[outage-drill] skipped: ${unavailable}`);

const CLIENTS = 4;

type Attempt = {
  email: string;
  key: string;
  status: number;
  retryAfter: string | null;
  id?: string;
  replayed: boolean;
  code?: string;
};

function migrate(url: string): Promise<void> {
  const cli = path.resolve(import.meta.dirname, "../node_modules/prisma/build/index.js");
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [cli, "migrate", "deploy"],
      { env: { ...process.env, DATABASE_URL: url } },
      (error, _stdout, stderr) => (error ? reject(new Error(`migrate deploy failed: ${stderr}`)) : resolve()),
    ),
  );
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe.skipIf(unavailable !== null)("outage drill: PostgreSQL restarts under API load", () => {
  let pg: ThrowawayPostgres;
  let app: {
    db: typeof import("@/lib/db").db;
    prisma: typeof import("@/lib/db").prisma;
    POST: typeof import("@/app/api/v1/organizations/[org]/invitations/route").POST;
    runOrgAction: typeof import("@/lib/server/action-core").runOrgAction;
    createInvitations: typeof import("@/lib/domain/invitations/admin").createInvitations;
  };
  let adminUser: import("@/lib/domain/users").UserDto;
  let secret: string;
  let orgId: string;

  beforeAll(async () => {
    pg = await startThrowawayPostgres();
    await migrate(pg.url);
    // The app's one pool is made on first import, from DATABASE_URL: this file must be the first to make it.
    if ((globalThis as { prismaPools?: unknown }).prismaPools)
      throw new Error("the app's database pool exists already in this worker");
    process.env.DATABASE_URL = pg.url;
    const [{ db, prisma }, { POST }, { createApiKey }, { runOrgAction }, { createInvitations }, { userDtoSelect }] =
      await Promise.all([
        import("@/lib/db"),
        import("@/app/api/v1/organizations/[org]/invitations/route"),
        import("@/lib/domain/api-keys"),
        import("@/lib/server/action-core"),
        import("@/lib/domain/invitations/admin"),
        import("@/lib/domain/users"),
      ]);
    app = { db, prisma, POST, runOrgAction, createInvitations };
    secret = (await createApiKey(db, "outage drill")).key;
    const admin = await prisma.user.create({
      data: { name: "Drill admin", email: `drill-admin-${randomUUID()}@example.com`, emailVerified: new Date() },
      select: userDtoSelect,
    });
    adminUser = admin;
    const org = await prisma.organization.create({
      data: {
        name: "Outage drill",
        slug: `outage-drill-${randomUUID().slice(0, 8)}`,
        memberships: { create: { userId: admin.id, role: "admin" } },
      },
    });
    orgId = org.id;
  }, 120_000);

  afterAll(async () => {
    await app?.prisma.$disconnect().catch(() => {});
    pg?.destroy();
  });

  async function invite(email: string, key: string): Promise<Attempt> {
    const request = new Request(`http://localhost/api/v1/organizations/${orgId}/invitations`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify({ email_address: email, role: "org:member" }),
    });
    const response = await app.POST(request, { params: Promise.resolve({ org: orgId }) });
    const body = (await response.json()) as { id?: string; errors?: Array<{ code: string }> };
    return {
      email,
      key,
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      id: body.id,
      replayed: response.headers.get("idempotent-replayed") === "true",
      code: body.errors?.[0]?.code,
    };
  }

  it("answers success or 503 + Retry-After, loses nothing confirmed, and a retry with the key never duplicates", async () => {
    const attempts: Attempt[] = [];
    type Phase = "before" | "down" | "after";
    let phase: Phase = "before";
    const seen = new Map<Phase, { ok: number[]; unavailable: number[] }>(
      (["before", "down", "after"] as const).map((p) => [
        p,
        { ok: new Array(CLIENTS).fill(0), unavailable: new Array(CLIENTS).fill(0) },
      ]),
    );
    let running = true;
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      while (running) {
        const startedIn = phase;
        const attempt = await invite(`drill-${client}-${randomUUID()}@example.com`, randomUUID());
        attempts.push(attempt);
        // A request begun before the stop and answered after the restart still counts for the phase it began in.
        const counts = seen.get(startedIn)!;
        if (attempt.status === 200) counts.ok[client]!++;
        else if (attempt.status === 503) {
          counts.unavailable[client]!++;
          // As a client honouring Retry-After would, but briefly: the drill wants many requests at the edges.
          await new Promise((resolve) => setTimeout(resolve, 25));
        } else break; // Any other answer fails the drill below.
      }
    });

    await until(() => seen.get("before")!.ok.every((n) => n >= 3) || attempts.some((a) => a.status !== 200));
    phase = "down";
    await pg.stop();
    await until(
      () =>
        seen.get("down")!.unavailable.every((n) => n >= 2) ||
        attempts.some((a) => a.status !== 200 && a.status !== 503),
    );
    // A server action (the invite form's path) meanwhile says "try again", as a form error.
    const { DATABASE_UNAVAILABLE_MESSAGE } = await import("@/lib/database-unavailable");
    const formEmail = `drill-form-${randomUUID()}@example.com`;
    const viaForm = await app.runOrgAction(
      app.db,
      adminUser,
      "org:invitations:manage",
      orgId,
      async ({ user, organization }) => ({
        ok: true,
        data: await app.createInvitations(app.db, user.id, organization.id, {
          emails: formEmail,
          role: "basic_member",
        }),
      }),
    );
    expect(viaForm).toEqual({
      ok: false,
      error: DATABASE_UNAVAILABLE_MESSAGE,
      fieldErrors: undefined,
      values: undefined,
    });
    await pg.start();
    phase = "after";
    // The app answers again once the database is back (each client gets a success).
    await until(
      () => seen.get("after")!.ok.every((n) => n >= 2) || attempts.some((a) => a.status !== 200 && a.status !== 503),
    );
    running = false;
    await Promise.all(clients);

    const unexpected = attempts.filter((a) => a.status !== 200 && a.status !== 503);
    expect(unexpected, "answers other than success or 503").toEqual([]);
    const unavailableAnswers = attempts.filter((a) => a.status === 503);
    expect(unavailableAnswers.length).toBeGreaterThanOrEqual(CLIENTS);
    expect(
      unavailableAnswers.every((a) => a.code === "service_unavailable" && Number(a.retryAfter) > 0),
      "every 503 has Retry-After",
    ).toBe(true);

    // Nothing confirmed was lost.
    const confirmed = attempts.filter((a) => a.status === 200);
    const stored = await app.prisma.invitation.findMany({
      where: { organizationId: orgId },
      select: { id: true, email: true },
    });
    const storedByEmail = new Map(stored.map((row) => [row.email, row.id]));
    for (const a of confirmed) expect(storedByEmail.get(a.email), `confirmed invitation for ${a.email}`).toBe(a.id);

    // A 503'd request either made nothing, or made its invitation and then its retry returns that very one.
    const retried: Attempt[] = [];
    for (const failed of unavailableAnswers) {
      const madeAnyway = storedByEmail.get(failed.email);
      const retry = await invite(failed.email, failed.key);
      expect(retry.status, `retry of ${failed.email}`).toBe(200);
      if (madeAnyway) expect([retry.id, retry.replayed]).toEqual([madeAnyway, true]);
      else expect(retry.replayed).toBe(false);
      retried.push(retry);
    }

    // The invitations are exactly the successes, each once.
    const after = await app.prisma.invitation.findMany({
      where: { organizationId: orgId },
      select: { id: true, email: true },
    });
    const successes = [...confirmed, ...retried];
    expect(after.map((row) => row.id).sort()).toEqual(successes.map((a) => a.id).sort());
    expect(new Set(after.map((row) => row.email)).size).toBe(after.length);
    console.info(
      `[outage-drill] ${attempts.length} requests by ${CLIENTS} clients: ${confirmed.length} created, ${unavailableAnswers.length} answered 503 ` +
        `(${unavailableAnswers.filter((a) => storedByEmail.has(a.email)).length} of them committed anyway, returned on retry)`,
    );
  }, 180_000);
});
