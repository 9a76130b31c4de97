// Custom roles and permissions (docs/roles-and-permissions.md): the seeded
// model, the legacy spellings, custom roles assigned to members and obeyed by
// every rule, and the instance's changes refused while an organization would
// be left without a member who manages members.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db, prisma } from "@/lib/db";
import { can, SYSTEM_PERMISSIONS } from "@/lib/authz";
import { INSTANCE } from "@/lib/domain/access";
import { getMembershipWithOrganization } from "@/lib/domain/instance-reads";
import { createInvitations } from "@/lib/domain/invitations/admin";
import { changeMemberRole, leaveOrganization, listMembers, removeMember } from "@/lib/domain/memberships/memberships";
import { createOrganization, getOrganization, updateOrganization } from "@/lib/domain/organizations/organizations";
import { forgetRoleCatalog, roleCatalog } from "@/lib/domain/roles/catalog";
import {
  assignPermission,
  createRole,
  deleteRole,
  getRole,
  getRoleSettings,
  listRoles,
  removePermission,
  updateRole,
  updateRoleSettings,
} from "@/lib/domain/roles/roles";
import { createPermission, deletePermission, listPermissions, updatePermission } from "@/lib/domain/roles/permissions";
import { deleteAccount } from "@/lib/domain/delete-account";
import { membershipJson } from "@/lib/api/serialize";
import { uniqueEmail } from "./support/factories";
import { makeAdminAndMember, makeOrganization, makeUser, snapshot } from "./support/orgs";
import { realPostgres } from "./support/database";
import { codeOf } from "./support/errors";

afterAll(() => prisma.$disconnect());

const suffix = () => randomUUID().replace(/-/g, "").slice(0, 10);
const MANAGE = "perm_sys_memberships_manage";
const READ = "perm_sys_memberships_read";

/** A role holding org:sys_memberships:manage (and read) but not org:sys_profile:manage: people, not settings. */
async function peopleManagerRole() {
  return createRole(db, { name: "People manager", key: `org:people_${suffix()}`, permissions: [MANAGE, READ] });
}

describe("the seeded model", () => {
  it("has the system permissions, org:admin with all of them, org:member reading memberships, and the settings", async () => {
    const { data } = await listPermissions(db, {
      limit: 100,
      offset: 0,
      query: "org:sys_",
      orderBy: { field: "key", direction: "asc" },
    });
    expect(data.filter((p) => p.system).map((p) => p.key)).toEqual([...SYSTEM_PERMISSIONS].sort());
    const admin = await getRole(db, "org:admin");
    expect(admin.permissions.map((p) => p.key)).toEqual([...SYSTEM_PERMISSIONS].sort());
    expect(admin.isCreatorEligible).toBe(true);
    const member = await getRole(db, "basic_member");
    expect(member.key).toBe("org:member");
    expect(member.permissions.map((p) => p.key)).toEqual(["org:sys_memberships:read"]);
    expect(member.isCreatorEligible).toBe(false);
    expect(await getRoleSettings(db)).toEqual({ creatorRole: "org:admin", defaultRole: "org:member" });
  });

  it("accepts admin and basic_member everywhere and stores org:admin and org:member", async () => {
    // Made with the old spellings (admin, basic_member): the database stores the keys.
    const { admin, member, org } = await makeAdminAndMember(prisma);
    const rows = await prisma.membership.findMany({ where: { organizationId: org.id }, orderBy: { role: "asc" } });
    expect(rows.map((row) => row.role)).toEqual(["org:admin", "org:member"]);
    const changed = await changeMemberRole(db, admin.id, org.slug, member.id, "admin");
    expect(changed).toMatchObject({ role: "org:admin", roleName: "Admin", manages: true });
    const back = await changeMemberRole(db, admin.id, org.slug, member.id, "basic_member");
    expect(back).toMatchObject({ role: "org:member", roleName: "Member", manages: false });
    const [invited] = await createInvitations(db, admin.id, org.slug, { emails: uniqueEmail("legacy"), role: "admin" });
    expect(invited!.role).toBe("org:admin");
    // No role named: the instance's default role.
    const [plain] = await createInvitations(db, admin.id, org.slug, { emails: uniqueEmail("default") });
    expect(plain!.role).toBe("org:member");
  });

  it("gives the creator the creator role; a member's grant carries their role's permissions", async () => {
    const creator = await makeUser(prisma, "creator");
    const org = await createOrganization(db, creator.id, { name: `Roles ${suffix()}` });
    expect(org.role.key).toBe("org:admin");
    expect([...org.role.permissions].sort()).toEqual([...SYSTEM_PERMISSIONS].sort());
    expect(can(org.role, "org:sys_profile:manage")).toBe(true);
    const member = await makeUser(prisma, "member");
    await prisma.membership.create({ data: { organizationId: org.id, userId: member.id, role: "org:member" } });
    const seen = await getOrganization(db, member.id, org.slug);
    expect(seen.role).toEqual({ key: "org:member", name: "Member", permissions: ["org:sys_memberships:read"] });
    expect(can(seen.role, "org:sys_memberships:manage")).toBe(false);
    expect(can(seen.role, "org:leave")).toBe(true);
  });
});

describe("custom roles", () => {
  it("are assigned by key, carry custom permissions to the API, and are obeyed by the rules", async () => {
    const invoices = await createPermission(db, {
      name: "Create invoices",
      key: `org:invoices_${suffix()}:create`,
      description: "Bill customers.",
    });
    const billing = await createRole(db, {
      name: "Billing",
      key: `org:billing_${suffix()}`,
      description: "Sees members, bills customers.",
      permissions: [invoices.id, READ],
    });
    const { admin, member: biller, org } = await makeAdminAndMember(prisma, { member: "biller" });
    const changed = await changeMemberRole(db, admin.id, org.slug, biller.id, billing.key);
    expect(changed).toMatchObject({ role: billing.key, roleName: "Billing", manages: false });
    const { membership, organization } = await getMembershipWithOrganization(db, org.id, biller.id);
    const json = membershipJson(membership, organization);
    expect(json).toMatchObject({ role: billing.key, role_name: "Billing" });
    expect([...json.permissions].sort()).toEqual([invoices.key, "org:sys_memberships:read"].sort());
    // The billing member reads the members but changes nothing.
    expect((await listMembers(db, biller.id, org.slug)).totalCount).toBe(2);
    const before = await snapshot(prisma, org.id);
    expect(await codeOf(changeMemberRole(db, biller.id, org.slug, admin.id, "org:member"))).toBe(
      "missing_organization_permission",
    );
    expect(await codeOf(updateOrganization(db, biller.id, org.slug, { name: "Billed" }))).toBe(
      "missing_organization_permission",
    );
    expect(await snapshot(prisma, org.id)).toEqual(before);
    // An unknown role is refused, naming the parameter.
    expect(await codeOf(changeMemberRole(db, admin.id, org.slug, biller.id, "org:nobody_has_this"))).toBe(
      "form_param_value_invalid",
    );
    expect(await codeOf(changeMemberRole(db, admin.id, org.slug, biller.id, "Org:Bad Key"))).toBe(
      "form_param_format_invalid",
    );
  });

  it("a member's grant follows every change to their role's permissions: assign, remove, rename, delete, and SQL by hand", async () => {
    const reports = await createPermission(db, { name: "Read reports", key: `org:reports_${suffix()}:read` });
    const export_ = await createPermission(db, { name: "Export", key: `org:export_${suffix()}:run` });
    const analyst = await createRole(db, { name: "Analyst", key: `org:analyst_${suffix()}`, permissions: [READ] });
    const { admin, member: person, org } = await makeAdminAndMember(prisma, { member: "analyst" });
    await changeMemberRole(db, admin.id, org.slug, person.id, analyst.key);
    // What a membership read carries (the API's record, and the member's own grant on a page).
    const held = async () => {
      const { membership } = await getMembershipWithOrganization(db, org.id, person.id);
      const own = await getOrganization(db, person.id, org.slug);
      expect([...own.role.permissions]).toEqual(membership.permissions);
      return membership.permissions;
    };
    expect(await held()).toEqual(["org:sys_memberships:read"]);
    await assignPermission(db, analyst.key, reports.id);
    await assignPermission(db, analyst.key, export_.id);
    expect(await held()).toEqual([export_.key, reports.key, "org:sys_memberships:read"].sort());
    await removePermission(db, analyst.key, export_.id);
    expect(await held()).toEqual([reports.key, "org:sys_memberships:read"].sort());
    const renamed = await updatePermission(db, reports.id, { key: `org:renamed_${suffix()}:read` });
    expect(await held()).toEqual([renamed.key, "org:sys_memberships:read"].sort());
    await deletePermission(db, reports.id);
    expect(await held()).toEqual(["org:sys_memberships:read"]);
    // Written by hand, outside the domain: the stored keys follow too.
    await prisma.$executeRaw`INSERT INTO organization_role_permissions (role_id, permission_id) VALUES (${analyst.id}, ${export_.id})`;
    expect(await held()).toEqual([export_.key, "org:sys_memberships:read"].sort());
    await prisma.$executeRaw`DELETE FROM organization_role_permissions WHERE role_id = ${analyst.id}`;
    expect(await held()).toEqual([]);
  });

  it.skipIf(!realPostgres)(
    "two transactions giving one role different permissions at once both count (the stored keys lose neither)",
    async () => {
      const a = await createPermission(db, { name: "A", key: `org:race_a_${suffix()}:do` });
      const b = await createPermission(db, { name: "B", key: `org:race_b_${suffix()}:do` });
      const role = await createRole(db, { name: "Racer", key: `org:racer_${suffix()}`, permissions: [] });
      const first = new pg.Client({ connectionString: process.env.DATABASE_URL });
      const second = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await Promise.all([first.connect(), second.connect()]);
      try {
        // Raw SQL, no domain lock: only the database's triggers keep the column. The first
        // writer's trigger has run and holds the role when the second writes; the second's
        // trigger waits, then must count the first's permission once it commits.
        const give = "INSERT INTO organization_role_permissions (role_id, permission_id) VALUES ($1, $2)";
        await first.query("BEGIN");
        await first.query(give, [role.id, a.id]);
        await second.query("BEGIN");
        const waiting = second.query(give, [role.id, b.id]);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await first.query("COMMIT");
        await waiting;
        await second.query("COMMIT");
      } finally {
        await Promise.all([first.end(), second.end()]);
      }
      const [stored] = await prisma.$queryRaw<Array<{ permission_keys: string[] }>>`
        SELECT permission_keys FROM organization_roles WHERE id = ${role.id}`;
      expect(stored?.permission_keys).toEqual([a.key, b.key].sort());
    },
  );

  it("a member who manages people but not the profile can change roles and remove members, not rename", async () => {
    const people = await peopleManagerRole();
    const admin = await makeUser(prisma, "admin");
    const manager = await makeUser(prisma, "manager");
    const member = await makeUser(prisma, "member");
    const org = await makeOrganization(prisma, [
      [admin, "admin"],
      [manager, people.key],
      [member, "basic_member"],
    ]);
    const promoted = await changeMemberRole(db, manager.id, org.slug, member.id, people.key);
    expect(promoted.manages).toBe(true);
    await removeMember(db, manager.id, org.slug, member.id);
    const before = await snapshot(prisma, org.id);
    expect(await codeOf(updateOrganization(db, manager.id, org.slug, { name: "Renamed" }))).toBe(
      "missing_organization_permission",
    );
    expect(await snapshot(prisma, org.id)).toEqual(before);
    // The admin may step down: the people manager still manages members.
    await changeMemberRole(db, manager.id, org.slug, admin.id, "org:member");
    // Now the people manager is the last one: demoting, removing or leaving is refused.
    const alone = await snapshot(prisma, org.id);
    expect(await codeOf(changeMemberRole(db, manager.id, org.slug, manager.id, "org:member"))).toBe(
      "organization_minimum_permissions_needed",
    );
    expect(await codeOf(removeMember(db, manager.id, org.slug, manager.id))).toBe(
      "organization_minimum_permissions_needed",
    );
    expect(await codeOf(leaveOrganization(db, manager.id, org.slug))).toBe("organization_minimum_permissions_needed");
    expect(await codeOf(deleteAccount(db, manager.id, { confirm: manager.email }))).toBe(
      "organization_minimum_permissions_needed",
    );
    expect(await snapshot(prisma, org.id)).toEqual(alone);
    // Moving to another managing role keeps the rule: allowed.
    const other = await peopleManagerRole();
    expect((await changeMemberRole(db, manager.id, org.slug, manager.id, other.key)).role).toBe(other.key);
  });
});

describe("the instance's changes", () => {
  it("refuses to take org:sys_memberships:manage from a role while organizations would be left without a manager, naming how many", async () => {
    const people = await peopleManagerRole();
    const orgs = [];
    for (let i = 0; i < 3; i++) {
      const manager = await makeUser(prisma, "manager");
      const member = await makeUser(prisma, "member");
      orgs.push(
        await makeOrganization(prisma, [
          [manager, people.key],
          [member, "basic_member"],
        ]),
      );
    }
    const error = await removePermission(db, people.id, MANAGE).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "organization_minimum_permissions_needed", meta: { organizations: 3 } });
    expect((error as Error).message).toContain("3 organizations");
    expect(await codeOf(updateRole(db, people.id, { permissions: [READ] }))).toBe(
      "organization_minimum_permissions_needed",
    );
    expect((await getRole(db, people.id)).isCreatorEligible).toBe(true);
    // Give each organization an admin: then the permission may go.
    for (const org of orgs) {
      const admin = await makeUser(prisma, "admin");
      await prisma.membership.create({ data: { organizationId: org.id, userId: admin.id, role: "org:admin" } });
    }
    const stripped = await removePermission(db, people.id, MANAGE);
    expect(stripped.permissions.map((p) => p.id)).toEqual([READ]);
    expect(stripped.isCreatorEligible).toBe(false);
    // Assigning it twice: 409's duplicate_record.
    await assignPermission(db, people.id, MANAGE);
    expect(await codeOf(assignPermission(db, people.id, MANAGE))).toBe("duplicate_record");
  });

  it("refuses to delete a role in use, the creator role losing its permission, and changes to system permissions", async () => {
    const people = await peopleManagerRole();
    const { member: user, org } = await makeAdminAndMember(prisma, { member: "user", role: people.key });
    expect(await codeOf(deleteRole(db, people.id))).toBe("organization_role_assigned_members");
    expect(await codeOf(deleteRole(db, "org:admin"))).toBe("organization_role_assigned_members");
    expect(await codeOf(removePermission(db, "org:admin", MANAGE))).toBe(
      "organization_missing_creator_role_permissions",
    );
    expect(await codeOf(updateRoleSettings(db, { creatorRole: "org:member" }))).toBe(
      "organization_missing_creator_role_permissions",
    );
    expect(await codeOf(updatePermission(db, MANAGE, { name: "Renamed" }))).toBe(
      "organization_system_permission_not_modifiable",
    );
    expect(await codeOf(deletePermission(db, MANAGE))).toBe("organization_system_permission_not_modifiable");
    // The org:sys_ prefix is the system's (the REST API answers form_param_value_invalid).
    expect(await codeOf(createPermission(db, { name: "Sneaky", key: "org:sys_billing:manage" }))).toBe(
      "form_param_format_invalid",
    );
    expect(await codeOf(createRole(db, { name: "Sneaky", key: "org:sys_boss" }))).toBe("form_param_format_invalid");
    // A NUL in a description is a 4xx with the field named, not a database error; line breaks are kept.
    const nulKey = `org:nul_${suffix()}`;
    expect(await codeOf(createRole(db, { name: "Nul", key: nulKey, description: "a\u0000b" }))).toBe(
      "form_param_format_invalid",
    );
    expect(await prisma.$queryRaw`SELECT 1 FROM organization_roles WHERE key = ${nulKey}`).toEqual([]);
    const multiline = await createRole(db, { name: "Two lines", key: `org:two_${suffix()}`, description: "one\ntwo" });
    expect(multiline.description).toBe("one\ntwo");
    await deleteRole(db, multiline.id);
    expect(await codeOf(createRole(db, { name: "Twice", key: people.key }))).toBe("form_identifier_exists");
    // Once nobody holds it, it goes.
    await removeMember(db, INSTANCE, org.slug, user.id);
    const deleted = await deleteRole(db, people.id);
    expect(deleted.id).toBe(people.id);
    expect(await codeOf(getRole(db, people.id))).toBe("resource_not_found");
  });

  it("renames a role's key: memberships follow", async () => {
    const people = await peopleManagerRole();
    const { member: manager, org } = await makeAdminAndMember(prisma, { member: "manager", role: people.key });
    const renamed = await updateRole(db, people.id, { key: `org:staff_${suffix()}`, name: "Staff" });
    const row = await prisma.membership.findFirst({ where: { organizationId: org.id, userId: manager.id } });
    expect(row?.role).toBe(renamed.key);
    expect((await getOrganization(db, manager.id, org.slug)).role).toMatchObject({ key: renamed.key, name: "Staff" });
  });

  it("a creator role chosen by the operator is what creators get (in a transaction rolled back: other files share the database)", async () => {
    const people = await peopleManagerRole();
    const creator = await makeUser(prisma, "creator");
    const rollback = new Error("rollback");
    await db
      .transaction(async (tx) => {
        await updateRoleSettings(tx, { creatorRole: people.key });
        const org = await createOrganization(tx, creator.id, { name: `Creator ${suffix()}` });
        expect(org.role.key).toBe(people.key);
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    expect((await getRoleSettings(db)).creatorRole).toBe("org:admin");
  });

  it("lists roles with paging, query and order; the per-process catalog follows a change", async () => {
    const people = await peopleManagerRole();
    const found = await listRoles(db, {
      limit: 10,
      offset: 0,
      query: people.key,
      orderBy: { field: "key", direction: "asc" },
    });
    expect(found.data.map((role) => role.key)).toEqual([people.key]);
    expect(found.totalCount).toBe(1);
    forgetRoleCatalog();
    const catalog = await roleCatalog(db);
    expect(catalog.roles.some((role) => role.key === people.key)).toBe(true);
    const renamed = await updateRole(db, people.id, { name: "Renamed people" });
    // The process that changed the roles forgets its copy; others reload within a second (the version moved).
    expect((await roleCatalog(db)).roles.find((role) => role.id === renamed.id)?.name).toBe("Renamed people");
  });
});

describe("the seeded roles", () => {
  it("keep their keys (the old spellings name them) but may be renamed and described", async () => {
    expect(await codeOf(updateRole(db, "org:admin", { key: "org:owner" }))).toBe("form_param_value_invalid");
    expect(await codeOf(updateRole(db, "org:member", { key: "org:viewer" }))).toBe("form_param_value_invalid");
    expect((await getRole(db, "admin")).key).toBe("org:admin");
  });
});

describe("events", () => {
  it("record role.* and permission.* in Clerk's shapes; a refused change records none", async () => {
    const eventsFor = (id: string) =>
      prisma.$queryRaw<Array<{ type: string; data: { id: string; object: string }; previous: unknown }>>`
        SELECT type, data, previous FROM events WHERE data->>'id' = ${id} ORDER BY seq`;
    const permission = await createPermission(db, { name: "Export", key: `org:exports_${suffix()}:run` });
    const role = await createRole(db, {
      name: "Exporter",
      key: `org:exporter_${suffix()}`,
      permissions: [permission.id],
    });
    await updateRole(db, role.id, { name: "Exporters" });
    expect(await codeOf(assignPermission(db, role.id, permission.id))).toBe("duplicate_record");
    await deleteRole(db, role.id);
    await deletePermission(db, permission.id);
    expect((await eventsFor(role.id)).map((e) => [e.type, e.data.object])).toEqual([
      ["role.created", "role"],
      ["role.updated", "role"],
      ["role.deleted", "role"],
    ]);
    expect((await eventsFor(role.id))[1]!.previous).toEqual({ name: "Exporter" });
    expect((await eventsFor(permission.id)).map((e) => [e.type, e.data.object])).toEqual([
      ["permission.created", "permission"],
      ["permission.deleted", "permission"],
    ]);
  });
});
