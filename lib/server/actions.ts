import "server-only";
import type { Permission } from "../authz";
import { failureFrom, type ActionResult, type FormState } from "./action-result";
import { runOrgAction, runUserAction, type OrgActionContext } from "./action-core";
import { db } from "../db";
import type { UserDto } from "../domain/users";
import { getCurrentUser } from "./session";

/**
 * Wraps a server action on an organization. The required permission is a
 * mandatory argument, checked against lib/authz before the handler runs (the
 * domain checks again inside its transaction). The organization comes from the
 * form's "organization" field; domain errors become form results.
 */
export function orgAction<T = undefined>(
  permission: Permission,
  handler: (context: OrgActionContext, formData: FormData) => Promise<ActionResult<T>>,
) {
  return async (_prev: FormState<T>, formData: FormData): Promise<FormState<T>> => {
    const user = await getCurrentUser().catch(failureFrom);
    if (user && "ok" in user) return user;
    return runOrgAction(db, user, permission, formData.get("organization"), (context) => handler(context, formData));
  };
}

/** Wraps a server action that needs only a signed-in user. */
export function userAction<T = undefined>(handler: (user: UserDto, formData: FormData) => Promise<ActionResult<T>>) {
  return async (_prev: FormState<T>, formData: FormData): Promise<FormState<T>> => {
    // An unavailable database while reading the session is "try again", like one in the handler.
    const user = await getCurrentUser().catch(failureFrom);
    if (user && "ok" in user) return user;
    return runUserAction(user, (signedIn) => handler(signedIn, formData));
  };
}

export function field(formData: FormData, key: string): string {
  const value = formData.get(key);
  return typeof value === "string" ? value : "";
}
