// "At least one admin, always", under races: for each race, 100 fresh
// organizations with two admins, both calls fired at the same instant.
import { afterAll, describe, expect, it } from "vitest";
import { prisma, db } from "@/lib/db";
import { randomUUID } from "node:crypto";
import { changeMemberRole, leaveOrganization, removeMember } from "@/lib/domain/memberships/memberships";
import { createRole, removePermission } from "@/lib/domain/roles/roles";
import type { UserDto } from "@/lib/domain/users";
import { makeOrganization, makeUser } from "./support/orgs";
import { realPostgres } from "./support/database";

afterAll(() => prisma.$disconnect());

const ORGANIZATIONS_PER_RACE = Number(process.env.RACE_ORGANIZATIONS ?? 100);
const BATCH = 10;

type Pair = { slug: string; id: string; a: UserDto; b: UserDto };
type Race = { name: string; calls: (p: Pair) => [Promise<unknown>, Promise<unknown>]; loserCodes: string[] };

const RACES: Race[] = [
  {
    name: "two admins demote each other",
    calls: (p) => [
      changeMemberRole(db, p.a.id, p.slug, p.b.id, "basic_member"),
      changeMemberRole(db, p.b.id, p.slug, p.a.id, "basic_member"),
    ],
    // The loser was demoted first, so it is no longer allowed to manage.
    loserCodes: ["missing_organization_permission", "organization_minimum_permissions_needed"],
  },
  {
    name: "each admin demotes self",
    calls: (p) => [
      changeMemberRole(db, p.a.id, p.slug, p.a.id, "basic_member"),
      changeMemberRole(db, p.b.id, p.slug, p.b.id, "basic_member"),
    ],
    loserCodes: ["organization_minimum_permissions_needed"],
  },
  {
    name: "two admins remove each other",
    calls: (p) => [removeMember(db, p.a.id, p.slug, p.b.id), removeMember(db, p.b.id, p.slug, p.a.id)],
    // The loser was removed first: it is not a member any more.
    loserCodes: ["resource_not_found", "organization_minimum_permissions_needed"],
  },
  {
    name: "both admins leave",
    calls: (p) => [leaveOrganization(db, p.a.id, p.slug), leaveOrganization(db, p.b.id, p.slug)],
    loserCodes: ["organization_minimum_permissions_needed"],
  },
];

async function makePairs(count: number): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i += BATCH) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(BATCH, count - i) }, async () => {
        const [a, b] = await Promise.all([makeUser(prisma, "race-a"), makeUser(prisma, "race-b")]);
        const org = await makeOrganization(
          prisma,
          [
            [a, "admin"],
            [b, "admin"],
          ],
          "race",
        );
        return { ...org, a, b };
      }),
    );
    pairs.push(...batch);
  }
  return pairs;
}

// PGlite serves every connection from one backend, one transaction at a time:
// nothing can race there, so this suite needs a real PostgreSQL.
if (!realPostgres)
  console.warn(
    "organizations-concurrency: skipped on the embedded database; set TEST_DATABASE_URL to a PostgreSQL server.",
  );

describe.skipIf(!realPostgres).each(RACES)("$name", (race) => {
  it(
    `leaves every one of ${ORGANIZATIONS_PER_RACE} organizations with an admin; exactly one call wins`,
    { timeout: 300_000 },
    async () => {
      const pairs = await makePairs(ORGANIZATIONS_PER_RACE);
      const loserCodes = new Map<string, number>();
      let winners = 0;
      for (let i = 0; i < pairs.length; i += BATCH) {
        const results = await Promise.all(
          pairs.slice(i, i + BATCH).map((pair) => Promise.allSettled(race.calls(pair))),
        );
        for (const settled of results) {
          const won = settled.filter((s) => s.status === "fulfilled").length;
          expect(won).toBe(1);
          winners += won;
          for (const s of settled) {
            if (s.status === "rejected") {
              const code = (s.reason as { code?: string }).code ?? String(s.reason);
              loserCodes.set(code, (loserCodes.get(code) ?? 0) + 1);
            }
          }
        }
      }
      const withoutAdmin = await prisma.organization.count({
        where: { id: { in: pairs.map((p) => p.id) }, memberships: { none: { role: "org:admin" } } },
      });
      expect(withoutAdmin).toBe(0);
      // The member count kept by triggers agrees with the rows after the races.
      const [{ miscounted }] = (await prisma.$queryRaw<Array<{ miscounted: number }>>`
      SELECT count(*)::int AS miscounted FROM organizations o
       WHERE o.id = ANY(${pairs.map((p) => p.id)})
         AND o.members_count <> (SELECT count(*) FROM organization_memberships m WHERE m.organization_id = o.id)`) as [
        { miscounted: number },
      ];
      expect(miscounted).toBe(0);
      expect(winners).toBe(ORGANIZATIONS_PER_RACE);
      for (const code of loserCodes.keys()) expect(race.loserCodes).toContain(code);
      console.info(
        `[race] ${race.name}: ${ORGANIZATIONS_PER_RACE * 2} calls, losers ${JSON.stringify(Object.fromEntries(loserCodes))}, organizations without an admin: ${withoutAdmin}`,
      );
    },
  );
});

// The race: in each organization a member whose custom role manages members and an
// admin demote each other while the operator takes org:sys_memberships:manage from that custom
// role. Whatever wins, no organization is left without a member who can manage members.
describe.skipIf(!realPostgres)(
  "members demote each other while the operator strips the permission from their role",
  () => {
    it(`leaves every one of ${ORGANIZATIONS_PER_RACE} organizations with a manager`, { timeout: 300_000 }, async () => {
      const ids: string[] = [];
      const outcomes = new Map<string, number>();
      const note = (what: string) => outcomes.set(what, (outcomes.get(what) ?? 0) + 1);
      const MEMBER_CODES = ["missing_organization_permission", "organization_minimum_permissions_needed"];
      for (let i = 0; i < ORGANIZATIONS_PER_RACE; i += BATCH) {
        // A fresh managing role per batch, so each batch's operator call can win or lose.
        const role = await createRole(db, {
          name: "Race manager",
          key: `org:race_${randomUUID().replace(/-/g, "").slice(0, 12)}`,
          permissions: ["perm_sys_memberships_manage", "perm_sys_memberships_read"],
        });
        const batch = await Promise.all(
          Array.from({ length: Math.min(BATCH, ORGANIZATIONS_PER_RACE - i) }, async () => {
            const [a, b] = await Promise.all([makeUser(prisma, "race-a"), makeUser(prisma, "race-b")]);
            const org = await makeOrganization(
              prisma,
              [
                [a, role.key],
                [b, "org:admin"],
              ],
              "race",
            );
            return { ...org, a, b };
          }),
        );
        ids.push(...batch.map((org) => org.id));
        const demotions = () =>
          batch.flatMap((p) => [
            changeMemberRole(db, p.a.id, p.slug, p.b.id, "org:member"),
            changeMemberRole(db, p.b.id, p.slug, p.a.id, "org:member"),
          ]);
        const strip = () => removePermission(db, role.id, "perm_sys_memberships_manage");
        // The operator's call is sent before the members' calls in half the batches, after them in
        // the other half, so that both orders happen (which wins is the database's to decide).
        const operatorFirst = (i / BATCH) % 2 === 0;
        const operator = operatorFirst ? strip() : null;
        const memberCalls = demotions();
        const settled = await Promise.allSettled([...memberCalls, operator ?? strip()]);
        for (const [index, s] of settled.entries()) {
          const who = index === settled.length - 1 ? "operator" : "member";
          if (s.status === "fulfilled") note(`${who} ok`);
          else {
            const code = (s.reason as { code?: string }).code ?? String(s.reason);
            note(`${who} ${code}`);
            expect(who === "operator" ? ["organization_minimum_permissions_needed"] : MEMBER_CODES).toContain(code);
          }
        }
      }
      const [{ without }] = (await prisma.$queryRaw<Array<{ without: number }>>`
        SELECT count(*)::int AS without FROM organizations o
         WHERE o.id = ANY(${ids})
           AND NOT EXISTS (SELECT 1 FROM organization_memberships m
                             JOIN organization_roles r ON r.key = m.role
                             JOIN organization_role_permissions rp ON rp.role_id = r.id
                            WHERE m.organization_id = o.id AND rp.permission_id = 'perm_sys_memberships_manage')`) as [
        { without: number },
      ];
      console.info(
        `[race] demotions vs the operator stripping the role: ${JSON.stringify(Object.fromEntries(outcomes))}, organizations without a manager: ${without}`,
      );
      expect(without).toBe(0);
    });
  },
);
