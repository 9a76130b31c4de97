// Users made by an application's server through the REST API (Clerk's
// createUser). The same email and password rules as sign-up; the address is
// taken as verified, as Clerk does for addresses given by the backend.
import { z } from "zod";
import type { Db } from "../db";
import { metadataSchema } from "../validation/organizations";
import { emailSchema, passwordSchema } from "../validation/auth";
import { singleLine } from "../validation/text";
import { DomainError, invalidInput, isUniqueViolation } from "./errors";
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
  try {
    // Its own (nested) transaction: inside a caller's, a unique violation rolls back to a savepoint and the caller's goes on.
    return await db.$transaction((tx) =>
      tx.user.create({
        data: {
          name,
          firstName: firstName || null,
          lastName: lastName || null,
          email,
          emailVerified: new Date(),
          passwordHash,
          externalId,
          publicMetadata,
          privateMetadata,
          unsafeMetadata,
        },
        select: instanceUserSelect,
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      // Which unique column clashed, asked of the data rather than of the driver's error text.
      const onExternalId = externalId !== undefined && (await db.user.count({ where: { externalId } })) > 0;
      throw new DomainError(
        "form_identifier_exists",
        onExternalId ? "Another user has this external_id." : "That email address is taken. Please try another.",
        { paramName: onExternalId ? "external_id" : "email_address" },
      );
    }
    throw error;
  }
}
