import { isDomainError } from "../domain/errors";
import {
  DATABASE_UNAVAILABLE_MESSAGE,
  isDatabaseUnavailable,
  reportDatabaseUnavailable,
} from "../database-unavailable";

/** What every server action returns to its form. Passwords are never echoed back in `values`. */
export type ActionFailure = {
  ok: false;
  error: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
};
export type ActionResult<T = undefined> = { ok: true; data: T; message?: string } | ActionFailure;

export type FormState<T = undefined> = ActionResult<T> | null;

/**
 * Maps a thrown domain error to a form result, and an unavailable database to
 * "try again" (the form keeps what was typed); anything else is rethrown
 * (redirects included).
 */
export function failureFrom(error: unknown, values?: Record<string, string>): ActionFailure {
  if (isDomainError(error)) {
    const fieldErrors = error.meta.fieldErrors as Record<string, string> | undefined;
    return { ok: false, error: error.message, fieldErrors, values };
  }
  if (isDatabaseUnavailable(error)) {
    reportDatabaseUnavailable("action", error);
    return { ok: false, error: DATABASE_UNAVAILABLE_MESSAGE, values };
  }
  throw error;
}
