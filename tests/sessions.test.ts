import { afterAll, describe, expect, it } from "vitest";
import { prisma, db } from "@/lib/db";
import {
  endSession,
  LAST_SEEN_EVERY_MS,
  listSessions,
  revokeSession,
  SESSION_MAX_AGE_DAYS,
  startSession,
} from "@/lib/domain/sessions";
import { getSessionUser } from "@/lib/domain/users";
import { makeUser } from "./support/orgs";

afterAll(() => prisma.$disconnect());

const rowOf = (id: string) => prisma.session.findUniqueOrThrow({ where: { id } });

describe("sessions", () => {
  it("a session is active from sign-in until it ends; a token without one is signed out", async () => {
    const user = await makeUser(prisma, "sess");
    const session = await startSession(db, user.id, {
      userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36",
    });
    expect(session.id).toMatch(/^sess_[0-9a-f]{32}$/);
    expect(await getSessionUser(db, user.id, 0, session.id)).toEqual(user);
    expect(await getSessionUser(db, user.id, 0, null)).toBeNull();
    expect(await getSessionUser(db, user.id, 0, "sess_not-an-id")).toBeNull();

    await endSession(db, user.id, session.id);
    expect(await getSessionUser(db, user.id, 0, session.id)).toBeNull();
    expect((await rowOf(session.id)).endedAt).toBeInstanceOf(Date);
  });

  it("a session names one account: another user's id with it is refused", async () => {
    const [owner, other] = [await makeUser(prisma, "owner"), await makeUser(prisma, "other")];
    const session = await startSession(db, owner.id);
    expect(await getSessionUser(db, other.id, 0, session.id)).toBeNull();
    await endSession(db, other.id, session.id);
    expect(await getSessionUser(db, owner.id, 0, session.id)).toMatchObject({ id: owner.id });
  });

  it("lists the account's active sessions, marks this one, and keeps control characters out of the device", async () => {
    const user = await makeUser(prisma, "list");
    const here = await startSession(db, user.id, { userAgent: "Mozilla/5.0 (iPhone)\r\n\u202Eevil Safari/604.1" });
    const there = await startSession(db, user.id, { userAgent: null });
    const ended = await startSession(db, user.id);
    await endSession(db, user.id, ended.id);
    const listed = await listSessions(db, user.id, here.id);
    expect(listed.map((s) => s.id).sort()).toEqual([here.id, there.id].sort());
    expect(listed.find((s) => s.id === here.id)).toMatchObject({
      current: true,
      userAgent: "Mozilla/5.0 (iPhone) evil Safari/604.1",
    });
    expect(listed.find((s) => s.id === there.id)).toMatchObject({ current: false, userAgent: null });
    expect(await listSessions(db, (await makeUser(prisma, "nobody")).id, here.id)).toEqual([]);
  });

  it("ends one of the actor's own sessions; another account's, unknown and ended ones are not found, and nothing changes", async () => {
    const [owner, stranger] = [await makeUser(prisma, "victim"), await makeUser(prisma, "stranger")];
    const [a, b] = [await startSession(db, owner.id), await startSession(db, owner.id)];
    const theirs = await startSession(db, stranger.id);

    await expect(revokeSession(db, stranger.id, a.id)).rejects.toMatchObject({ code: "resource_not_found" });
    await expect(revokeSession(db, owner.id, theirs.id)).rejects.toMatchObject({ code: "resource_not_found" });
    for (const garbage of [undefined, 42, "", "sess_", "'; DROP TABLE sessions; --", `${a.id}x`]) {
      await expect(revokeSession(db, owner.id, garbage)).rejects.toMatchObject({ code: "resource_not_found" });
    }
    expect((await rowOf(a.id)).endedAt).toBeNull();
    expect((await rowOf(theirs.id)).endedAt).toBeNull();

    await expect(revokeSession(db, owner.id, a.id)).resolves.toEqual({ id: a.id });
    expect(await getSessionUser(db, owner.id, 0, a.id)).toBeNull();
    expect(await getSessionUser(db, owner.id, 0, b.id)).toMatchObject({ id: owner.id });
    await expect(revokeSession(db, owner.id, a.id)).rejects.toMatchObject({ code: "resource_not_found" });
  });

  it("last seen moves only when it is a few minutes old, and sessions no token can name are cleared at the next sign-in", async () => {
    const user = await makeUser(prisma, "seen");
    const session = await startSession(db, user.id);
    const fresh = (await rowOf(session.id)).lastSeenAt;
    await getSessionUser(db, user.id, 0, session.id);
    expect((await rowOf(session.id)).lastSeenAt).toEqual(fresh);

    const stale = new Date(Date.now() - LAST_SEEN_EVERY_MS - 60_000);
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: stale } });
    await getSessionUser(db, user.id, 0, session.id);
    // The update is not awaited by the read: wait for it to land.
    await expect.poll(async () => (await rowOf(session.id)).lastSeenAt.getTime()).toBeGreaterThan(stale.getTime());

    const old = await startSession(db, user.id);
    const longAgo = new Date(Date.now() - (SESSION_MAX_AGE_DAYS + 2) * 24 * 60 * 60 * 1000);
    await prisma.session.update({ where: { id: old.id }, data: { lastSeenAt: longAgo, createdAt: longAgo } });
    expect((await listSessions(db, user.id, null)).map((s) => s.id)).toEqual([session.id]);
    await startSession(db, user.id);
    expect(await prisma.session.count({ where: { id: old.id } })).toBe(0);
  });
});
