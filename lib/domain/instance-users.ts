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
import { DomainError, invalidInput } from "./errors";
import { hashPassword } from "./passwords";

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
  const created = await db.one<InstanceUserRow>(
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
