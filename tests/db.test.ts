// The app's database handle (lib/db.ts): its reads must answer exactly what
// Prisma's own reads answer, whatever the server's time zone; a transaction
// sees its own writes, rolls back when its work throws, is joined by a
// transaction opened inside it, and never hands a broken connection back to
// the pool; statements run prepared (named) per connection. The member count
// the rules read is the one the database's triggers keep.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prisma, db, Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  getOrganizationRecord,
  getUserRecord,
  listMembershipRecords,
  listOrganizationRecords,
  MEMBERSHIP_ORDERS,
} from "@/lib/domain/instance-reads";
import { membershipRecordSelect } from "@/lib/domain/memberships/sql";
import { organizationRecordSelect } from "@/lib/domain/organizations/sql";
import { instanceUserSelect } from "@/lib/domain/instance-users";
import { deleteAccount } from "@/lib/domain/delete-account";
import { addMember, leaveOrganization, removeMember } from "@/lib/domain/memberships/memberships";
import { createOrganization, deleteOrganization, listMyOrganizations } from "@/lib/domain/organizations/organizations";
import { ilikeContains, INSTANCE } from "@/lib/domain/access";
import { getSessionUser, userDtoSelect } from "@/lib/domain/users";
import { makeOrganization, makeUser } from "./support/orgs";
import { realPostgres } from "./support/database";
import { startSession } from "@/lib/domain/sessions";

afterAll(() => prisma.$disconnect());

/** getOrganizationRecord and getUserRecord as a server process in another time zone answers them. */
function readInZone(zone: string, organizationId: string, userId: string): { organization: unknown; user: unknown } {
  const script = `
    import { db } from ${JSON.stringify(path.resolve("lib/db.ts"))};
    import { getOrganizationRecord, getUserRecord } from ${JSON.stringify(path.resolve("lib/domain/instance-reads.ts"))};
    const [organization, user] = await Promise.all([getOrganizationRecord(db, ${JSON.stringify(organizationId)}), getUserRecord(db, ${JSON.stringify(userId)})]);
    process.stdout.write(JSON.stringify({ organization, user }));
    process.exit(0);`;
  const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: { ...process.env, TZ: zone },
    encoding: "utf8",
  });
  return JSON.parse(output) as { organization: unknown; user: unknown };
}

describe("the database handle", () => {
  it("answer what Prisma answers, timestamps included, whatever the server's time zone", async () => {
    const user = await makeUser(prisma, "reader");
    await prisma.user.update({
      where: { id: user.id },
      data: { emailVerified: new Date("2026-01-02T03:04:05.678Z"), publicMetadata: { a: [1, { b: null }] } },
    });
    const org = await makeOrganization(prisma, [[user, "admin"]], "pool-read");
    await prisma.organization.update({
      where: { id: org.id },
      data: { privateMetadata: { nested: { x: "y" } }, maxAllowedMemberships: 7 },
    });

    const viaPrisma = await prisma.organization.findUniqueOrThrow({
      where: { id: org.id },
      select: organizationRecordSelect,
    });
    expect(await getOrganizationRecord(db, org.id)).toEqual(viaPrisma);
    expect(await getOrganizationRecord(db, org.slug.toUpperCase())).toEqual(viaPrisma);
    expect(await getOrganizationRecord(db, org.id, { counts: true })).toEqual({
      ...viaPrisma,
      membersCount: 1,
      pendingInvitationsCount: 0,
    });
    const listed = await listOrganizationRecords(db, {
      limit: 5,
      offset: 0,
      ids: [org.id],
      orderBy: { field: "created_at", direction: "desc" },
      counts: true,
    });
    expect(listed).toEqual({ data: [{ ...viaPrisma, membersCount: 1 }], totalCount: 1 });

    expect(await getUserRecord(db, user.id)).toEqual(
      await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: instanceUserSelect }),
    );
    const session = await startSession(db, user.id);
    expect(await getSessionUser(db, user.id, 0, session.id)).toEqual(
      await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: userDtoSelect }),
    );
    expect(await getSessionUser(db, user.id, 1, session.id)).toBeNull();

    const [mine] = await listMyOrganizations(db, user.id);
    expect(mine?.createdAt).toEqual((await prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).createdAt);
    // A timestamp parameter compares in UTC too: the organization was made before now, not hours off.
    const [{ n }] = (await db.rows<{ n: number }>(
      Prisma.sql`SELECT count(*)::int AS n FROM organizations WHERE id = ${org.id} AND created_at <= ${new Date()} AND created_at > ${new Date(Date.now() - 60_000)}`,
    )) as [{ n: number }];
    expect(n).toBe(1);

    // A column of timestamp without time zone would read as the server's local time: the same answers from other zones.
    const expected = JSON.parse(
      JSON.stringify({
        organization: viaPrisma,
        user: await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: instanceUserSelect }),
      }),
    );
    for (const zone of ["America/New_York", "Asia/Kolkata"])
      expect(readInZone(zone, org.id, user.id)).toEqual(expected);
  });

  it("page an organization's memberships in one statement, in every order, as Prisma reads them", async () => {
    // Five members, three of them joined at the same instant (ties are broken by id), with names that sort differently
    // by first name, last name and email, and metadata.
    const people = await Promise.all(
      [
        ["Zoe Adams", "c"],
        ["Adam Young", "a"],
        ["Mia Brown", "e"],
        ["Liam Stone", "b"],
        ["Ava Cole", "d"],
      ].map(([name, letter], i) =>
        prisma.user.create({
          data: { name: name!, email: `${letter}-${i}-${Date.now()}@pages.example`, lastName: i === 4 ? "Zed" : null },
          select: userDtoSelect,
        }),
      ),
    );
    const org = await makeOrganization(prisma, [[people[0]!, "admin"]], "paged");
    const joined = new Date("2026-03-04T05:06:07.089Z");
    await prisma.membership.createMany({
      data: people.slice(1).map((person, i) => ({
        organizationId: org.id,
        userId: person.id,
        role: i === 0 ? ("admin" as const) : ("basic_member" as const),
        createdAt: i < 3 ? joined : new Date(joined.getTime() + 1000),
        publicMetadata: { seat: i },
      })),
    });
    // The record as Prisma reads it, with its role's name and permission keys (sorted) from the role's rows.
    const all = (
      await prisma.membership.findMany({
        where: { organizationId: org.id },
        select: {
          ...membershipRecordSelect,
          roleRef: { select: { name: true, permissions: { select: { permission: { select: { key: true } } } } } },
        },
      })
    ).map(({ roleRef, ...membership }) => ({
      ...membership,
      roleName: roleRef.name,
      permissions: roleRef.permissions.map((p) => p.permission.key).sort(),
    }));
    const organization = await prisma.organization.findUniqueOrThrow({
      where: { id: org.id },
      select: organizationRecordSelect,
    });
    const key = {
      created_at: (m: (typeof all)[number]) => m.createdAt.toISOString(),
      first_name: (m: (typeof all)[number]) => (m.user.firstName ?? m.user.name).toLowerCase(),
      last_name: (m: (typeof all)[number]) =>
        (m.user.lastName ?? m.user.name.split(/\s/).slice(1).join(" ") ?? m.user.name).toLowerCase(),
      email_address: (m: (typeof all)[number]) => m.user.email,
    };
    for (const field of MEMBERSHIP_ORDERS) {
      const sortKey = key[field as keyof typeof key] ?? key.created_at;
      for (const direction of ["asc", "desc"] as const) {
        const expected = [...all].sort((a, b) => {
          const [x, y] = [sortKey(a), sortKey(b)];
          if (x !== y) return (x < y ? -1 : 1) * (direction === "asc" ? 1 : -1);
          return a.id < b.id ? -1 : 1;
        });
        for (const [offset, limit] of [
          [0, 2],
          [2, 2],
          [4, 2],
          [0, 10],
          [9, 3],
        ] as const) {
          const page = await listMembershipRecords(db, org.id, { limit, offset, orderBy: { field, direction } });
          expect(page, `${field} ${direction} ${offset}+${limit}`).toEqual({
            organization,
            data: expected.slice(offset, offset + limit),
            totalCount: 5,
          });
        }
      }
    }
    // Filters: the count is of the matches, the slug finds the organization too.
    const admins = await listMembershipRecords(db, org.slug, {
      limit: 10,
      offset: 0,
      roles: ["admin"],
      orderBy: { field: "email_address", direction: "asc" },
    });
    expect(admins.totalCount).toBe(2);
    expect(admins.data.map((m) => m.user.id).sort()).toEqual([people[0]!.id, people[1]!.id].sort());
    const before = await listMembershipRecords(db, org.id, {
      limit: 10,
      offset: 0,
      createdBefore: new Date(joined.getTime() + 500),
      query: "a",
      orderBy: { field: "created_at", direction: "asc" },
    });
    // Every address contains "a"; the three who joined at the tied instant are before the cut, the owner is not.
    expect(before.data.map((m) => m.user.id).sort()).toEqual(
      people
        .slice(1, 4)
        .map((p) => p.id)
        .sort(),
    );
    expect(before.data.every((m) => m.createdAt.getTime() === joined.getTime())).toBe(true);
    expect(before.totalCount).toBe(3);
    await expect(
      listMembershipRecords(db, "org_missing", {
        limit: 10,
        offset: 0,
        orderBy: { field: "created_at", direction: "asc" },
      }),
    ).rejects.toMatchObject({
      code: "resource_not_found",
    });
  });

  it("run inside the transaction they are given, and see its writes", async () => {
    const user = await makeUser(prisma, "tx-reader");
    await db.transaction(async (tx) => {
      expect(
        await tx.execute(Prisma.sql`UPDATE /* no event */ users SET name = 'Renamed inside' WHERE id = ${user.id}`),
      ).toBe(1);
      expect((await getUserRecord(tx, user.id)).name).toBe("Renamed inside");
      // The embedded database runs one transaction at a time: a read beside this one would wait for it.
      if (realPostgres) expect((await getUserRecord(db, user.id)).name).toBe(user.name);
    });
    expect((await getUserRecord(db, user.id)).name).toBe("Renamed inside");
  });

  it("answer one row or undefined, and count what a statement touched", async () => {
    const user = await makeUser(prisma, "one-row");
    expect(await db.one<{ id: string }>(Prisma.sql`SELECT id FROM users WHERE id = ${user.id}`)).toEqual({
      id: user.id,
    });
    expect(await db.one(Prisma.sql`SELECT id FROM users WHERE id = ${"user_missing"}`)).toBeUndefined();
    expect(await db.execute(Prisma.sql`UPDATE /* no event */ users SET image = NULL WHERE id = ${user.id}`)).toBe(1);
    expect(
      await db.execute(Prisma.sql`UPDATE /* no event */ users SET image = NULL WHERE id = ${"user_missing"}`),
    ).toBe(0);
  });

  it("roll a transaction back when its work throws, and hand the error on", async () => {
    const user = await makeUser(prisma, "rollback");
    const failure = new Error("refused after writing");
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(Prisma.sql`UPDATE /* no event */ users SET name = 'Never kept' WHERE id = ${user.id}`);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe(user.name);
    // A failed statement aborts the transaction; it rolls back and the handle goes on working.
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(Prisma.sql`UPDATE /* no event */ users SET name = 'Never kept' WHERE id = ${user.id}`);
        await tx.execute(
          Prisma.sql`INSERT INTO /* no event */ users (id, name, email, updated_at) VALUES (${user.id}, 'x', 'x', now())`,
        );
      }),
    ).rejects.toMatchObject({ code: "23505" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe(user.name);
  });

  it("join the open transaction when one is opened inside it: one commit, one rollback", async () => {
    const user = await makeUser(prisma, "nested");
    await expect(
      db.transaction(async (tx) => {
        await tx.transaction(async (inner) => {
          expect(inner).toBe(tx);
          await inner.execute(Prisma.sql`UPDATE /* no event */ users SET name = 'Inner write' WHERE id = ${user.id}`);
        });
        expect((await tx.one<{ name: string }>(Prisma.sql`SELECT name FROM users WHERE id = ${user.id}`))?.name).toBe(
          "Inner write",
        );
        throw new Error("the outer work fails");
      }),
    ).rejects.toThrow("the outer work fails");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe(user.name);
    // A rule handed the transaction (the REST API's answer is built in the change's) commits with it.
    await db.transaction((tx) =>
      tx.transaction((inner) =>
        inner.execute(Prisma.sql`UPDATE /* no event */ users SET name = 'Committed' WHERE id = ${user.id}`),
      ),
    );
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Committed");
  });

  it("refuse a statement on a transaction that has ended, and one past its time limit", async () => {
    let kept: Tx | undefined;
    await db.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept!.rows(Prisma.sql`SELECT 1`)).rejects.toThrow("already ended");
    await expect(
      db.transaction(
        async (tx) => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          await tx.rows(Prisma.sql`SELECT 1`);
        },
        { timeoutMs: 1 },
      ),
    ).rejects.toThrow("timed out");
  });

  it.skipIf(!realPostgres)("run statements prepared, by name, on the pool and in a transaction", async () => {
    const text = Prisma.sql`SELECT ${"prepared"}::text AS word`;
    await db.transaction(async (tx) => {
      expect(await tx.rows(text)).toEqual([{ word: "prepared" }]);
      expect(await tx.rows(text)).toEqual([{ word: "prepared" }]);
      const prepared = await tx.rows<{ name: string }>(
        Prisma.sql`SELECT name FROM pg_prepared_statements WHERE statement = ${text.text}`,
      );
      expect(prepared).toHaveLength(1);
      expect(prepared[0]!.name).toMatch(/^s\d+$/);
    });
    // On the pool: whichever connection runs it prepares it under the same name.
    for (let i = 0; i < 3; i++) expect(await db.rows(text)).toEqual([{ word: "prepared" }]);
  });

  it.skipIf(!realPostgres)(
    "plan a search for its own pattern on every call: never prepared, so a generic plan cannot read every row",
    async () => {
      const search = Prisma.sql`SELECT count(*)::int AS n FROM users u WHERE ${ilikeContains("u.email", "nobody-has-this")}`;
      await db.transaction(async (tx) => {
        for (let i = 0; i < 7; i++) expect(await tx.rows(search)).toEqual([{ n: 0 }]);
        const prepared = await tx.rows(
          Prisma.sql`SELECT name FROM pg_prepared_statements WHERE statement = ${search.text}`,
        );
        expect(prepared).toEqual([]);
      });
    },
  );

  it.skipIf(!realPostgres)("close a connection the server ended instead of handing it back to the pool", async () => {
    // The server ends this transaction's connection (as a restart would) while it is checked out.
    await expect(
      db.transaction(async (tx) => {
        await tx.rows(Prisma.sql`SELECT pg_terminate_backend(pg_backend_pid())`);
      }),
    ).rejects.toBeTruthy();
    // Every later transaction gets a working connection (the pool hands back its newest idle one first).
    for (let i = 0; i < 5; i++) {
      expect(await db.transaction((tx) => tx.one<{ ok: number }>(Prisma.sql`SELECT 1 AS ok`))).toEqual({ ok: 1 });
    }
  });

  it("count members with the count the database keeps, through every way in and out", async () => {
    const [owner, second, third] = await Promise.all([
      makeUser(prisma, "owner"),
      makeUser(prisma, "second"),
      makeUser(prisma, "third"),
    ]);
    const org = await createOrganization(db, owner.id, { name: "Counted" });
    const kept = async () => (await getOrganizationRecord(db, org.id, { counts: true })).membersCount;
    const real = () => prisma.membership.count({ where: { organizationId: org.id } });
    expect(await kept()).toBe(1);
    await addMember(db, INSTANCE, org.id, second.id, "basic_member");
    await addMember(db, owner.id, org.id, third.id, "admin");
    expect([await kept(), await real()]).toEqual([3, 3]);
    expect((await listMyOrganizations(db, second.id)).find((o) => o.id === org.id)?.membersCount).toBe(3);
    await removeMember(db, owner.id, org.id, second.id);
    await leaveOrganization(db, third.id, org.id);
    expect([await kept(), await real()]).toEqual([1, 1]);
    // A deleted account takes its memberships with it (a cascade), and the count follows.
    await addMember(db, INSTANCE, org.id, second.id, "basic_member");
    await deleteAccount(db, second.id, { confirm: second.email });
    expect([await kept(), await real()]).toEqual([1, 1]);
    // Many rows in one statement, as a seed makes them.
    const others = await Promise.all(Array.from({ length: 5 }, (_, i) => makeUser(prisma, `bulk${i}`)));
    await prisma.membership.createMany({ data: others.map((user) => ({ organizationId: org.id, userId: user.id })) });
    expect([await kept(), await real()]).toEqual([6, 6]);
    // Deleting the organization cascades to its memberships; their trigger finds the organization gone.
    await deleteOrganization(db, owner.id, org.id);
    expect(await real()).toBe(0);
  });
});
