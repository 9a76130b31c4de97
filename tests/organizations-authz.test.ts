// The authorization matrix: every organization operation x every kind of
// caller (the seeded roles, an outsider, the signed out, and a custom role per
// system permission, each holding that permission alone), through the domain
// and through the server-action wrapper. Each refusal is asserted, and the
// organization is checked unchanged afterwards.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { PERMISSIONS, SYSTEM_PERMISSIONS, type Permission, type SystemPermission } from "@/lib/authz";
import { createRole } from "@/lib/domain/roles/roles";
import { ADMINS_ONLY_MESSAGE, runOrgAction, runUserAction, SIGNED_OUT_MESSAGE } from "@/lib/server/action-core";
import { prisma, db } from "@/lib/db";
import { notFound } from "@/lib/domain/errors";
import {
  addMember,
  changeMemberRole,
  leaveOrganization,
  listMembers,
  listMembersOf,
  removeMember,
} from "@/lib/domain/memberships/memberships";
import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  listMyOrganizations,
  updateOrganization,
} from "@/lib/domain/organizations/organizations";
import { updateMembershipMetadata, updateOrganizationMetadata } from "@/lib/domain/organizations/metadata";
import type { UserDto } from "@/lib/domain/users";
import { createInvitations, resendInvitation, revokeInvitation } from "@/lib/domain/invitations/admin";
import { listInvitations, listInvitationsOf } from "@/lib/domain/invitations/list";
import { uniqueEmail } from "./support/factories";
import { makeOrganization, makeUser, snapshot } from "./support/orgs";

afterAll(() => prisma.$disconnect());

type World = {
  org: { id: string; slug: string };
  invitationId: string;
  admin: UserDto;
  admin2: UserDto;
  member: UserDto;
  target: UserDto;
  outsider: UserDto;
  newcomer: UserDto;
  /** A member per custom role (CUSTOM_ACTORS). */
  custom: Record<CustomActor, UserDto>;
};

/** A custom role per system permission, holding that one alone, and a role holding none. */
const CUSTOM_ACTORS = {
  "role with org:sys_profile:manage": "org:sys_profile:manage",
  "role with org:sys_profile:delete": "org:sys_profile:delete",
  "role with org:sys_memberships:read": "org:sys_memberships:read",
  "role with org:sys_memberships:manage": "org:sys_memberships:manage",
  "role with org:sys_domains:read": "org:sys_domains:read",
  "role with org:sys_domains:manage": "org:sys_domains:manage",
  "role with no permission": null,
} as const satisfies Record<string, SystemPermission | null>;
type CustomActor = keyof typeof CUSTOM_ACTORS;
type Actor = "admin" | "basic_member" | "outsider" | "signed_out" | CustomActor;
const ACTORS: Actor[] = [
  "admin",
  "basic_member",
  "outsider",
  "signed_out",
  ...(Object.keys(CUSTOM_ACTORS) as CustomActor[]),
];
const isCustom = (actor: Actor): actor is CustomActor => actor in CUSTOM_ACTORS;

type Operation = {
  name: string;
  permission: Permission;
  /** The system permission the operation needs (null: any member may). */
  needs: SystemPermission | null;
  run: (w: World, actorId: string) => Promise<unknown>;
  allowed: Actor[];
  /** The events an allowed run writes, in order (none for a read, none for any refusal). */
  events?: string[];
};

/** The organization as the members page holds it (requireActiveOrganization): among the actor's own, else not found. */
async function asTheMembersPageHoldsIt(w: World, actorId: string) {
  const organization = (await listMyOrganizations(db, actorId)).find((o) => o.slug === w.org.slug);
  if (!organization) throw notFound();
  return organization;
}

const OPERATIONS: Operation[] = [
  {
    name: "read organization",
    permission: "org:read",
    needs: null,
    run: (w, a) => getOrganization(db, a, w.org.slug),
    allowed: ["admin", "basic_member"],
  },
  {
    name: "list members",
    permission: "org:members:read",
    needs: "org:sys_memberships:read",
    run: (w, a) => listMembers(db, a, w.org.slug),
    allowed: ["admin", "basic_member"],
  },
  {
    name: "list members, as the members page does",
    permission: "org:members:read",
    needs: "org:sys_memberships:read",
    run: async (w, a) => listMembersOf(db, await asTheMembersPageHoldsIt(w, a), {}),
    allowed: ["admin", "basic_member"],
  },
  {
    name: "update organization",
    permission: "org:update",
    needs: "org:sys_profile:manage",
    run: (w, a) => updateOrganization(db, a, w.org.slug, { name: "Hijacked" }),
    allowed: ["admin"],
    events: ["organization.updated"],
  },
  {
    name: "delete organization",
    permission: "org:delete",
    needs: "org:sys_profile:delete",
    run: (w, a) => deleteOrganization(db, a, w.org.slug),
    allowed: ["admin"],
    events: ["organization.deleted"],
  },
  {
    name: "promote a member",
    permission: "org:members:manage",
    needs: "org:sys_memberships:manage",
    run: (w, a) => changeMemberRole(db, a, w.org.slug, w.target.id, "admin"),
    allowed: ["admin"],
    events: ["organizationMembership.updated"],
  },
  {
    name: "demote an admin",
    permission: "org:members:manage",
    needs: "org:sys_memberships:manage",
    run: (w, a) => changeMemberRole(db, a, w.org.slug, w.admin2.id, "basic_member"),
    allowed: ["admin"],
    events: ["organizationMembership.updated"],
  },
  {
    name: "remove a member",
    permission: "org:members:manage",
    needs: "org:sys_memberships:manage",
    run: (w, a) => removeMember(db, a, w.org.slug, w.target.id),
    allowed: ["admin"],
    events: ["organizationMembership.deleted"],
  },
  {
    name: "leave",
    permission: "org:leave",
    needs: null,
    run: (w, a) => leaveOrganization(db, a, w.org.slug),
    allowed: ["admin", "basic_member"],
    events: ["organizationMembership.deleted"],
  },
  {
    name: "invite",
    permission: "org:invitations:manage",
    needs: "org:sys_memberships:manage",
    run: (w, a) => createInvitations(db, a, w.org.slug, { emails: uniqueEmail("matrix"), role: "admin" }),
    allowed: ["admin"],
    events: ["organizationInvitation.created"],
  },
  {
    name: "list invitations",
    permission: "org:invitations:manage",
    needs: "org:sys_memberships:manage",
    run: (w, a) => listInvitations(db, a, w.org.slug),
    allowed: ["admin"],
  },
  {
    name: "list pending invitations, as the members page does",
    permission: "org:invitations:manage",
    needs: "org:sys_memberships:manage",
    run: async (w, a) => listInvitationsOf(db, await asTheMembersPageHoldsIt(w, a), { status: ["pending"] }),
    allowed: ["admin"],
  },
  {
    name: "revoke an invitation",
    permission: "org:invitations:manage",
    needs: "org:sys_memberships:manage",
    run: (w, a) => revokeInvitation(db, a, w.org.slug, w.invitationId),
    allowed: ["admin"],
    events: ["organizationInvitation.revoked"],
  },
  {
    name: "resend an invitation",
    permission: "org:invitations:manage",
    needs: "org:sys_memberships:manage",
    run: (w, a) => resendInvitation(db, a, w.org.slug, w.invitationId),
    allowed: ["admin"],
    events: ["organizationInvitation.resent"],
  },
  {
    name: "add a member directly",
    permission: "org:members:manage",
    needs: "org:sys_memberships:manage",
    run: (w, a) => addMember(db, a, w.org.slug, w.newcomer.id, "admin"),
    allowed: ["admin"],
    events: ["organizationMembership.created"],
  },
  {
    name: "update metadata",
    permission: "org:update",
    needs: "org:sys_profile:manage",
    run: (w, a) => updateOrganizationMetadata(db, a, w.org.slug, { publicMetadata: { hijacked: true } }, "merge"),
    allowed: ["admin"],
    events: ["organization.updated"],
  },
  {
    name: "update a membership's metadata",
    permission: "org:members:manage",
    needs: "org:sys_memberships:manage",
    run: (w, a) => updateMembershipMetadata(db, a, w.org.slug, w.target.id, { publicMetadata: { hijacked: true } }),
    allowed: ["admin"],
    events: ["organizationMembership.updated"],
  },
];

/** Whether `actor` may run `op`: the seeded roles as each operation lists them, a custom role by its one permission. */
function isAllowed(op: Operation, actor: Actor): boolean {
  if (isCustom(actor)) return op.needs === null || CUSTOM_ACTORS[actor] === op.needs;
  return op.allowed.includes(actor);
}

function expectedRefusal(actor: Exclude<Actor, "signed_out">): string {
  if (actor === "outsider") return "resource_not_found";
  return "missing_organization_permission";
}

const roleOf = {} as Record<CustomActor, string>;
beforeAll(async () => {
  const suffix = randomUUID().replace(/-/g, "").slice(0, 8);
  for (const [index, [actor, permission]] of Object.entries(CUSTOM_ACTORS).entries()) {
    const role = await createRole(db, {
      name: actor,
      key: `org:matrix_${suffix}_${index}`,
      permissions: permission ? [`perm_${permission.slice(4).replace(/:/g, "_")}`] : [],
    });
    roleOf[actor as CustomActor] = role.key;
  }
});

// The seeded roles' permissions are what the matrix above lists for them.
it("the seeded roles hold what the matrix expects of admin and basic_member", () => {
  for (const op of OPERATIONS) {
    if (op.allowed.includes("basic_member")) expect([null, "org:sys_memberships:read"]).toContain(op.needs);
    expect(op.allowed).toContain("admin");
  }
  expect(SYSTEM_PERMISSIONS.length).toBe(6);
});

let world: World;
beforeEach(async () => {
  const [admin, admin2, member, target, outsider, newcomer] = await Promise.all(
    ["admin", "admin2", "member", "target", "outsider", "newcomer"].map((label) => makeUser(prisma, label)),
  );
  const org = await makeOrganization(prisma, [
    [admin!, "admin"],
    [admin2!, "admin"],
    [member!, "basic_member"],
    [target!, "basic_member"],
  ]);
  const customUsers = await Promise.all(
    (Object.keys(CUSTOM_ACTORS) as CustomActor[]).map(
      async (actor) => [actor, await makeUser(prisma, "custom")] as const,
    ),
  );
  for (const [actor, user] of customUsers)
    await prisma.membership.create({ data: { organizationId: org.id, userId: user.id, role: roleOf[actor] } });
  // The outsider is an admin elsewhere: being an admin somewhere grants nothing here.
  await makeOrganization(prisma, [[outsider!, "admin"]], "elsewhere");
  const invitation = await prisma.invitation.create({
    data: {
      organizationId: org.id,
      email: uniqueEmail("pending"),
      tokenHash: `matrix-${org.id}`,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  world = {
    org,
    invitationId: invitation.id,
    admin: admin!,
    admin2: admin2!,
    member: member!,
    target: target!,
    outsider: outsider!,
    newcomer: newcomer!,
    custom: Object.fromEntries(customUsers) as Record<CustomActor, UserDto>,
  };
});

function actorUser(actor: Actor): UserDto | null {
  if (isCustom(actor)) return world.custom[actor];
  return actor === "admin"
    ? world.admin
    : actor === "basic_member"
      ? world.member
      : actor === "outsider"
        ? world.outsider
        : null;
}

const cases = OPERATIONS.flatMap((op) => ACTORS.map((actor) => [op.name, actor, op] as const));

describe("domain", () => {
  it.each(cases.filter(([, actor]) => actor !== "signed_out"))("%s as %s", async (_name, actor, op) => {
    const user = actorUser(actor)!;
    const before = await snapshot(prisma, world.org.id);
    const outcome = await op.run(world, user.id).then(
      () => "allowed",
      (error: { code?: string }) => error.code ?? String(error),
    );
    const written = await prisma.$queryRaw<Array<{ type: string; actor_type: string; actor_id: string | null }>>`
      SELECT type, actor_type, actor_id FROM events WHERE organization_id = ${world.org.id} ORDER BY seq`;
    if (isAllowed(op, actor)) {
      expect(outcome).toBe("allowed");
      // Exactly its event, written by the actor, in the change's transaction.
      expect(written.map((event) => event.type)).toEqual(op.events ?? []);
      for (const event of written) expect(event).toMatchObject({ actor_type: "user", actor_id: user.id });
    } else {
      expect(outcome).toBe(expectedRefusal(actor as Exclude<Actor, "signed_out">));
      expect(await snapshot(prisma, world.org.id)).toEqual(before);
      expect(written, "a refused change writes no event").toEqual([]);
    }
  });
});

describe("server-action wrapper", () => {
  it.each(cases)("%s as %s", async (_name, actor, op) => {
    const before = await snapshot(prisma, world.org.id);
    const result = await runOrgAction(db, actorUser(actor), op.permission, world.org.slug, async ({ user }) => {
      await op.run(world, user.id);
      return { ok: true as const, data: undefined };
    });
    if (isAllowed(op, actor)) {
      expect(result).toEqual({ ok: true, data: undefined });
      return;
    }
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const expected =
        actor === "signed_out"
          ? SIGNED_OUT_MESSAGE
          : actor === "outsider"
            ? "That organization does not exist, or you do not have access to it."
            : ADMINS_ONLY_MESSAGE;
      expect(result.error).toBe(expected);
    }
    expect(await snapshot(prisma, world.org.id)).toEqual(before);
  });

  it("creating an organization needs a signed-in user", async () => {
    // Other test files create organizations in the same database at the same
    // time, so count only this test's own (uniquely named) organization.
    const name = `Nope ${randomUUID()}`;
    const result = await runUserAction(null, async (user) => {
      await createOrganization(db, user.id, { name });
      return { ok: true as const, data: undefined };
    });
    expect(result).toEqual({ ok: false, error: SIGNED_OUT_MESSAGE });
    expect(await prisma.organization.count({ where: { name } })).toBe(0);
  });
});

describe("the exported server actions", () => {
  // The wrapper half above passes each operation's permission itself; this pins what each exported
  // action in the settings module declares, so a wrong or missing permission there fails here.
  const EXPECTED: Record<string, Permission> = {
    updateOrganizationAction: "org:update",
    removeLogoAction: "org:update",
    deleteOrganizationAction: "org:delete",
    changeRoleAction: "org:members:manage",
    removeMemberAction: "org:members:manage",
    leaveOrganizationAction: "org:leave",
    inviteAction: "org:invitations:manage",
    revokeInvitationAction: "org:invitations:manage",
    resendInvitationAction: "org:invitations:manage",
  };

  it("each names the permission of the operation it runs, and every export is an orgAction", async () => {
    const source = await readFile(
      path.resolve(import.meta.dirname, "../app/(app)/orgs/[slug]/settings/actions.ts"),
      "utf8",
    );
    const exported = [...source.matchAll(/^export (?:const|async function|function) (\w+)/gm)].map((m) => m[1]!);
    const declared = Object.fromEntries(
      [...source.matchAll(/^export const (\w+) = orgAction(?:<[^(]*>)?\(\s*"([^"]+)"/gm)].map((m) => [m[1]!, m[2]!]),
    );
    expect(exported.sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(declared).toEqual(EXPECTED);
    // The matrix's operations agree with the table the actions use.
    for (const op of OPERATIONS) expect(PERMISSIONS).toContain(op.permission);
  });

  it("every form action of the app goes through a wrapper of lib/server/actions (refusals as results, emails delivered after commit)", async () => {
    const { readdir } = await import("node:fs/promises");
    const app = path.resolve(import.meta.dirname, "../app");
    const files = (await readdir(app, { recursive: true })).filter((file) => file.endsWith("actions.ts"));
    expect(files.length).toBeGreaterThan(5);
    const unwrapped: string[] = [];
    for (const file of files) {
      const source = await readFile(path.join(app, file), "utf8");
      for (const [, name, rest] of source.matchAll(/^export (?:const|async function|function) (\w+)(.*)$/gm)) {
        if (!/^ = (orgAction|userAction|publicAction)\b/.test(rest!)) unwrapped.push(name!);
      }
    }
    // Plain form actions with no form state: signing out (Auth.js redirects) queues no email.
    expect(unwrapped.sort()).toEqual(["signOutAction", "switchAccountAction"]);
  });
});
