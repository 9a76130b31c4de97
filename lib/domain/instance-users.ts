// Users made by an application's server through the REST API (Clerk's
// createUser). The same email and password rules as sign-up; the address is
// taken as verified, as Clerk does for addresses given by the backend.
import { z } from "zod";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { insertInstanceUserSql, type InstanceUserRow } from "./users-sql";
import { metadataSchema } from "../validation/organizations";
import { emailSchema, passwordSchema } from "../validation/auth";
import { singleLine } from "../validation/text";
import { DomainError, invalidInput, isUniqueViolation, notFound, parseInput } from "./errors";
import { applyMetadata } from "./organizations/metadata";
import { INSTANCE } from "./access";
import { userEvent, userPayload } from "./event-payloads";
import { hashPassword } from "./passwords";
import { enrollVerifiedAddress } from "./domains/enrollment";

const nameSchema = singleLine(
  z.string({ error: "Use a string." }).trim().max(100, "Use at most 100 characters."),
  "the name",
);

export const instanceUserSchema = z
  .object({
    emailAddress: z
      .array(emailSchema, { error: "Give the user's email address." })
      .min(1, "Give the user's email address.")
      .max(1, "A user has one email address here."),
    firstName: nameSchema.optional(),
    lastName: nameSchema.optional(),
    password: passwordSchema.optional(),
    skipPasswordRequirement: z.boolean().optional(),
    externalId: singleLine(z.string().trim().min(1).max(255), "external_id").optional(),
    publicMetadata: metadataSchema.optional(),
    privateMetadata: metadataSchema.optional(),
    unsafeMetadata: metadataSchema.optional(),
  })
  .refine((value) => value.password !== undefined || value.skipPasswordRequirement === true, {
    message: "Give a password, or set skip_password_requirement.",
    path: ["password"],
  });

export { instanceUserSelect, type InstanceUserRow } from "./users-sql";

export async function createUserAsInstance(db: Db, input: unknown): Promise<InstanceUserRow> {
  const parsed = instanceUserSchema.safeParse(input);
  if (!parsed.success) {
    const error = invalidInput(parsed.error);
    // Nothing given for the parameter at fault (no address, or no password without skip_password_requirement).
    const given = (input ?? {}) as Record<string, unknown>;
    const value = typeof error.meta.paramName === "string" ? given[error.meta.paramName] : undefined;
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      throw new DomainError("form_param_missing", error.message, error.meta);
    }
    throw error;
  }
  const { emailAddress, firstName, lastName, password, externalId, publicMetadata, privateMetadata, unsafeMetadata } =
    parsed.data;
  const email = emailAddress[0]!;
  const name = [firstName, lastName].filter(Boolean).join(" ") || email.split("@")[0]!;
  const passwordHash = password === undefined ? null : await hashPassword(password);
  // A taken email or external id inserts nothing (no error: a caller's transaction goes on).
  const created = await db.transaction(async (tx) => {
    const row = await tx.one<InstanceUserRow>(
      insertInstanceUserSql({
        name,
        firstName: firstName || null,
        lastName: lastName || null,
        email,
        passwordHash,
        externalId: externalId ?? null,
        publicMetadata,
        privateMetadata,
        unsafeMetadata,
      }),
    );
    if (row) await userEvent(tx, INSTANCE, "user.created", row.id);
    // The API's users start verified: a verified domain of their address enrolls them.
    if (row) await enrollVerifiedAddress(tx, row.id);
    return row;
  });
  if (created) return created;
  // Which unique column clashed, asked of the data.
  const onExternalId =
    externalId !== undefined &&
    Boolean(await db.one(Prisma.sql`SELECT 1 AS taken FROM users WHERE external_id = ${externalId}`));
  throw new DomainError(
    "form_identifier_exists",
    onExternalId ? "Another user has this external_id." : "That email address is taken. Please try another.",
    { paramName: onExternalId ? "external_id" : "email_address" },
  );
}

const instanceUserUpdateSchema = z.object({
  firstName: nameSchema.nullable().optional(),
  lastName: nameSchema.nullable().optional(),
  externalId: singleLine(z.string().trim().min(1).max(255), "external_id").nullable().optional(),
  publicMetadata: metadataSchema.optional(),
  privateMetadata: metadataSchema.optional(),
  unsafeMetadata: metadataSchema.optional(),
});

/**
 * Clerk's updateUser, for names and metadata: what is sent replaces what was
 * (metadata included, as Clerk does; updateUserMetadata would merge). A first
 * or last name sent makes the display name theirs joined. Other fields Clerk
 * accepts (password, username...) are refused by name rather than ignored.
 */
export async function updateUserAsInstance(db: Db, userId: string, input: unknown): Promise<void> {
  const given = (input ?? {}) as Record<string, unknown>;
  const unsupported = Object.keys(given).filter(
    (key) =>
      !["firstName", "lastName", "externalId", "publicMetadata", "privateMetadata", "unsafeMetadata"].includes(key),
  );
  if (unsupported.length > 0)
    throw new DomainError(
      "form_param_unknown",
      `This server's updateUser changes names, external_id and metadata; it does not take ${unsupported
        .map((key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))
        .join(", ")}.`,
      { paramName: unsupported[0] },
    );
  const update = parseInput(instanceUserUpdateSchema, given);
  const json = (value: Prisma.InputJsonObject | undefined) => (value === undefined ? null : JSON.stringify(value));
  const namesSent = update.firstName !== undefined || update.lastName !== undefined;
  try {
    await db.transaction(async (tx) => {
      const before = await userPayload(tx, userId);
      await tx.execute(Prisma.sql`
        UPDATE users SET
          first_name = CASE WHEN ${update.firstName !== undefined} THEN ${update.firstName || null} ELSE first_name END,
          last_name = CASE WHEN ${update.lastName !== undefined} THEN ${update.lastName || null} ELSE last_name END,
          external_id = CASE WHEN ${update.externalId !== undefined} THEN ${update.externalId ?? null} ELSE external_id END,
          public_metadata = COALESCE(${json(update.publicMetadata)}::jsonb, public_metadata),
          private_metadata = COALESCE(${json(update.privateMetadata)}::jsonb, private_metadata),
          unsafe_metadata = COALESCE(${json(update.unsafeMetadata)}::jsonb, unsafe_metadata),
          updated_at = now()
         WHERE id = ${userId}`);
      if (namesSent)
        await tx.execute(Prisma.sql`
          UPDATE users SET name = COALESCE(NULLIF(trim(concat_ws(' ', first_name, last_name)), ''), name)
           WHERE id = ${userId}`);
      await userEvent(tx, INSTANCE, "user.updated", userId, before);
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("form_identifier_exists", "Another user has this external_id.", {
        paramName: "external_id",
      });
    throw error;
  }
}

const userMetadataSchema = z.object({
  publicMetadata: metadataSchema.nullable().optional(),
  privateMetadata: metadataSchema.nullable().optional(),
  unsafeMetadata: metadataSchema.nullable().optional(),
});

/**
 * Clerk's updateUserMetadata ("merge": deep merge, a null value deletes a
 * key) and replaceUserMetadata ("replace": each field sent replaces the
 * stored one), read and written under the user row's lock.
 */
export async function updateUserMetadataAsInstance(
  db: Db,
  userId: string,
  input: unknown,
  mode: "merge" | "replace",
): Promise<void> {
  const sent = parseInput(userMetadataSchema, input);
  await db.transaction(async (tx) => {
    const current = await tx.one<{ public_metadata: unknown; private_metadata: unknown; unsafe_metadata: unknown }>(
      Prisma.sql`SELECT public_metadata, private_metadata, unsafe_metadata FROM users WHERE id = ${userId} FOR UPDATE`,
    );
    if (!current) throw notFound("user");
    const before = await userPayload(tx, userId);
    // The organization's merge rules, field by field (applyMetadata knows two fields: each goes through the first).
    const next = (field: "publicMetadata" | "privateMetadata" | "unsafeMetadata", stored: unknown) =>
      applyMetadata(
        { publicMetadata: stored as Prisma.JsonValue, privateMetadata: {} },
        { publicMetadata: sent[field] },
        mode,
      ).publicMetadata;
    const json = (value: Prisma.InputJsonObject | undefined) => (value === undefined ? null : JSON.stringify(value));
    await tx.execute(Prisma.sql`
      UPDATE users SET
        public_metadata = COALESCE(${json(next("publicMetadata", current.public_metadata))}::jsonb, public_metadata),
        private_metadata = COALESCE(${json(next("privateMetadata", current.private_metadata))}::jsonb, private_metadata),
        unsafe_metadata = COALESCE(${json(next("unsafeMetadata", current.unsafe_metadata))}::jsonb, unsafe_metadata),
        updated_at = now()
       WHERE id = ${userId}`);
    await userEvent(tx, INSTANCE, "user.updated", userId, before);
  });
}
