import "server-only";
import type { Permission } from "../authz";
import { db } from "../db";
import type { UserDto } from "../domain/users";
import { kickOutboxAfter } from "../email/outbox-worker";
import { runAction, runOrgAction, runUserAction, type OrgActionContext } from "./action-core";
import { failureFrom, type ActionResult, type FormState } from "./action-result";
import { getCurrentUser } from "./session";
import { headers } from "next/headers";
import { withEventContext } from "../domain/events";
import { CLIENT_ADDRESS_HEADER } from "./client-address";

/** A server action as useActionState calls it. */
export type FormAction<T = undefined> = (prev: FormState<T>, formData: FormData) => Promise<FormState<T>>;

export type ActionOptions = {
  /**
   * Form fields sent back with a refusal (a domain error, an unavailable
   * database), so the form shows what was typed. Never name a password.
   */
  echo?: readonly string[];
};

type OrgHandler<T> = (context: OrgActionContext, formData: FormData) => Promise<ActionResult<T>>;
type UserHandler<T> = (user: UserDto, formData: FormData) => Promise<ActionResult<T>>;
type PublicHandler<T> = (formData: FormData) => Promise<FormState<T>>;

// Every wrapper below: emails the action queued are delivered right after it
// (kickOutboxAfter), whether it returned, was refused or redirected.

/**
 * Wraps a server action on an organization. The required permission is a
 * mandatory argument, checked against lib/authz before the handler runs (the
 * domain checks again inside its transaction). The organization is the one the
 * form's "organizationId" field names; domain errors become form results.
 */
export function orgAction<T = undefined>(permission: Permission, handler: OrgHandler<T>): FormAction<T>;
export function orgAction<T = undefined>(
  permission: Permission,
  options: ActionOptions,
  handler: OrgHandler<T>,
): FormAction<T>;
export function orgAction<T>(
  permission: Permission,
  ...args: [OrgHandler<T>] | [ActionOptions, OrgHandler<T>]
): FormAction<T> {
  const [options, handler] = optionsAnd<OrgHandler<T>>(args);
  return async (_prev, formData) =>
    inRequest(() =>
      withSessionUser((user) =>
        runOrgAction(
          db,
          user,
          permission,
          formData.get("organizationId"),
          (context) => handler(context, formData),
          echoed(formData, options),
        ),
      ),
    );
}

/** Wraps a server action that needs only a signed-in user. */
export function userAction<T = undefined>(handler: UserHandler<T>): FormAction<T>;
export function userAction<T = undefined>(options: ActionOptions, handler: UserHandler<T>): FormAction<T>;
export function userAction<T>(...args: [UserHandler<T>] | [ActionOptions, UserHandler<T>]): FormAction<T> {
  const [options, handler] = optionsAnd<UserHandler<T>>(args);
  return async (_prev, formData) =>
    inRequest(() =>
      withSessionUser((user) =>
        runUserAction(user, (signedIn) => handler(signedIn, formData), echoed(formData, options)),
      ),
    );
}

/** Wraps a server action anyone may call: signing up or in, and the pages of emailed links. */
export function publicAction<T = undefined>(handler: PublicHandler<T>): FormAction<T>;
export function publicAction<T = undefined>(options: ActionOptions, handler: PublicHandler<T>): FormAction<T>;
export function publicAction<T>(...args: [PublicHandler<T>] | [ActionOptions, PublicHandler<T>]): FormAction<T> {
  const [options, handler] = optionsAnd<PublicHandler<T>>(args);
  return async (_prev, formData) => inRequest(() => runAction(() => handler(formData), echoed(formData, options)));
}

/**
 * Runs an action's work with what its events record about the request (the
 * client's address and browser), then kicks delivery of the emails and
 * webhooks it queued.
 */
async function inRequest<T>(work: () => Promise<T>): Promise<T> {
  const request = await headers();
  return withEventContext(
    {
      clientIp: request.get(CLIENT_ADDRESS_HEADER)?.trim() || undefined,
      userAgent: request.get("user-agent")?.slice(0, 300) || undefined,
    },
    () => kickOutboxAfter(work),
  );
}

function optionsAnd<H>(args: [H] | [ActionOptions, H]): [ActionOptions, H] {
  return args.length === 1 ? [{}, args[0]] : args;
}

/** The session's user (or null) for `run`; an unavailable database while reading it is "try again", like one in the handler. */
async function withSessionUser<T>(run: (user: UserDto | null) => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  const user = await getCurrentUser().catch(failureFrom);
  if (user && "ok" in user) return user;
  return run(user);
}

function echoed(formData: FormData, { echo }: ActionOptions): Record<string, string> | undefined {
  return echo ? Object.fromEntries(echo.map((key) => [key, field(formData, key)])) : undefined;
}

export function field(formData: FormData, key: string): string {
  const value = formData.get(key);
  return typeof value === "string" ? value : "";
}
