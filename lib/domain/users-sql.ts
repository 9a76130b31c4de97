// The users table as the domain reads and writes it: the DTOs' column lists
// (named as the DTOs' fields, so a row is the DTO), the inserts, and the
// Prisma select the tests compare with. A column added to the schema is added here.
import { Prisma } from "../generated/prisma/client";

export type UserDto = { id: string; name: string; email: string; emailVerified: Date | null; createdAt: Date };

/** UserDto as a Prisma select (the tests read users with Prisma to compare). */
export const userDtoSelect = { id: true, name: true, email: true, emailVerified: true, createdAt: true } as const;

/** UserDto's columns, for a query that names the users table `u`. */
export const USER_DTO_COLUMNS = Prisma.raw(
  `u.id, u.name, u.email, u.email_verified AS "emailVerified", u.created_at AS "createdAt"`,
);

export type UserDtoRow = UserDto;

export function toUserDto(row: UserDtoRow): UserDto {
  return { id: row.id, name: row.name, email: row.email, emailVerified: row.emailVerified, createdAt: row.createdAt };
}

/** A new account (sign-up, or from an invitation's link); a taken email is a unique violation. */
export function insertUserSql(user: {
  name: string;
  email: string;
  passwordHash: string | null;
  emailVerified: Date | null;
}): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO users AS u (name, email, password_hash, email_verified, updated_at)
    VALUES (${user.name}, ${user.email}, ${user.passwordHash}, ${user.emailVerified}::timestamptz, now())
    RETURNING ${USER_DTO_COLUMNS}`;
}

// ---------------------------------------------------------------------------
// The whole record, as the REST API answers with it (lib/domain/instance-reads.ts, instance-users.ts).

export const instanceUserSelect = {
  id: true,
  name: true,
  firstName: true,
  lastName: true,
  email: true,
  emailVerified: true,
  image: true,
  passwordHash: true,
  externalId: true,
  publicMetadata: true,
  privateMetadata: true,
  unsafeMetadata: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type InstanceUserRow = {
  id: string;
  name: string;
  firstName: string | null;
  lastName: string | null;
  email: string;
  emailVerified: Date | null;
  image: string | null;
  passwordHash: string | null;
  externalId: string | null;
  publicMetadata: unknown;
  privateMetadata: unknown;
  unsafeMetadata: unknown;
  createdAt: Date;
  updatedAt: Date;
};

/** InstanceUserRow's columns (a row is the record), for a query that names the users table `u`. */
export const INSTANCE_USER_COLUMNS = Prisma.raw(
  `u.id, u.name, u.first_name AS "firstName", u.last_name AS "lastName", u.email, u.email_verified AS "emailVerified",
   u.image, u.password_hash AS "passwordHash", u.external_id AS "externalId", u.public_metadata AS "publicMetadata",
   u.private_metadata AS "privateMetadata", u.unsafe_metadata AS "unsafeMetadata", u.created_at AS "createdAt",
   u.updated_at AS "updatedAt"`,
);

/** A user made through the REST API; nothing (no row, no error) when the email or external id is taken. */
export function insertInstanceUserSql(user: {
  name: string;
  firstName: string | null;
  lastName: string | null;
  email: string;
  passwordHash: string | null;
  externalId: string | null;
  publicMetadata?: Prisma.InputJsonObject;
  privateMetadata?: Prisma.InputJsonObject;
  unsafeMetadata?: Prisma.InputJsonObject;
}): Prisma.Sql {
  const json = (value: Prisma.InputJsonObject | undefined) => JSON.stringify(value ?? {});
  return Prisma.sql`
    INSERT INTO users AS u (name, first_name, last_name, email, email_verified, password_hash, external_id,
                            public_metadata, private_metadata, unsafe_metadata, updated_at)
    VALUES (${user.name}, ${user.firstName}, ${user.lastName}, ${user.email}, now(), ${user.passwordHash}, ${user.externalId},
            ${json(user.publicMetadata)}::jsonb, ${json(user.privateMetadata)}::jsonb, ${json(user.unsafeMetadata)}::jsonb, now())
    ON CONFLICT DO NOTHING
    RETURNING ${INSTANCE_USER_COLUMNS}`;
}
