import { z } from "zod";
import { normalizeRoleKey } from "../authz";
import type { Prisma } from "../generated/prisma/client";
import { FORMAT, isLookupKey, isSingleLineText, jsonProblem, singleLine, singleLineMessage } from "./text";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const RESERVED_SLUGS = new Set(["new", "create", "settings", "api", "admin"]);

export const organizationNameSchema = singleLine(
  z
    .string({ error: "Enter the organization's name." })
    .trim()
    .min(1, "Enter the organization's name.")
    .max(100, "Use at most 100 characters for the name."),
  "the name",
);

export const slugSchema = z
  .string({ error: "Enter a slug." })
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters for the slug.")
  .max(48, "Use at most 48 characters for the slug.")
  .regex(SLUG_PATTERN, "Use lowercase letters, digits and single hyphens, not at the start or end.")
  .refine((slug) => !RESERVED_SLUGS.has(slug), "That slug is reserved. Choose another.");

export const logoUrlSchema = z
  .string()
  .trim()
  .max(2048, "Use at most 2048 characters for the logo URL.")
  .refine(isSingleLineText, { message: singleLineMessage("the logo URL"), params: FORMAT })
  .refine((value) => value === "" || /^https:\/\/\S+$/i.test(value), "Use an https:// address for the logo.")
  .transform((value) => (value === "" ? null : value));

export const createOrganizationSchema = z.object({
  name: organizationNameSchema,
  slug: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value : undefined))
    .pipe(slugSchema.optional()),
});
export type CreateOrganizationInput = z.input<typeof createOrganizationSchema>;

export const updateOrganizationSchema = z
  .object({ name: organizationNameSchema.optional(), slug: slugSchema.optional(), logoUrl: logoUrlSchema.optional() })
  .refine((value) => value.name !== undefined || value.slug !== undefined || value.logoUrl !== undefined, {
    message: "Nothing to update.",
    path: ["name"],
  });
export type UpdateOrganizationInput = z.input<typeof updateOrganizationSchema>;

/** An application's own data on an object: a JSON object of at most 8 KB (Clerk's limit). */
export const metadataSchema = z
  .record(z.string(), z.unknown(), { error: "Use a JSON object." })
  .superRefine((value, ctx) => {
    // Any text may be kept, except what PostgreSQL's jsonb cannot store (checked first: it also bounds the nesting).
    const problem = jsonProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, params: FORMAT });
    else if (JSON.stringify(value).length > 8192)
      ctx.addIssue({ code: "custom", message: "Keep metadata under 8 KB." });
  })
  .transform((value) => value as Prisma.InputJsonObject);

export const maxAllowedMembershipsSchema = z
  .number({ error: "Use a whole number (0 for no cap)." })
  .int("Use a whole number (0 for no cap).")
  .min(0, "Use 0 or more (0 for no cap).")
  .max(1_000_000, "Use at most 1,000,000.");

/** What the REST API (an instance secret key) may set beyond what admins set in the pages. */
export const instanceUpdateOrganizationSchema = z
  .object({
    name: organizationNameSchema.optional(),
    slug: slugSchema.optional(),
    logoUrl: logoUrlSchema.optional(),
    maxAllowedMemberships: maxAllowedMembershipsSchema.optional(),
    adminDeleteEnabled: z.boolean({ error: "Use true or false." }).optional(),
  })
  .refine((value) => Object.values(value).some((v) => v !== undefined), {
    message: "Nothing to update.",
    path: ["name"],
  });

export const instanceOrganizationSchema = z.object({
  name: organizationNameSchema,
  slug: z
    .string({ error: "Use a string for the slug." })
    .optional()
    .transform((value) => (value?.trim() ? value : undefined))
    .pipe(slugSchema.optional()),
  createdBy: z
    .string({ error: "Use a user id." })
    .refine(isLookupKey, { message: "Use a user id.", params: FORMAT })
    .optional(),
  maxAllowedMemberships: maxAllowedMembershipsSchema.optional(),
  publicMetadata: metadataSchema.optional(),
  privateMetadata: metadataSchema.optional(),
});

export const metadataUpdateSchema = z.object({
  publicMetadata: metadataSchema.nullable().optional(),
  privateMetadata: metadataSchema.nullable().optional(),
});

/**
 * A role key: org:admin, org:member or one of the instance's own (org: then lowercase letters,
 * digits and underscores); admin and basic_member are spellings of the seeded two. Whether the
 * instance has the role is checked in the transaction that assigns it.
 */
export const roleSchema = z
  .string({ error: "Choose a role, e.g. org:admin or org:member." })
  .trim()
  .transform(normalizeRoleKey)
  .pipe(z.string().regex(/^org:[a-z0-9_]{1,60}$/, "Choose a role, e.g. org:admin or org:member."));

export const MEMBER_SORTS = ["name", "email", "joined", "role"] as const;
export const listMembersSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).catch(20).default(20),
  query: z.string().trim().max(100).refine(isSingleLineText).catch("").default(""),
  sort: z.enum(MEMBER_SORTS).catch("joined").default("joined"),
  direction: z.enum(["asc", "desc"]).catch("asc").default("asc"),
});
export type ListMembersInput = z.input<typeof listMembersSchema>;

/** A slug made from a name: "Acme, Inc." -> "acme-inc". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  if (slug.length < 2 || RESERVED_SLUGS.has(slug)) return `org-${slug || "team"}`.slice(0, 40).replace(/-+$/g, "");
  return slug;
}
