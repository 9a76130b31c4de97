// The REST API's Idempotency-Key on POST, through the route handlers as a
// client meets them: the same key returns the first answer without doing the
// work again; a key reused for another request is refused; concurrent
// duplicates make one change; keys are per secret key and last 24 hours.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { prisma, db } from "@/lib/db";
import { createApiKey, revokeApiKey } from "@/lib/domain/api-keys";
import { POST as createInvitation } from "@/app/api/v1/organizations/[org]/invitations/route";
import { POST as createOrganization } from "@/app/api/v1/organizations/route";
import { POST as createUser } from "@/app/api/v1/users/route";
import { uniqueEmail } from "./support/factories";
import { makeOrganization, makeUser } from "./support/orgs";

let key: { id: string; key: string };
let otherKey: { id: string; key: string };

beforeAll(async () => {
  key = await createApiKey(db, "idempotency test");
  otherKey = await createApiKey(db, "idempotency test (other)");
});

afterAll(async () => {
  await revokeApiKey(db, key.id);
  await revokeApiKey(db, otherKey.id);
  await prisma.$disconnect();
});

function post(path: string, body: unknown, idempotencyKey?: string, secret = key.key): Request {
  return new Request(`http://localhost/api/v1${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${secret}`,
      "content-type": "application/json",
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function invite(org: string, body: unknown, idempotencyKey?: string, secret?: string) {
  const response = await createInvitation(post(`/organizations/${org}/invitations`, body, idempotencyKey, secret), {
    params: Promise.resolve({ org }),
  });
  return {
    status: response.status,
    body: await response.json(),
    replayed: response.headers.get("idempotent-replayed"),
  };
}

async function organizationWithAdmin() {
  const admin = await makeUser(prisma, "admin");
  return makeOrganization(prisma, [[admin, "admin"]], "idem");
}

describe("Idempotency-Key on POST", () => {
  it("returns the first answer for the same key, without a second invitation or email", async () => {
    const org = await organizationWithAdmin();
    const email = uniqueEmail("invitee");
    const idem = randomUUID();
    const first = await invite(org.id, { email_address: email, role: "org:member" }, idem);
    expect(first.status).toBe(200);
    expect(first.replayed).toBeNull();
    const again = await invite(org.id, { email_address: email, role: "org:member" }, idem);
    expect(again).toEqual({ ...first, replayed: "true" });
    expect(await prisma.invitation.count({ where: { organizationId: org.id } })).toBe(1);
    expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(1);
    // The stored answer (it holds the invitation's link) is sealed with the request's secret key.
    const [stored] = await prisma.$queryRaw<
      Array<{ body: string }>
    >`SELECT body FROM idempotency_keys WHERE api_key_id = ${key.id} AND key = ${idem}`;
    expect(stored!.body).not.toContain(first.body.id);
    expect(first.body.url).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
    expect(stored!.body).not.toContain(new URL(first.body.url).pathname);
    // Without a key the same request is a new one, refused as a duplicate invitation.
    expect((await invite(org.id, { email_address: email, role: "org:member" })).body.errors[0].code).toBe(
      "organization_invitation_not_unique",
    );
  });

  it("refuses a key reused with other parameters or on another path, and changes nothing", async () => {
    const org = await organizationWithAdmin();
    const idem = randomUUID();
    expect((await invite(org.id, { email_address: uniqueEmail("a"), role: "org:member" }, idem)).status).toBe(200);
    const reused = await invite(org.id, { email_address: uniqueEmail("b"), role: "org:member" }, idem);
    expect(reused.status).toBe(400);
    expect(reused.body.errors[0].code).toBe("idempotency_key_reused");
    const response = await createOrganization(post("/organizations", { name: "Another request" }, idem), {
      params: Promise.resolve({}),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].code).toBe("idempotency_key_reused");
    expect(await prisma.invitation.count({ where: { organizationId: org.id } })).toBe(1);
    expect(await prisma.organization.count({ where: { name: "Another request" } })).toBe(0);
  });

  it("keeps a deterministic refusal: the retry gets it again even once the request would succeed", async () => {
    const org = await organizationWithAdmin();
    const member = await makeUser(prisma, "member");
    await prisma.membership.create({ data: { organizationId: org.id, userId: member.id, role: "basic_member" } });
    const idem = randomUUID();
    const refused = await invite(org.id, { email_address: member.email, role: "org:member" }, idem);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].code).toBe("already_a_member_in_organization");
    await prisma.membership.deleteMany({ where: { organizationId: org.id, userId: member.id } });
    expect(await invite(org.id, { email_address: member.email, role: "org:member" }, idem)).toEqual({
      ...refused,
      replayed: "true",
    });
    expect(await prisma.invitation.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("makes one change for concurrent duplicates, which all get the same answer", async () => {
    const org = await organizationWithAdmin();
    const idem = randomUUID();
    const body = { email_address: uniqueEmail("race"), role: "org:member" };
    const answers = await Promise.all(Array.from({ length: 5 }, () => invite(org.id, body, idem)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(answers.filter((answer) => answer.replayed === null)).toHaveLength(1);
    expect(await prisma.invitation.count({ where: { organizationId: org.id } })).toBe(1);
  });

  it("scopes keys per secret key and forgets them after 24 hours", async () => {
    const org = await organizationWithAdmin();
    const idem = randomUUID();
    const one = await invite(org.id, { email_address: uniqueEmail("one"), role: "org:member" }, idem);
    const other = await invite(org.id, { email_address: uniqueEmail("two"), role: "org:member" }, idem, otherKey.key);
    expect([one.status, other.status, other.replayed]).toEqual([200, 200, null]);
    expect(other.body.id).not.toBe(one.body.id);

    await prisma.$executeRaw`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = ${idem}`;
    const later = await invite(org.id, { email_address: uniqueEmail("three"), role: "org:member" }, idem);
    expect([later.status, later.replayed]).toEqual([200, null]);
    expect(await prisma.invitation.count({ where: { organizationId: org.id } })).toBe(3);
  });

  it("refuses a malformed key before doing anything", async () => {
    const org = await organizationWithAdmin();
    const refused = await invite(org.id, { email_address: uniqueEmail("x"), role: "org:member" }, "x".repeat(256));
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].code).toBe("idempotency_key_invalid");
    expect(await prisma.invitation.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("replays a created user (a password hash is not recomputed) and a taken address stays a 422", async () => {
    const email = uniqueEmail("made");
    const idem = randomUUID();
    const make = () =>
      createUser(post("/users", { email_address: [email], skip_password_requirement: true }, idem), {
        params: Promise.resolve({}),
      });
    const first = await make();
    const second = await make();
    expect([first.status, second.status, second.headers.get("idempotent-replayed")]).toEqual([200, 200, "true"]);
    expect(await second.json()).toEqual(await first.json());
    const taken = await createUser(
      post("/users", { email_address: [email], skip_password_requirement: true }, randomUUID()),
      { params: Promise.resolve({}) },
    );
    expect(taken.status).toBe(422);
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });
});
