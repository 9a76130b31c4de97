import { randomUUID } from "node:crypto";
import type { prisma } from "@/lib/db";
import type { Role } from "@/lib/authz";
import type { UserDto } from "@/lib/domain/users";
import { userDtoSelect } from "@/lib/domain/users";
import { uniqueEmail } from "./factories";

/** The tests' Prisma client: rows are made and inspected directly, beside the rules under test. */
type Db = typeof prisma;

/** A user row without a password (organization tests never sign in), verified unless asked (only verified people invite). */
export async function makeUser(
  db: Db,
  label = "user",
  { verified = true }: { verified?: boolean } = {},
): Promise<UserDto> {
  return db.user.create({
    data: {
      name: `${label} ${randomUUID().slice(0, 6)}`,
      email: uniqueEmail(label),
      emailVerified: verified ? new Date() : null,
    },
    select: userDtoSelect,
  });
}

/** An organization with the given members, made directly in the database. */
export async function makeOrganization(db: Db, members: Array<[UserDto, Role]>, label = "org") {
  const suffix = randomUUID().slice(0, 8);
  return db.organization.create({
    data: {
      name: `${label} ${suffix}`,
      slug: `${label}-${suffix}`,
      createdById: members[0]?.[0].id ?? null,
      memberships: { create: members.map(([user, role]) => ({ userId: user.id, role })) },
    },
    select: { id: true, slug: true, name: true },
  });
}

/**
 * The usual cast: an organization with an admin and one other member (a basic
 * member unless `role` says otherwise); the labels name the two users.
 */
export async function makeAdminAndMember(
  db: Db,
  { admin = "admin", member = "member", role = "basic_member" }: { admin?: string; member?: string; role?: Role } = {},
) {
  const adminUser = await makeUser(db, admin);
  const memberUser = await makeUser(db, member);
  const org = await makeOrganization(db, [
    [adminUser, "admin"],
    [memberUser, role],
  ]);
  return { admin: adminUser, member: memberUser, org };
}

/** Everything about an organization that a refused operation must leave as it was. */
export async function snapshot(db: Db, organizationId: string) {
  const [organization, memberships, invitations] = await Promise.all([
    db.organization.findUnique({ where: { id: organizationId } }),
    db.membership.findMany({ where: { organizationId }, orderBy: { id: "asc" } }),
    db.invitation.findMany({ where: { organizationId }, orderBy: { id: "asc" } }),
  ]);
  // Invitation emails name the organization in their subject.
  const emails = organization ? await db.outboxEmail.count({ where: { subject: { contains: organization.name } } }) : 0;
  return { organization, memberships, invitations, emails };
}
