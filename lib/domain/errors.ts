// Typed domain errors with stable codes. Codes mirror Clerk's where Clerk has
// one, so the UI, server actions and the REST API map them the same way.
import type { z } from "zod";

export type DomainErrorCode =
  | "form_param_format_invalid"
  | "form_param_value_invalid"
  | "form_param_missing"
  | "form_param_unknown"
  | "form_identifier_exists"
  | "form_password_incorrect"
  | "too_many_requests"
  | "resource_not_found"
  | "authentication_required"
  | "missing_organization_permission"
  | "organization_minimum_permissions_needed"
  | "organization_slug_taken"
  | "organizations_limit_exceeded"
  | "already_a_member_in_organization"
  | "organization_invitation_not_unique"
  | "organization_invitation_not_pending"
  | "organization_invitation_already_accepted"
  | "organization_invitation_expired"
  | "organization_invitation_revoked"
  | "organization_invitation_wrong_account"
  | "organization_membership_quota_exceeded"
  | "email_address_not_verified"
  | "verification_expired"
  | "verification_failed"
  | "organization_role_assigned_members"
  | "organization_missing_creator_role_permissions"
  | "organization_system_permission_not_modifiable"
  | "duplicate_record"
  | "form_code_incorrect"
  | "organization_domain_common"
  | "organization_domain_already_exists"
  | "organization_domain_quota_exceeded"
  | "organization_domain_already_verified"
  | "organization_membership_request_not_pending";

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly meta: Record<string, unknown>;

  constructor(code: DomainErrorCode, message: string, meta: Record<string, unknown> = {}) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.meta = meta;
  }
}

/** The same answer for "does not exist" and "not yours", so nothing hints that it exists. */
export function notFound(what = "organization"): DomainError {
  return new DomainError("resource_not_found", `That ${what} does not exist, or you do not have access to it.`);
}

export function invalidParam(param: string, message: string): DomainError {
  return new DomainError("form_param_format_invalid", message, { paramName: param, fieldErrors: { [param]: message } });
}

/** Turns a zod failure into a form_param_format_invalid error naming the first bad field. */
export function invalidInput(error: {
  issues: Array<{ path: PropertyKey[]; message: string; code?: string; params?: Record<string, unknown> }>;
}): DomainError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    // The field's name, also inside a list of objects (["0", "email"] names "email").
    const field = String(issue.path.find((segment) => typeof segment === "string") ?? issue.path[0] ?? "form");
    fieldErrors[field] ??= issue.message;
  }
  const first = Object.entries(fieldErrors)[0];
  return new DomainError("form_param_format_invalid", first?.[1] ?? "Check the form and try again.", {
    fieldErrors,
    // A problem with the input as a whole (e.g. too many items) names no parameter.
    paramName: first?.[0] === "form" ? undefined : first?.[0],
    // A wrong type (or shape) versus a well-formed but unacceptable value; the REST API tells them apart.
    // (A refinement marks a malformed value, such as a control character in a name, with params.format.)
    issue: error.issues[0]?.code === "invalid_type" || error.issues[0]?.params?.format === true ? "format" : "value",
  });
}

/** The input as the schema reads it, or invalidInput's error naming the first bad field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** A unique-constraint violation: PostgreSQL's SQLSTATE 23505 (node-postgres), or Prisma's P2002 (tests and scripts). */
export function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === "23505" || code === "P2002";
}
