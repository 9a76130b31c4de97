// The framework-free core of the server-action wrappers in lib/server/actions.ts:
// given the signed-in user (or null), check the permission from lib/authz,
// run the handler, and turn domain errors into form results. Kept apart from
// next/* so tests can drive it as every kind of caller.
import { can, type Permission } from "../authz";
import { failureFrom, type ActionFailure, type ActionResult } from "./action-result";
import type { Db } from "../db";
import { notFound } from "../domain/errors";
import { ADMINS_ONLY_MESSAGE } from "../domain/access";
import { getOrganization, type MyOrganizationDto } from "../domain/organizations/organizations";

export { ADMINS_ONLY_MESSAGE };
import type { UserDto } from "../domain/users";

export type OrgActionContext = { user: UserDto; organization: MyOrganizationDto };

export const SIGNED_OUT_MESSAGE = "Your session has ended. Sign in again to continue.";

export async function runOrgAction<T>(
  db: Db,
  user: UserDto | null,
  permission: Permission,
  organizationIdOrSlug: unknown,
  handler: (context: OrgActionContext) => Promise<ActionResult<T>>,
  echo?: Record<string, string>,
): Promise<ActionResult<T>> {
  if (!user) return { ok: false, error: SIGNED_OUT_MESSAGE };
  if (typeof organizationIdOrSlug !== "string" || !organizationIdOrSlug)
    return { ok: false, error: notFound().message };
  return runAction<ActionResult<T>>(async () => {
    const organization = await getOrganization(db, user.id, organizationIdOrSlug);
    if (!can(organization.role, permission)) return { ok: false, error: ADMINS_ONLY_MESSAGE };
    return runAction(() => handler({ user, organization }), echo);
  });
}

export async function runUserAction<T>(
  user: UserDto | null,
  handler: (user: UserDto) => Promise<ActionResult<T>>,
  echo?: Record<string, string>,
): Promise<ActionResult<T>> {
  if (!user) return { ok: false, error: SIGNED_OUT_MESSAGE };
  return runAction(() => handler(user), echo);
}

/** Runs a handler, turning a refusal into a form result that carries `echo`, the fields to show again. */
export async function runAction<R>(
  handler: () => Promise<R>,
  echo?: Record<string, string>,
): Promise<R | ActionFailure> {
  try {
    return await handler();
  } catch (error) {
    return failureFrom(error, echo);
  }
}
