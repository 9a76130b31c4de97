// Typed domain errors with stable codes. Codes mirror Clerk's where Clerk has
// one, so the UI, server actions and the REST API map them the same way.
export type DomainErrorCode =
  | "form_param_format_invalid"
  | "form_identifier_exists"
  | "form_password_incorrect"
  | "too_many_requests"
  | "resource_not_found"
  | "authentication_required";

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

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Prisma's unique-constraint violation, matched without importing Prisma's runtime here. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
