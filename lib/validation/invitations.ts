import { z } from "zod";
import { emailSchema } from "./auth";
import { metadataSchema, roleSchema } from "./organizations";
import { singleLine } from "./text";

export const MAX_INVITATIONS_PER_REQUEST = 10;

/** Addresses typed one per line or separated by commas, semicolons or spaces. */
export function splitEmails(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== "string") return [];
  return value.split(/[\s,;]+/).filter(Boolean);
}

const expiresInDaysSchema = z.coerce.number().int().min(1, "Use at least 1 day.").max(365, "Use at most 365 days.");

export const createInvitationsSchema = z.object({
  emails: z
    .array(emailSchema, { error: "Enter at least one email address." })
    .min(1, "Enter at least one email address.")
    .max(MAX_INVITATIONS_PER_REQUEST, `Invite at most ${MAX_INVITATIONS_PER_REQUEST} addresses at once.`)
    .transform((emails) => [...new Set(emails)]),
  role: roleSchema.optional(),
  expiresInDays: expiresInDaysSchema.optional(),
});

/** The REST API's invitations: each with its own role, expiry, metadata and redirect URL. */
export const invitationItemsSchema = z
  .array(
    z.object({
      email: emailSchema,
      role: roleSchema,
      expiresInDays: expiresInDaysSchema.optional(),
      publicMetadata: metadataSchema.optional(),
      privateMetadata: metadataSchema.optional(),
      redirectUrl: singleLine(
        z.url({ protocol: /^https?$/, error: "Use an http(s) URL." }).max(2048),
        "redirect_url",
      ).optional(),
    }),
  )
  .min(1, "Send at least one invitation.")
  .max(MAX_INVITATIONS_PER_REQUEST, `Send at most ${MAX_INVITATIONS_PER_REQUEST} invitations at once.`);

export const INVITATION_STATUSES = ["pending", "accepted", "revoked", "expired"] as const;
export type InvitationStatusValue = (typeof INVITATION_STATUSES)[number];

export const listInvitationsSchema = z.object({
  status: z.array(z.enum(INVITATION_STATUSES)).catch(["pending"]).default(["pending"]),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).catch(20).default(20),
});
